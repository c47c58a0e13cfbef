//! Writing publish targets into `quire.toml` from the window's Settings: one
//! `[publish.NAME]` table set or removed, every other line of the file (settings,
//! comments, other tools' keys) kept as it was.

use std::path::Path;

use quire_core::settings::FOLDER_SETTINGS_FILE;
use toml_edit::{value, DocumentMut, Item, Table};

use crate::target::{check, Kind, Target, DEFAULT_BRANCH};
use crate::{Error, Result};

/// Sets `target` as `[publish.NAME]` in the content folder `root`'s `quire.toml`,
/// replacing a target of that name (made if the file is missing). Checked first, as it
/// would be read.
pub fn save(root: &Path, target: &Target) -> Result<()> {
    check_name(&target.name)?;
    check(target)?;
    let mut doc = read(root)?;
    let publish = doc
        .entry("publish")
        .or_insert_with(|| {
            let mut t = Table::new();
            // Only `[publish.NAME]` headers, no empty `[publish]` above them.
            t.set_implicit(true);
            Item::Table(t)
        })
        .as_table_mut()
        .ok_or_else(|| bad(&target.name, "`publish` in quire.toml is not a table"))?;
    let mut table = Table::new();
    match &target.kind {
        Kind::Git {
            url,
            branch,
            domain,
            replace_history,
        } => {
            table["git"] = value(url.as_str());
            if branch != DEFAULT_BRANCH {
                table["branch"] = value(branch.as_str());
            }
            if let Some(d) = domain {
                table["domain"] = value(d.as_str());
            }
            if *replace_history {
                table["replace_history"] = value(true);
            }
        }
        Kind::Ssh { destination } => table["ssh"] = value(destination.as_str()),
        Kind::Folder { dir } => table["folder"] = value(dir.to_string_lossy().as_ref()),
    }
    if let Some(export) = &target.export {
        table["export"] = value(export.to_string_lossy().as_ref());
    }
    publish.insert(&target.name, Item::Table(table));
    write(root, &doc)
}

/// Removes `[publish.NAME]` from `quire.toml`; nothing if there is none.
pub fn remove(root: &Path, name: &str) -> Result<()> {
    let mut doc = read(root)?;
    let Some(publish) = doc.get_mut("publish").and_then(Item::as_table_mut) else {
        return Ok(());
    };
    if publish.remove(name).is_none() {
        return Ok(());
    }
    if publish.is_empty() {
        doc.remove("publish");
    }
    write(root, &doc)
}

/// A name the library, the command line and a TOML header all take as it is.
fn check_name(name: &str) -> Result<()> {
    let ok = !name.is_empty()
        && name.len() <= 40
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    match ok {
        true => Ok(()),
        false => Err(bad(
            name,
            "a target's name is letters, digits, - and _ (like pages or my-server)",
        )),
    }
}

fn bad(name: &str, reason: &str) -> Error {
    Error::BadTarget {
        name: name.to_string(),
        reason: reason.to_string(),
    }
}

fn read(root: &Path) -> Result<DocumentMut> {
    let path = root.join(FOLDER_SETTINGS_FILE);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(Error::io("read", path)(e)),
    };
    text.parse::<DocumentMut>().map_err(|e| {
        bad(
            FOLDER_SETTINGS_FILE,
            &format!("it does not parse: {}", e.message()),
        )
    })
}

/// Written whole (a temp file renamed over it): the watcher and git see the old file or
/// the new one, never half of it.
fn write(root: &Path, doc: &DocumentMut) -> Result<()> {
    let path = root.join(FOLDER_SETTINGS_FILE);
    let temp = root.join(format!(".{FOLDER_SETTINGS_FILE}.quire-part"));
    std::fs::write(&temp, doc.to_string()).map_err(Error::io("write", &temp))?;
    std::fs::rename(&temp, &path).map_err(Error::io("write", &path))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::target::configured;

    fn git(name: &str, url: &str) -> Target {
        Target {
            name: name.into(),
            kind: Kind::Git {
                url: url.into(),
                branch: DEFAULT_BRANCH.into(),
                domain: Some("blog.example.org".into()),
                replace_history: false,
            },
            export: None,
        }
    }

    #[test]
    fn a_target_is_set_and_removed_and_the_rest_of_the_file_kept() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let before = "# My blog\ntitle = \"Notes\" # the site's name\n\n[extra]\nzola = true\n";
        std::fs::write(dir.path().join(FOLDER_SETTINGS_FILE), before).expect("written");

        save(dir.path(), &git("pages", "git@github.com:me/site.git")).expect("saved");
        let server = Target {
            name: "server".into(),
            kind: Kind::Ssh {
                destination: "me@host:/var/www".into(),
            },
            export: None,
        };
        save(dir.path(), &server).expect("saved");
        save(dir.path(), &git("pages", "file:///srv/site.git")).expect("replaced");
        let text = std::fs::read_to_string(dir.path().join(FOLDER_SETTINGS_FILE)).expect("read");
        assert!(text.starts_with(before), "{text}");
        assert!(!text.contains("[publish]\n"), "{text}");
        let targets = configured(dir.path()).expect("read back");
        assert_eq!(targets, vec![git("pages", "file:///srv/site.git"), server]);

        remove(dir.path(), "pages").expect("removed");
        remove(dir.path(), "server").expect("removed");
        remove(dir.path(), "never-was").expect("nothing to remove");
        let text = std::fs::read_to_string(dir.path().join(FOLDER_SETTINGS_FILE)).expect("read");
        assert_eq!(text, before);
    }

    #[test]
    fn bad_names_and_targets_are_refused_and_nothing_is_written() {
        let dir = tempfile::tempdir().expect("a temp dir");
        for name in ["", "two words", "a.b", "ü"] {
            let e = save(dir.path(), &git(name, "file:///x")).expect_err(name);
            assert_eq!(e.code(), "publish_target");
        }
        let e = save(dir.path(), &git("pages", "https://me:secret@x.org/r.git"))
            .expect_err("a password");
        assert!(!e.to_string().contains("secret"));
        assert!(!dir.path().join(FOLDER_SETTINGS_FILE).exists());
    }
}

//! The spell checker's languages: which dictionaries the system has, and which the author
//! chose. The checking itself is the webview's (WebKitGTK through Enchant, which reads
//! the same Hunspell dictionaries); this module only decides what to ask it for.

use std::path::PathBuf;

use serde::Serialize;
use ts_rs::TS;

use crate::blog::Blog;
use crate::library::Library;
use crate::{Error, Result};

/// Where Debian, Fedora and Arch put Hunspell dictionaries (`en_US.dic` beside
/// `en_US.aff`), and the per-user folder Enchant also reads.
pub fn dictionary_dirs() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = [
        "/usr/share/hunspell",
        "/usr/share/myspell",
        "/usr/share/myspell/dicts",
    ]
    .iter()
    .map(PathBuf::from)
    .collect();
    if let Some(config) = dirs::config_dir() {
        dirs.push(config.join("enchant").join("hunspell"));
    }
    dirs
}

/// The languages with a dictionary in `dirs` (`en_US`, `de_DE`…), sorted, each once: a
/// `.dic` with its `.aff` beside it. A folder that cannot be read has none.
pub fn dictionaries(dirs: &[PathBuf]) -> Vec<String> {
    let mut found: Vec<String> = dirs
        .iter()
        .filter_map(|dir| std::fs::read_dir(dir).ok())
        .flatten()
        .filter_map(|entry| {
            let path = entry.ok()?.path();
            let lang = path.file_stem()?.to_str()?.to_string();
            let complete = path.extension()? == "dic" && path.with_extension("aff").is_file();
            (complete && is_language(&lang)).then_some(lang)
        })
        .collect();
    found.sort();
    found.dedup();
    found
}

/// A dictionary name Enchant takes: `en`, `en_US`, `pt_BR`, `ca_ES-valencia`. Anything
/// else in a dictionary folder (hyphenation patterns, `th_*` thesauri) is not a language.
fn is_language(name: &str) -> bool {
    let mut parts = name.splitn(2, '_');
    let lang = parts.next().unwrap_or("");
    (2..=3).contains(&lang.len())
        && lang.bytes().all(|b| b.is_ascii_lowercase())
        && parts.next().is_none_or(|rest| {
            !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
}

/// The spell checker's languages: what the system offers and what is on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SpellCheck {
    /// Every language with a dictionary on this system.
    pub available: Vec<String>,
    /// The languages checked; none: spell checking is off.
    pub chosen: Vec<String>,
}

/// Where the choice is kept: the library, since dictionaries belong to this machine,
/// not to the content folder another machine shares.
const KEY: &str = "spell_languages";

/// The languages to check until the author chooses: the system's own (`LANG=de_DE.UTF-8`
/// → `de_DE`, else any `de_*`), else English if there is a dictionary for it, else none.
pub fn default_choice(available: &[String], lang_env: Option<&str>) -> Vec<String> {
    let wanted = lang_env
        .and_then(|l| l.split(['.', '@']).next())
        .filter(|l| !l.is_empty() && *l != "C" && *l != "POSIX");
    let base = |l: &str| l.split('_').next().unwrap_or(l).to_string();
    let pick = wanted
        .and_then(|w| {
            available
                .iter()
                .find(|a| *a == w)
                .or_else(|| available.iter().find(|a| base(a) == base(w)))
        })
        .or_else(|| available.iter().find(|a| *a == "en_US"))
        .or_else(|| available.iter().find(|a| base(a) == "en"));
    pick.into_iter().cloned().collect()
}

/// The author's choice, or the default, among the `available` languages; a chosen
/// language whose dictionary has since gone is left out.
pub fn chosen(
    library: &Library,
    available: &[String],
    lang_env: Option<&str>,
) -> Result<Vec<String>> {
    Ok(match library.setting(KEY)? {
        Some(stored) => stored
            .split(',')
            .filter(|l| available.iter().any(|a| a == l))
            .map(str::to_string)
            .collect(),
        None => default_choice(available, lang_env),
    })
}

/// Keeps `languages` as the choice; each must be among the `available` ones.
pub fn choose(library: &Library, available: &[String], languages: &[String]) -> Result<()> {
    if let Some(unknown) = languages.iter().find(|l| !available.contains(l)) {
        return Err(Error::BadSetting {
            key: KEY.to_string(),
            value: unknown.clone(),
            expected: "a language with a dictionary on this system",
            origin: "settings".to_string(),
        });
    }
    library.set_setting(KEY, &languages.join(","))
}

impl Blog {
    /// The spell checker's languages, with the dictionaries found in `dirs`.
    pub fn spell_check(&self, dirs: &[PathBuf], lang_env: Option<&str>) -> Result<SpellCheck> {
        let available = dictionaries(dirs);
        let chosen = chosen(&self.library, &available, lang_env)?;
        Ok(SpellCheck { available, chosen })
    }

    /// Keeps `languages` as the spell checker's; answers the new state.
    pub fn choose_spelling(&self, dirs: &[PathBuf], languages: &[String]) -> Result<SpellCheck> {
        let available = dictionaries(dirs);
        choose(&self.library, &available, languages)?;
        Ok(SpellCheck {
            available,
            chosen: languages.to_vec(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir_with(files: &[&str]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for f in files {
            std::fs::write(dir.path().join(f), "").unwrap();
        }
        dir
    }

    #[test]
    fn dictionaries_need_both_files_and_a_language_name() {
        let a = dir_with(&[
            "en_US.dic",
            "en_US.aff",
            "de_DE.dic",
            "fr.dic",
            "fr.aff",
            "hyph_en_US.dic",
            "hyph_en_US.aff",
        ]);
        let b = dir_with(&["en_US.dic", "en_US.aff", "pt_BR.dic", "pt_BR.aff", "README"]);
        let found = dictionaries(&[
            a.path().to_path_buf(),
            b.path().to_path_buf(),
            PathBuf::from("/no/such/dir"),
        ]);
        assert_eq!(found, ["en_US", "fr", "pt_BR"]);
    }

    #[test]
    fn the_default_follows_the_system_language() {
        let available: Vec<String> = ["de_AT", "en_GB", "en_US", "fr_FR"]
            .map(String::from)
            .to_vec();
        assert_eq!(default_choice(&available, Some("fr_FR.UTF-8")), ["fr_FR"]);
        assert_eq!(default_choice(&available, Some("de_DE.UTF-8")), ["de_AT"]);
        assert_eq!(default_choice(&available, Some("C.UTF-8")), ["en_US"]);
        assert_eq!(default_choice(&available, None), ["en_US"]);
        assert_eq!(
            default_choice(&["nl_NL".to_string()], Some("ja_JP")),
            Vec::<String>::new()
        );
    }

    #[test]
    fn the_choice_is_kept_and_checked() {
        let dir = tempfile::tempdir().unwrap();
        let library = Library::open(&dir.path().join("lib.sqlite3")).unwrap();
        let available: Vec<String> = ["en_US", "fr_FR"].map(String::from).to_vec();
        assert_eq!(
            chosen(&library, &available, Some("fr_FR.UTF-8")).unwrap(),
            ["fr_FR"]
        );
        choose(&library, &available, &["en_US".into(), "fr_FR".into()]).unwrap();
        assert_eq!(
            chosen(&library, &available, None).unwrap(),
            ["en_US", "fr_FR"]
        );
        let err = choose(&library, &available, &["xx_XX".into()]).unwrap_err();
        assert_eq!(err.code(), "bad_setting");
        assert!(err.to_string().contains("xx_XX"), "{err}");
        // Off is a choice too, and kept.
        choose(&library, &available, &[]).unwrap();
        assert_eq!(
            chosen(&library, &available, Some("fr_FR")).unwrap(),
            Vec::<String>::new()
        );
        // A dictionary removed since is left out.
        choose(&library, &available, &["fr_FR".into()]).unwrap();
        assert_eq!(
            chosen(&library, &["en_US".to_string()], None).unwrap(),
            Vec::<String>::new()
        );
    }
}

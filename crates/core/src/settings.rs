//! The blog's settings: what the article page and a published site need, each with the
//! rule its value must follow. One table serves the settings panel, `quire settings` and
//! the content folder's `quire.toml`, so a value is checked the same way wherever it is
//! written.

use std::path::Path;

use crate::article::Site;
use crate::markup::Dialect;
use crate::{Error, Result};

/// The file at the content folder's root that carries settings with the posts (in the
/// spirit of Zola's `config.toml`), so a folder shared over git publishes the same on
/// every machine. Its values win over the library's.
pub const FOLDER_SETTINGS_FILE: &str = "quire.toml";

/// One setting: its name, what it expects (for errors), and how it lands in a [`Site`].
pub struct Setting {
    /// The name `quire settings`, the library and `quire.toml` use.
    pub key: &'static str,
    /// What a valid value looks like, in words, for the error a bad value gets.
    pub expected: &'static str,
    check: fn(&str) -> bool,
    apply: fn(&mut Site, String),
    read: fn(&Site) -> String,
}

fn any(_: &str) -> bool {
    true
}

/// `https://example.org/` or `https://example.org/blog/`; empty = not published yet.
fn base_url(v: &str) -> bool {
    if v.is_empty() {
        return true;
    }
    let Some(rest) = v
        .strip_prefix("https://")
        .or_else(|| v.strip_prefix("http://"))
    else {
        return false;
    };
    let host = rest.split('/').next().unwrap_or("");
    !host.is_empty() && !v.contains(char::is_whitespace) && !v.contains(['?', '#', '"', '<', '>'])
}

/// A BCP 47 tag in the shape browsers accept: `en`, `pt-BR`, `zh-Hant-TW`.
fn lang(v: &str) -> bool {
    let mut parts = v.split('-');
    let first = parts.next().unwrap_or("");
    (2..=3).contains(&first.len())
        && first.chars().all(|c| c.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// A path inside the content folder or a web address, as post avatars are written.
fn avatar(v: &str) -> bool {
    v.is_empty() || crate::markdown::AssetLinks::default().url(v).is_some()
}

/// A whole number within `range`.
fn whole(v: &str, range: std::ops::RangeInclusive<u32>) -> bool {
    v.parse::<u32>().is_ok_and(|n| range.contains(&n))
}

/// A folder name inside the content folder.
fn theme(v: &str) -> bool {
    v.is_empty()
        || (!v.starts_with(['/', '\\'])
            && !v.contains(':')
            && v.split(['/', '\\'])
                .all(|p| !p.is_empty() && p != ".." && p != "."))
}

/// A setting held in a whole-number field of [`Site`], within a range.
macro_rules! whole_setting {
    ($key:literal, $field:ident, $range:expr, $expected:literal) => {
        Setting {
            key: $key,
            expected: $expected,
            check: |v| whole(v, $range),
            // Checked first, so the parse cannot fail.
            apply: |s, v| s.$field = v.parse().unwrap_or(s.$field),
            read: |s| s.$field.to_string(),
        }
    };
}

/// Every setting an author may change, in the order they are shown.
pub const SETTINGS: &[Setting] = &[
    Setting {
        key: "author",
        expected: "a name",
        check: any,
        apply: |s, v| s.author = v,
        read: |s| s.author.clone(),
    },
    Setting {
        key: "site_title",
        expected: "a title",
        check: any,
        apply: |s, v| s.title = v,
        read: |s| s.title.clone(),
    },
    Setting {
        key: "footer",
        expected: "a line of text",
        check: any,
        apply: |s, v| s.footer = v,
        read: |s| s.footer.clone(),
    },
    Setting {
        key: "description",
        expected: "a sentence about the blog",
        check: any,
        apply: |s, v| s.description = v,
        read: |s| s.description.clone(),
    },
    Setting {
        key: "base_url",
        expected: "the address the site is published at, like https://example.org/ or https://example.org/blog/",
        check: base_url,
        apply: |s, v| {
            s.base_url = if v.is_empty() || v.ends_with('/') {
                v
            } else {
                format!("{v}/")
            }
        },
        read: |s| s.base_url.clone(),
    },
    Setting {
        key: "lang",
        expected: "a language tag like en, fr or zh-Hant",
        check: lang,
        apply: |s, v| s.lang = v,
        read: |s| s.lang.clone(),
    },
    whole_setting!("per_page", per_page, 1..=100, "a whole number of posts from 1 to 100"),
    Setting {
        key: "avatar",
        expected: "an image path inside the content folder (like assets/me.png) or an https:// address",
        check: avatar,
        apply: |s, v| s.avatar = v,
        read: |s| s.avatar.clone(),
    },
    Setting {
        key: "theme",
        expected: "a folder inside the content folder, like theme",
        check: theme,
        apply: |s, v| s.theme = v,
        read: |s| s.theme.clone(),
    },
    whole_setting!(
        "words_per_minute",
        words_per_minute,
        50..=1000,
        "a reading rate from 50 to 1000 words a minute"
    ),
    whole_setting!(
        "cjk_per_minute",
        cjk_per_minute,
        50..=2000,
        "a reading rate from 50 to 2000 characters a minute"
    ),
    Setting {
        key: "dialect",
        expected: "auto, quire, hugo, jekyll or zola",
        check: |v| v.is_empty() || v.eq_ignore_ascii_case("auto") || Dialect::parse(v).is_some(),
        apply: |s, v| {
            s.dialect = match Dialect::parse(&v) {
                Some(d) => d.as_str().to_string(),
                None => "auto".to_string(),
            }
        },
        read: |s| s.dialect.clone(),
    },
    whole_setting!(
        "image_limit_mb",
        image_limit_mb,
        1..=500,
        "a size from 1 to 500 megabytes"
    ),
];

/// The setting named `key`.
pub fn find(key: &str) -> Result<&'static Setting> {
    SETTINGS
        .iter()
        .find(|s| s.key == key)
        .ok_or_else(|| Error::UnknownSetting {
            key: key.to_string(),
        })
}

/// `value`, trimmed, if it is valid for `key`; else an error naming the setting, the value
/// and what it expects. `origin` says where the value was written (`quire.toml`).
pub fn check(key: &str, value: &str, origin: &str) -> Result<String> {
    let setting = find(key)?;
    let value = value.trim();
    if (setting.check)(value) {
        Ok(value.to_string())
    } else {
        Err(Error::BadSetting {
            key: key.to_string(),
            value: value.to_string(),
            expected: setting.expected,
            origin: origin.to_string(),
        })
    }
}

/// Sets `key` on `site` from a value already [`check`]ed.
pub fn apply(site: &mut Site, key: &str, value: String) -> Result<()> {
    (find(key)?.apply)(site, value);
    Ok(())
}

/// Every setting of `site` as `(key, value)`, in [`SETTINGS`] order.
pub fn list(site: &Site) -> Vec<(&'static str, String)> {
    SETTINGS.iter().map(|s| (s.key, (s.read)(site))).collect()
}

/// The settings in the content folder's `quire.toml`, checked; none if there is no such
/// file. `title` is read as `site_title` and `default_language` as `lang`, as Zola names them.
pub fn read_folder_file(root: &Path) -> Result<Vec<(&'static str, String)>> {
    let path = root.join(FOLDER_SETTINGS_FILE);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => return Err(Error::Io { path, source }),
    };
    let table: toml::Table = text
        .parse()
        .map_err(|e: toml::de::Error| Error::BadSetting {
            key: String::new(),
            value: String::new(),
            expected: "TOML `key = \"value\"` lines",
            origin: format!("{FOLDER_SETTINGS_FILE}: {}", e.message()),
        })?;
    let mut out = Vec::new();
    for (key, value) in &table {
        let key = match key.as_str() {
            "title" => "site_title",
            "default_language" => "lang",
            k => k,
        };
        let Ok(setting) = find(key) else {
            // Other tools' keys (Zola's `build_search_index`, say) are theirs to read.
            continue;
        };
        let text = match value {
            toml::Value::String(s) => s.clone(),
            toml::Value::Integer(i) => i.to_string(),
            _ => String::new(),
        };
        out.push((setting.key, check(key, &text, FOLDER_SETTINGS_FILE)?));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_values_name_the_setting_and_what_it_expects() {
        let e = check("base_url", "example.org", "settings").unwrap_err();
        assert_eq!(e.code(), "bad_setting");
        let m = e.to_string();
        assert!(
            m.contains("base_url") && m.contains("https://example.org/"),
            "{m}"
        );
        assert!(check("per_page", "0", "settings").is_err());
        assert!(check("per_page", "ten", "settings").is_err());
        assert!(check("lang", "english language", "settings").is_err());
        assert!(check("avatar", "../me.png", "settings").is_err());
        assert!(check("theme", "../themes", "settings").is_err());
        assert_eq!(
            check("nope", "x", "settings").unwrap_err().code(),
            "unknown_setting"
        );
    }

    #[test]
    fn good_values_pass_trimmed() {
        assert_eq!(
            check("base_url", " https://ex.org/blog ", "s").unwrap(),
            "https://ex.org/blog"
        );
        assert_eq!(check("lang", "zh-Hant-TW", "s").unwrap(), "zh-Hant-TW");
        assert_eq!(check("per_page", "25", "s").unwrap(), "25");
        let mut site = Site::default();
        apply(&mut site, "base_url", "https://ex.org/blog".into()).unwrap();
        assert_eq!(site.base_url, "https://ex.org/blog/");
    }

    #[test]
    fn folder_file_uses_zola_names_and_is_checked() {
        let dir = tempfile::tempdir().unwrap();
        assert!(read_folder_file(dir.path()).unwrap().is_empty());
        std::fs::write(
            dir.path().join(FOLDER_SETTINGS_FILE),
            "title = \"Field Notes\"\nbase_url = \"https://ex.org\"\nper_page = 5\nbuild_search_index = true\n",
        )
        .unwrap();
        let got = read_folder_file(dir.path()).unwrap();
        assert!(
            got.contains(&("site_title", "Field Notes".to_string())),
            "{got:?}"
        );
        assert!(got.contains(&("per_page", "5".to_string())), "{got:?}");
        std::fs::write(dir.path().join(FOLDER_SETTINGS_FILE), "per_page = 1000\n").unwrap();
        let e = read_folder_file(dir.path()).unwrap_err().to_string();
        assert!(e.contains("quire.toml") && e.contains("per_page"), "{e}");
    }
}

//! Front matter: YAML between `---` lines or TOML between `+++` lines, as Hugo, Zola and
//! Jekyll write it.
//!
//! Quire never re-serialises front matter. The editor holds the whole file, so keys Quire
//! does not know survive byte for byte; this module reads the fields the article page
//! needs, and [`edit`] rewrites one key's lines at a time.

use serde::Serialize;
use ts_rs::TS;

use crate::{Error, Result};

pub mod edit;
mod entries;
mod plain;

/// The language of a front matter block, told by its fences.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// YAML between `---` lines (Jekyll, Hugo).
    Yaml,
    /// TOML between `+++` lines (Hugo, Zola).
    Toml,
}

/// A document cut into its front matter and its Markdown body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Split<'a> {
    /// `None` when the text has no front matter: then all of it is body.
    pub format: Option<Format>,
    /// The text between the fences, without them.
    pub front: &'a str,
    /// Everything after the closing fence's line.
    pub body: &'a str,
}

/// Where a post is in its life, from its front matter's `status` (or Hugo's `draft`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Still being written (`status: draft`, Hugo's and Zola's `draft: true`, Jekyll's
    /// `published: false` or `_drafts/` folder).
    Draft,
    /// Out for readers: `published`, `publish`, and also what a post that says nothing is,
    /// as Hugo, Zola and Jekyll all publish it. Quire's own new posts say `status: draft`.
    #[default]
    Published,
    /// Written and waiting to go out.
    Scheduled,
}

impl Status {
    /// The name as front matter writes it and the library stores it.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Published => "published",
            Status::Scheduled => "scheduled",
        }
    }

    /// Reads a `status` value, ignoring case and surrounding space; `None` if it names none.
    pub fn parse(s: &str) -> Option<Status> {
        match s.trim().to_ascii_lowercase().as_str() {
            "draft" => Some(Status::Draft),
            "published" | "publish" => Some(Status::Published),
            "scheduled" => Some(Status::Scheduled),
            _ => None,
        }
    }
}

/// The fields of a post that Quire understands. Everything else stays in the file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
pub struct Meta {
    /// `None` when missing or blank: then the body's leading heading, or a fallback, stands in.
    pub title: Option<String>,
    /// `None` when missing or blank: the site's author stands in.
    pub author: Option<String>,
    /// The author's picture, as a path relative to the post or a web address.
    pub avatar: Option<String>,
    /// `YYYY-MM-DD` when the file's date could be read as one.
    pub date: Option<String>,
    /// A short label the article page shows above the title, like "Exclusive".
    pub label: Option<String>,
    /// From a list or a comma-separated string (or Zola's `taxonomies.tags`).
    pub tags: Vec<String>,
    /// The line under the title: `summary`, or else `description`.
    pub summary: Option<String>,
    /// A cover image's path or web address; the article page does not show it.
    pub cover: Option<String>,
    /// From `status`, else Hugo's `draft` or Jekyll's `published` flag; published when
    /// none is given, as the generators read it.
    pub status: Status,
    /// The address the post is published at, if the file chooses one (Hugo, Zola and
    /// Jekyll all read `slug`); else it is made from the file's name.
    pub slug: Option<String>,
    /// Addresses the post was once at (`/2019/03/old-slug/`), as Hugo's `aliases` and an
    /// import write them: the export leaves a page at each that sends readers on. Not a
    /// field of the window's form, which edits them as other keys.
    #[serde(skip)]
    #[ts(skip)]
    pub aliases: Vec<String>,
}

/// Cuts `text` at its front matter fences. A leading byte-order mark is skipped and CRLF
/// line ends are accepted, since files written on Windows must open as they are.
pub fn split(text: &str) -> Result<Split<'_>> {
    let text = text.strip_prefix(crate::endings::BOM).unwrap_or(text);
    let (format, fence) = if is_fence_line(text, "---") {
        (Format::Yaml, "---")
    } else if is_fence_line(text, "+++") {
        (Format::Toml, "+++")
    } else {
        return Ok(Split {
            format: None,
            front: "",
            body: text,
        });
    };
    let after_open = text.find('\n').map_or(text.len(), |i| i + 1);
    let mut pos = after_open;
    while pos < text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i + 1);
        let line = text[pos..end].trim_end_matches(['\n', '\r']);
        let closes =
            line.trim_end() == fence || (format == Format::Yaml && line.trim_end() == "...");
        if closes {
            return Ok(Split {
                format: Some(format),
                front: &text[after_open..pos],
                body: &text[end..],
            });
        }
        pos = end;
    }
    Err(Error::FrontMatter {
        reason: format!(
            "it opens with `{fence}` on the first line but no line closes it with `{fence}`"
        ),
    })
}

fn is_fence_line(text: &str, fence: &str) -> bool {
    let first = text.split('\n').next().unwrap_or("");
    first.trim_end_matches('\r').trim_end() == fence
}

/// Reads the known fields. Unknown keys are ignored here (and kept in the file).
pub fn parse(split: &Split<'_>) -> Result<Meta> {
    match split.format {
        None => Ok(Meta::default()),
        Some(Format::Yaml) => parse_yaml(split.front),
        Some(Format::Toml) => parse_toml(split.front),
    }
}

/// [`split`] then [`parse`]: the front matter's fields and the Markdown body.
pub fn read(text: &str) -> Result<(Meta, &str)> {
    let split = split(text)?;
    Ok((parse(&split)?, split.body))
}

fn parse_yaml(front: &str) -> Result<Meta> {
    if front.trim().is_empty() {
        return Ok(Meta::default());
    }
    match plain::read(front) {
        Some(fields) => meta_from_plain(&fields),
        None => parse_yaml_with_serde(front),
    }
}

fn meta_from_plain(fields: &[(&str, plain::Value)]) -> Result<Meta> {
    let field = |key: &str| fields.iter().find(|(k, _)| *k == key).map(|(_, v)| v);
    let scalar = |v: &plain::Value| match v {
        plain::Value::Text(s) => Some(s.clone()),
        plain::Value::Bool(b) => Some(b.to_string()),
        plain::Value::Null | plain::Value::List(_) => None,
    };
    let tags = match field("tags") {
        Some(plain::Value::List(items)) => items.clone(),
        Some(other) => scalar(other).map(|s| comma_list(&s)).unwrap_or_default(),
        None => Vec::new(),
    };
    let flag = |key: &str| match field(key) {
        Some(plain::Value::Bool(b)) => Some(*b),
        _ => None,
    };
    let flags = Flags {
        draft: flag("draft"),
        published: flag("published"),
    };
    let aliases = match field("aliases") {
        Some(plain::Value::List(items)) => items.clone(),
        Some(other) => scalar(other).into_iter().collect(),
        None => Vec::new(),
    };
    meta_from(|key| field(key).and_then(scalar), tags, flags, aliases)
}

fn parse_yaml_with_serde(front: &str) -> Result<Meta> {
    let value: serde_yaml::Value = serde_yaml::from_str(front).map_err(|e| Error::FrontMatter {
        reason: format!("YAML: {e}"),
    })?;
    let serde_yaml::Value::Mapping(map) = value else {
        return Err(Error::FrontMatter {
            reason: "YAML front matter must be a list of `key: value` lines".into(),
        });
    };
    let get = |key: &str| map.get(key).and_then(yaml_scalar);
    let tags = match map.get("tags") {
        Some(serde_yaml::Value::Sequence(items)) => items.iter().filter_map(yaml_scalar).collect(),
        Some(other) => yaml_scalar(other)
            .map(|s| comma_list(&s))
            .unwrap_or_default(),
        None => Vec::new(),
    };
    let flags = Flags {
        draft: map.get("draft").and_then(serde_yaml::Value::as_bool),
        published: map.get("published").and_then(serde_yaml::Value::as_bool),
    };
    let aliases = match map.get("aliases") {
        Some(serde_yaml::Value::Sequence(items)) => items.iter().filter_map(yaml_scalar).collect(),
        Some(other) => yaml_scalar(other).into_iter().collect(),
        None => Vec::new(),
    };
    meta_from(get, tags, flags, aliases)
}

pub(crate) fn yaml_scalar(v: &serde_yaml::Value) -> Option<String> {
    match v {
        serde_yaml::Value::String(s) => Some(s.clone()),
        serde_yaml::Value::Number(n) => Some(n.to_string()),
        serde_yaml::Value::Bool(b) => Some(b.to_string()),
        serde_yaml::Value::Tagged(t) => yaml_scalar(&t.value),
        _ => None,
    }
}

fn parse_toml(front: &str) -> Result<Meta> {
    let table: toml::Table = front
        .parse()
        .map_err(|e: toml::de::Error| Error::FrontMatter {
            reason: format!("TOML: {}", e.message()),
        })?;
    // Zola keeps extra fields under [extra]; accept them there too.
    let extra = table.get("extra").and_then(toml::Value::as_table);
    let lookup = |key: &str| table.get(key).or_else(|| extra.and_then(|t| t.get(key)));
    let get = |key: &str| lookup(key).and_then(toml_scalar);
    let tags = match lookup("tags").or_else(|| {
        table
            .get("taxonomies")
            .and_then(toml::Value::as_table)
            .and_then(|t| t.get("tags"))
    }) {
        Some(toml::Value::Array(items)) => items.iter().filter_map(toml_scalar).collect(),
        Some(other) => toml_scalar(other)
            .map(|s| comma_list(&s))
            .unwrap_or_default(),
        None => Vec::new(),
    };
    let flags = Flags {
        draft: table.get("draft").and_then(toml::Value::as_bool),
        published: table.get("published").and_then(toml::Value::as_bool),
    };
    let aliases = match table.get("aliases") {
        Some(toml::Value::Array(items)) => items.iter().filter_map(toml_scalar).collect(),
        Some(other) => toml_scalar(other).into_iter().collect(),
        None => Vec::new(),
    };
    meta_from(get, tags, flags, aliases)
}

pub(crate) fn toml_scalar(v: &toml::Value) -> Option<String> {
    match v {
        toml::Value::String(s) => Some(s.clone()),
        toml::Value::Integer(i) => Some(i.to_string()),
        toml::Value::Float(f) => Some(f.to_string()),
        toml::Value::Boolean(b) => Some(b.to_string()),
        toml::Value::Datetime(d) => Some(d.to_string()),
        _ => None,
    }
}

fn comma_list(s: &str) -> Vec<String> {
    s.split(',')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(String::from)
        .collect()
}

/// The generators' own ways of saying whether a post is out: Hugo's and Zola's `draft`,
/// Jekyll's `published`.
#[derive(Debug, Clone, Copy, Default)]
struct Flags {
    draft: Option<bool>,
    published: Option<bool>,
}

fn meta_from(
    get: impl Fn(&str) -> Option<String>,
    tags: Vec<String>,
    flags: Flags,
    aliases: Vec<String>,
) -> Result<Meta> {
    let nonempty = |key: &str| {
        get(key)
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
    };
    let status = match nonempty("status") {
        Some(s) => Status::parse(&s).ok_or_else(|| Error::FrontMatter {
            reason: format!("status `{s}` is not one of draft, published, scheduled"),
        })?,
        // Hugo and Zola say `draft: true`, Jekyll `published: false`; a post that says
        // nothing is out, to all three.
        None if flags.draft == Some(true) || flags.published == Some(false) => Status::Draft,
        None => Status::Published,
    };
    Ok(Meta {
        title: nonempty("title"),
        author: nonempty("author"),
        avatar: nonempty("avatar"),
        date: nonempty("date").and_then(|d| normalize_date(&d)),
        label: nonempty("label"),
        tags,
        summary: nonempty("summary").or_else(|| nonempty("description")),
        cover: nonempty("cover"),
        status,
        slug: nonempty("slug"),
        aliases,
    })
}

impl Meta {
    /// Adds what a post's place in the content folder says, as Jekyll reads it: a post
    /// under `_drafts/` is a draft, and a file named `YYYY-MM-DD-slug.md` has that date
    /// and slug unless its front matter gives them.
    pub fn place(&mut self, rel: &str) {
        let mut parts: Vec<&str> = rel.split('/').collect();
        let name = parts.pop().unwrap_or_default();
        if parts.contains(&"_drafts") {
            self.status = Status::Draft;
        }
        let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
        let (Some(day), Some(slug)) = (stem.get(..10), stem.get(11..)) else {
            return;
        };
        if stem.as_bytes()[10] != b'-' || slug.is_empty() {
            return;
        }
        let Some(day) = normalize_date(day) else {
            return;
        };
        self.date.get_or_insert(day);
        self.slug.get_or_insert_with(|| slug.to_string());
    }
}

/// Keeps the calendar day of a date or datetime (`2024-05-17T08:00:00Z` → `2024-05-17`).
fn normalize_date(d: &str) -> Option<String> {
    let day = d.get(..10)?;
    chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d")
        .ok()
        .map(|date| date.format("%Y-%m-%d").to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_fields_and_unknown_keys() {
        let text = "---\ntitle: Hello\nweight: 3\ntags: [a, b]\ndate: 2024-05-17\n---\n# Body\n";
        let (meta, body) = read(text).unwrap();
        assert_eq!(meta.title.as_deref(), Some("Hello"));
        assert_eq!(meta.tags, vec!["a", "b"]);
        assert_eq!(meta.date.as_deref(), Some("2024-05-17"));
        assert_eq!(body, "# Body\n");
    }

    #[test]
    fn toml_with_zola_extra_and_datetime() {
        let text = "+++\ntitle = \"Zola\"\ndate = 2023-01-02T10:00:00Z\n[extra]\nlabel = \"Note\"\n+++\nText";
        let (meta, body) = read(text).unwrap();
        assert_eq!(meta.title.as_deref(), Some("Zola"));
        assert_eq!(meta.label.as_deref(), Some("Note"));
        assert_eq!(meta.date.as_deref(), Some("2023-01-02"));
        assert_eq!(body, "Text");
    }

    #[test]
    fn crlf_and_bom() {
        let text = "\u{feff}---\r\ntitle: Win\r\n---\r\nBody\r\n";
        let (meta, body) = read(text).unwrap();
        assert_eq!(meta.title.as_deref(), Some("Win"));
        assert_eq!(body, "Body\r\n");
    }

    #[test]
    fn no_front_matter() {
        let (meta, body) = read("# Just text\n").unwrap();
        assert_eq!(meta, Meta::default());
        assert_eq!(body, "# Just text\n");
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        let err = read("---\ntitle: x\n\nbody").unwrap_err();
        assert_eq!(err.code(), "front_matter");
    }

    #[test]
    fn malformed_yaml_is_an_error() {
        let err = read("---\ntitle: [unclosed\n---\nbody").unwrap_err();
        assert_eq!(err.code(), "front_matter");
        assert!(err.to_string().contains("YAML"), "{err}");
    }

    #[test]
    fn hugo_draft_flag_and_bad_status() {
        let (meta, _) = read("---\ndraft: false\n---\n").unwrap();
        assert_eq!(meta.status, Status::Published);
        assert!(read("---\nstatus: maybe\n---\n").is_err());
    }

    /// As Hugo, Zola and Jekyll read them: out unless a flag says otherwise.
    #[test]
    fn the_generators_flags_decide_without_a_status() {
        for (text, status) in [
            ("---\ntitle: x\n---\n", Status::Published),
            ("no front matter\n", Status::Published),
            ("+++\ntitle = \"x\"\n+++\n", Status::Published),
            ("---\ndraft: true\n---\n", Status::Draft),
            ("+++\ndraft = true\n+++\n", Status::Draft),
            ("---\npublished: false\n---\n", Status::Draft),
            ("---\npublished: true\n---\n", Status::Published),
            ("---\ntitle: [a]\npublished: false\n---\n", Status::Draft),
            ("---\nstatus: draft\ndraft: false\n---\n", Status::Draft),
        ] {
            assert_eq!(read(text).unwrap().0.status, status, "{text}");
        }
    }

    #[test]
    fn a_jekyll_file_name_gives_date_and_slug() {
        let mut meta = Meta::default();
        meta.place("_posts/2019-03-04-first-light.md");
        assert_eq!(meta.date.as_deref(), Some("2019-03-04"));
        assert_eq!(meta.slug.as_deref(), Some("first-light"));
        assert_eq!(meta.status, Status::Published);
        let mut given = read("---\ndate: 2020-01-01\nslug: mine\n---\n").unwrap().0;
        given.place("_drafts/2019-03-04-first-light.md");
        assert_eq!(given.date.as_deref(), Some("2020-01-01"));
        assert_eq!(given.slug.as_deref(), Some("mine"));
        assert_eq!(given.status, Status::Draft);
        for plain in [
            "notes/first-light.md",
            "2019-13-04-x.md",
            "2019-03-04.md",
            "2019-03-04x.md",
        ] {
            let mut meta = Meta::default();
            meta.place(plain);
            assert_eq!((meta.date, meta.slug), (None, None), "{plain}");
        }
    }
}

//! Changing front matter fields in place, for the metadata form, renames and status
//! changes: the lines of the edited key are rewritten and nothing else, so keys Quire does
//! not know, comments, key order, quoting and line endings all stay byte for byte.
//!
//! A YAML or TOML library would parse and re-serialise the whole block, losing comments
//! and layout; authors who keep their posts in git would see every edit as a rewrite.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::entries::{toml_entries, yaml_entries};
use super::{parse, split, Format, Meta, Status};
use crate::endings::BOM;
use crate::{Error, Result};

/// What to do with one front matter key.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, TS)]
#[serde(tag = "kind", content = "value", rename_all = "lowercase")]
pub enum FieldValue {
    /// Set it to this text.
    Text(String),
    /// Set it to this list (tags).
    List(Vec<String>),
    /// Set it to true or false (Hugo's `draft`).
    Flag(bool),
    /// Take the key out.
    Remove,
}

/// One change to the front matter.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, TS)]
pub struct FieldEdit {
    /// The key, as the file writes it (`title`, `tags`, …).
    pub key: String,
    /// Its new value.
    pub value: FieldValue,
}

impl FieldEdit {
    /// Sets `key` to `text`, or takes it out if `text` is empty.
    pub fn text(key: &str, text: &str) -> FieldEdit {
        FieldEdit {
            key: key.to_string(),
            value: if text.trim().is_empty() {
                FieldValue::Remove
            } else {
                FieldValue::Text(text.trim().to_string())
            },
        }
    }
}

/// A key the metadata form does not edit, shown as the file has it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct OtherKey {
    /// The key; a key inside a TOML table is `table.key`.
    pub key: String,
    /// Its lines in the file, exactly.
    pub text: String,
}

/// The front matter as the metadata form shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct FrontForm {
    /// YAML or TOML; `None`: the post has no front matter yet (the form's first edit
    /// creates YAML).
    pub format: Option<Format>,
    /// The fields Quire knows.
    pub meta: Meta,
    /// Every other key, read-only.
    pub other: Vec<OtherKey>,
}

/// Keys the form edits (with the aliases Quire reads them under).
const KNOWN: &[&str] = &[
    "title",
    "author",
    "avatar",
    "date",
    "label",
    "tags",
    "summary",
    "description",
    "cover",
    "status",
    "draft",
    "slug",
];

/// The front matter of `text` for the metadata form.
pub fn form(text: &str) -> Result<FrontForm> {
    let s = split(text)?;
    let meta = parse(&s)?;
    let entries = match s.format {
        None => Vec::new(),
        Some(Format::Yaml) => yaml_entries(s.front).0,
        Some(Format::Toml) => toml_entries(s.front).0,
    };
    let other = entries
        .iter()
        .filter(|e| !(e.table.is_empty() && KNOWN.contains(&e.key.as_str())))
        .filter(|e| !(e.table == "extra" && KNOWN.contains(&e.key.as_str())))
        .map(|e| OtherKey {
            key: if e.table.is_empty() {
                e.key.clone()
            } else {
                format!("{}.{}", e.table, e.key)
            },
            text: s.front[e.start..e.end]
                .trim_end_matches(['\n', '\r'])
                .to_string(),
        })
        .collect();
    Ok(FrontForm {
        format: s.format,
        meta,
        other,
    })
}

/// `text` with `edits` made to its front matter, in order. A post without front matter
/// gets a YAML block. Front matter that does not parse is refused (the author fixes the
/// text first): an edit could not know where a key's lines end.
pub fn set_fields(text: &str, edits: &[FieldEdit]) -> Result<String> {
    let mut text = text.to_string();
    for edit in edits {
        text = set_field(&text, edit, true)?;
        // A layout this line-wise edit does not foresee (anchors, keys all indented) must
        // never turn into front matter that no longer reads: refuse instead.
        if let Err(e) = super::read(&text) {
            return Err(Error::FrontMatter {
                reason: format!(
                    "changing `{}` here would break the front matter ({e}); edit it in the text",
                    edit.key
                ),
            });
        }
    }
    Ok(text)
}

fn set_field(text: &str, edit: &FieldEdit, hugo: bool) -> Result<String> {
    let s = split(text)?;
    parse(&s)?;
    // The file's own ending, as a save gives new lines; but the front matter is read
    // line by line on `\n`, so a classic Mac file's new lines here end in `\n` (and a
    // save through the editor makes them `\r` again).
    let eol = match crate::endings::dominant_of(text) {
        "\r" => "\n",
        eol => eol,
    };
    let Some(format) = s.format else {
        let Some(line) = render(Format::Yaml, &edit.key, &edit.value, None, eol) else {
            return Ok(text.to_string());
        };
        let rest = text.strip_prefix(BOM).unwrap_or(text);
        let bom = &text[..text.len() - rest.len()];
        return Ok(format!("{bom}---{eol}{line}---{eol}{rest}"));
    };
    let front_start = s.front.as_ptr() as usize - text.as_ptr() as usize;
    let (entries, top_end) = match format {
        Format::Yaml => yaml_entries(s.front),
        Format::Toml => toml_entries(s.front),
    };
    let find = |table: &str, key: &str| entries.iter().find(|e| e.table == table && e.key == key);
    // Where Quire reads the key, it writes it: Zola's `[extra]`, `[taxonomies] tags`,
    // `description` for a summary.
    // Hugo and Zola posts say `draft: true|false` rather than `status`: keep their way.
    if let (true, "status", FieldValue::Text(t), None, Some(_)) = (
        hugo,
        edit.key.as_str(),
        &edit.value,
        find("", "status"),
        find("", "draft"),
    ) {
        let status = Status::parse(t);
        let flag = FieldEdit {
            key: "draft".into(),
            value: FieldValue::Flag(status == Some(Status::Draft)),
        };
        let flagged = set_field(text, &flag, false)?;
        return match status {
            // Hugo has no word for "scheduled": the status key says it beside the flag.
            Some(Status::Scheduled) => set_field(&flagged, edit, false),
            _ => Ok(flagged),
        };
    }
    // Jekyll posts say `published: false` for a draft: keep theirs too.
    if let (true, "status", FieldValue::Text(t), None, Some(_)) = (
        hugo,
        edit.key.as_str(),
        &edit.value,
        find("", "status"),
        find("", "published"),
    ) {
        let status = Status::parse(t);
        let flag = FieldEdit {
            key: "published".into(),
            value: FieldValue::Flag(status != Some(Status::Draft)),
        };
        let flagged = set_field(text, &flag, false)?;
        return match status {
            Some(Status::Scheduled) => set_field(&flagged, edit, false),
            _ => Ok(flagged),
        };
    }
    let found = find("", &edit.key)
        .or_else(|| find("extra", &edit.key))
        .or_else(|| {
            (edit.key == "tags")
                .then(|| find("taxonomies", "tags"))
                .flatten()
        })
        .or_else(|| {
            (edit.key == "summary")
                .then(|| find("", "description"))
                .flatten()
        });
    let (start, end, old, key) = match found {
        Some(e) => (
            e.start,
            e.end,
            Some(&s.front[e.start..e.end]),
            e.key.as_str(),
        ),
        None => (top_end, top_end, None, edit.key.as_str()),
    };
    let mut lines = render(format, key, &edit.value, old, eol).unwrap_or_default();
    if let (Format::Yaml, Some(old)) = (format, old) {
        // The author's comments among the old value's lines stay, after the new value.
        for comment in old
            .split_inclusive('\n')
            .skip(1)
            .filter(|l| l.starts_with('#'))
        {
            lines.push_str(comment);
        }
    }
    if old.is_none() && start > 0 && !s.front[..start].ends_with('\n') {
        lines.insert_str(0, eol);
    }
    let mut out = String::with_capacity(text.len() + lines.len());
    out.push_str(&text[..front_start + start]);
    out.push_str(&lines);
    out.push_str(&text[front_start + end..]);
    Ok(out)
}

/// The lines of `key` set to `value`, or `None` to remove it. `old` is the key's lines
/// now: a YAML list written one item per line stays so, a bare TOML date stays bare.
fn render(
    format: Format,
    key: &str,
    value: &FieldValue,
    old: Option<&str>,
    eol: &str,
) -> Option<String> {
    let old_value = old.map(|o| match format {
        Format::Yaml => o.split_once(':').map_or("", |(_, v)| v),
        Format::Toml => o.split_once('=').map_or("", |(_, v)| v),
    });
    Some(match (format, value) {
        (_, FieldValue::Remove) => return None,
        (Format::Yaml, FieldValue::Text(t)) => format!("{key}: {}{eol}", yaml_scalar(t, false)),
        (Format::Yaml, FieldValue::Flag(b)) => format!("{key}: {b}{eol}"),
        (Format::Yaml, FieldValue::List(items)) => {
            // Block style if the old value had its items on lines of their own.
            let block = old_value
                .and_then(|v| v.lines().skip(1).find(|l| !l.starts_with('#')))
                .filter(|l| l.trim_start().starts_with('-'))
                .map(|l| &l[..l.len() - l.trim_start().len()]);
            match block {
                Some(indent) if !items.is_empty() => {
                    let mut out = format!("{key}:{eol}");
                    for item in items {
                        out.push_str(&format!("{indent}- {}{eol}", yaml_scalar(item, false)));
                    }
                    out
                }
                _ => {
                    let items: Vec<String> = items.iter().map(|i| yaml_scalar(i, true)).collect();
                    format!("{key}: [{}]{eol}", items.join(", "))
                }
            }
        }
        (Format::Toml, FieldValue::Text(t)) => {
            let bare_date = old_value
                .is_some_and(|v| v.trim_start().starts_with(|c: char| c.is_ascii_digit()))
                && is_date(t);
            if bare_date {
                format!("{key} = {t}{eol}")
            } else {
                format!("{key} = {}{eol}", quoted(t))
            }
        }
        (Format::Toml, FieldValue::Flag(b)) => format!("{key} = {b}{eol}"),
        (Format::Toml, FieldValue::List(items)) => {
            let items: Vec<String> = items.iter().map(|i| quoted(i)).collect();
            format!("{key} = [{}]{eol}", items.join(", "))
        }
    })
}

/// A double-quoted string, any text on one line, as YAML and TOML both read it: JSON's
/// escapes are theirs too. JSON leaves DEL and the C1 controls as they are, which YAML
/// and TOML refuse: those are escaped as well.
pub fn quoted(s: &str) -> String {
    let json = serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into());
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c as u32 {
            0x7F..=0x9F => out.push_str(&format!("\\u{:04X}", c as u32)),
            _ => out.push(c),
        }
    }
    out
}

fn is_date(s: &str) -> bool {
    s.get(..10)
        .is_some_and(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").is_ok())
        && s.len() == 10
}

/// `s` as a YAML scalar: plain when YAML reads it back as the same string, else quoted.
/// In a flow list (`in_list`) commas and brackets need quotes too.
fn yaml_scalar(s: &str, in_list: bool) -> String {
    let lower = s.to_ascii_lowercase();
    let special_word = matches!(
        lower.as_str(),
        "true" | "false" | "yes" | "no" | "on" | "off" | "null" | "~" | "y" | "n"
    );
    let number = s.parse::<f64>().is_ok() || s.starts_with("0x") || s.starts_with("0o");
    let first_bad = s.starts_with([
        '-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@',
        '`', ' ',
    ]);
    let inner_bad = s.contains(": ")
        || s.contains(" #")
        || s.ends_with([':', ' '])
        || s.chars().any(char::is_control)
        || (in_list && s.contains([',', '[', ']', '{', '}']));
    if s.is_empty() || special_word || (number && !is_date(s)) || first_bad || inner_bad {
        quoted(s)
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(text: &str, key: &str, value: FieldValue) -> String {
        set_fields(
            text,
            &[FieldEdit {
                key: key.into(),
                value,
            }],
        )
        .unwrap()
    }

    fn text(s: &str) -> FieldValue {
        FieldValue::Text(s.into())
    }

    #[test]
    fn yaml_edits_touch_only_their_key() {
        let doc = "---\n# my notes\ntitle: Old  # keep?\nweight: 3 # unknown, kept\ntags:\n  - a\n  - b\nextra:\n  nested: {x: 1}\n---\nBody\n";
        let out = set(doc, "title", text("New: a title"));
        assert_eq!(
            out,
            doc.replace("title: Old  # keep?", "title: \"New: a title\"")
        );
        let out = set(
            doc,
            "tags",
            FieldValue::List(vec!["a".into(), "c d".into()]),
        );
        assert_eq!(out, doc.replace("  - a\n  - b\n", "  - a\n  - c d\n"));
        let out = set(doc, "weight", FieldValue::Remove);
        assert_eq!(out, doc.replace("weight: 3 # unknown, kept\n", ""));
        let out = set(doc, "summary", text("Short."));
        assert_eq!(out, doc.replace("---\nBody", "summary: Short.\n---\nBody"));
    }

    #[test]
    fn a_margin_comment_inside_a_list_stays_with_it() {
        let doc = "---\ntags:\n# mine\n  - a\n# after\ntitle: T\n---\n";
        let out = set(doc, "tags", FieldValue::List(vec!["x".into()]));
        assert_eq!(out, "---\ntags:\n  - x\n# mine\n# after\ntitle: T\n---\n");
        for value in ["del\u{7f}", "c1\u{85}x"] {
            let out = set("---\ntitle: x\n---\n", "title", text(value));
            assert_eq!(
                super::super::read(&out).unwrap().0.title.as_deref(),
                Some(value)
            );
            let out = set("+++\ntitle = \"x\"\n+++\n", "title", text(value));
            assert_eq!(
                super::super::read(&out).unwrap().0.title.as_deref(),
                Some(value)
            );
        }
    }

    #[test]
    fn an_edit_that_would_break_the_front_matter_is_refused() {
        let doc = "---\ntags: &t [a]\nalso: *t\n---\n";
        let err = set_fields(doc, &[FieldEdit::text("tags", "b")]).unwrap_err();
        assert_eq!(err.code(), "front_matter");
        assert!(err.to_string().contains("`tags`"), "{err}");
    }

    #[test]
    fn crlf_and_bom_stay() {
        let doc = "\u{feff}---\r\ntitle: Win\r\nx: 1\r\n---\r\nBody\r\n";
        let out = set(doc, "title", text("Windows"));
        assert_eq!(
            out,
            "\u{feff}---\r\ntitle: Windows\r\nx: 1\r\n---\r\nBody\r\n"
        );
        let out = set(doc, "status", text("published"));
        assert_eq!(
            out,
            "\u{feff}---\r\ntitle: Win\r\nx: 1\r\nstatus: published\r\n---\r\nBody\r\n"
        );
        // New front matter takes the file's ending, as a save's new lines do (a tie goes
        // to CRLF); a classic Mac file's takes `\n`, the only one the reader splits on.
        assert_eq!(
            set("a\r\nb\n", "title", text("T")),
            "---\r\ntitle: T\r\n---\r\na\r\nb\n"
        );
        assert_eq!(set("\r", "title", text("T")), "---\ntitle: T\n---\n\r");
    }

    #[test]
    fn toml_edits_keep_tables_dates_and_arrays() {
        let doc = "+++\ntitle = \"Zola\"\ndate = 2023-01-02\ntags = [\n  \"a\",\n  \"b\",\n]\n# comment\n[extra]\nlabel = \"Note\"\n+++\nText";
        let out = set(doc, "date", text("2024-05-06"));
        assert_eq!(out, doc.replace("date = 2023-01-02", "date = 2024-05-06"));
        let out = set(doc, "tags", FieldValue::List(vec!["x".into()]));
        assert_eq!(
            out,
            doc.replace("tags = [\n  \"a\",\n  \"b\",\n]\n", "tags = [\"x\"]\n")
        );
        let out = set(doc, "label", text("Essay"));
        assert_eq!(out, doc.replace("label = \"Note\"", "label = \"Essay\""));
        // A new key goes among the top-level keys, before the first table.
        let out = set(doc, "author", text("Ann \"Q\""));
        assert_eq!(
            out,
            doc.replace(
                "# comment\n[extra]",
                "# comment\nauthor = \"Ann \\\"Q\\\"\"\n[extra]"
            )
        );
        let (meta, _) = super::super::read(&out).unwrap();
        assert_eq!(meta.author.as_deref(), Some("Ann \"Q\""));
    }

    #[test]
    fn values_read_back_as_written() {
        for value in [
            "yes",
            "3.5",
            "a: b",
            "#tag",
            "- x",
            "it's",
            "plain words",
            "東京",
            "null",
            "x #y",
        ] {
            let out = set("---\ntitle: x\n---\n", "title", text(value));
            let (meta, _) = super::super::read(&out).unwrap();
            assert_eq!(meta.title.as_deref(), Some(value), "{out}");
            let out = set("+++\ntitle = \"x\"\n+++\n", "title", text(value));
            let (meta, _) = super::super::read(&out).unwrap();
            assert_eq!(meta.title.as_deref(), Some(value), "{out}");
        }
        let tags = vec!["a, b".to_string(), "[c]".into(), "d".into()];
        let out = set(
            "---\ntags: [x]\n---\n",
            "tags",
            FieldValue::List(tags.clone()),
        );
        assert_eq!(super::super::read(&out).unwrap().0.tags, tags);
    }

    #[test]
    fn status_follows_hugo_draft_flags() {
        let doc = "---\ntitle: H\ndraft: true\n---\n";
        assert_eq!(
            set(doc, "status", text("published")),
            "---\ntitle: H\ndraft: false\n---\n"
        );
        assert_eq!(
            set(doc, "status", text("scheduled")),
            "---\ntitle: H\ndraft: false\nstatus: scheduled\n---\n"
        );
        let toml = "+++\ntitle = \"H\"\ndraft = false\n+++\n";
        assert_eq!(
            set(toml, "status", text("draft")),
            "+++\ntitle = \"H\"\ndraft = true\n+++\n"
        );
    }

    #[test]
    fn no_front_matter_gets_yaml_and_broken_is_refused() {
        assert_eq!(
            set("# Hi\n", "title", text("Hi")),
            "---\ntitle: Hi\n---\n# Hi\n"
        );
        assert_eq!(set("# Hi\n", "title", FieldValue::Remove), "# Hi\n");
        let err =
            set_fields("---\ntitle: [x\n---\n", &[FieldEdit::text("title", "y")]).unwrap_err();
        assert_eq!(err.code(), "front_matter");
    }

    #[test]
    fn the_form_lists_other_keys_as_written() {
        let doc = "---\ntitle: T\nweight: 3\nparams:\n  a: 1\n---\n";
        let f = form(doc).unwrap();
        assert_eq!(f.meta.title.as_deref(), Some("T"));
        let other: Vec<(&str, &str)> = f
            .other
            .iter()
            .map(|o| (o.key.as_str(), o.text.as_str()))
            .collect();
        assert_eq!(
            other,
            [("weight", "weight: 3"), ("params", "params:\n  a: 1")]
        );
        let f = form("+++\ntitle = \"T\"\n[extra]\nlabel = \"L\"\nmood = \"ok\"\n+++\n").unwrap();
        assert_eq!(f.other.len(), 1);
        assert_eq!(f.other[0].key, "extra.mood");
        assert_eq!(f.meta.label.as_deref(), Some("L"));
    }
}

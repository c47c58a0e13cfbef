//! The YAML front matter most posts have, read without a YAML parser: one `key: value`
//! line per field, each value plain words, a date, a quoted string, `true`/`false`, or a
//! `[a, b]` list of words.
//!
//! A scan reads every file's front matter, and serde_yaml took a third of a first scan's
//! work, most of it setting up its parser for a few short lines. Anything this does not
//! read for certain (comments, nested keys, multi-line values, numbers, escapes, anything
//! YAML would read as other than text) is `None`, and serde_yaml reads it. What this reads
//! must be what serde_yaml reads: `same_as_serde_yaml` compares the two on front matter
//! made at random of the characters that change YAML's reading.

/// A value as serde_yaml would give it, for the kinds read here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Value {
    Text(String),
    Bool(bool),
    Null,
    List(Vec<String>),
}

/// The fields of `front`, in order, if every line is one this module reads for certain.
pub(super) fn read(front: &str) -> Option<Vec<(&str, Value)>> {
    let mut fields: Vec<(&str, Value)> = Vec::new();
    for line in front.split('\n') {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.bytes().all(|b| b == b' ') {
            continue;
        }
        let (key, rest) = line.split_once(':')?;
        if !is_key(key) || fields.iter().any(|(k, _)| *k == key) {
            return None;
        }
        let value = if rest.bytes().all(|b| b == b' ') {
            Value::Null
        } else {
            // `key:value` is one plain scalar in YAML, not a field.
            value(rest.strip_prefix(' ')?.trim_matches(' '))?
        };
        fields.push((key, value));
    }
    Some(fields)
}

/// A key YAML reads as this same text: no number, boolean or null, no indicator, and
/// shorter than libyaml's limit for a key on one line (1,024 characters).
fn is_key(key: &str) -> bool {
    let mut chars = key.chars();
    key.len() <= 256
        && chars
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        && !is_reserved(key)
}

/// Words YAML (1.1 or 1.2) may read as a boolean or null rather than as text.
fn is_reserved(word: &str) -> bool {
    matches!(
        word.to_ascii_lowercase().as_str(),
        "true" | "false" | "null" | "yes" | "no" | "on" | "off" | "y" | "n"
    )
}

fn value(v: &str) -> Option<Value> {
    match v {
        "true" => return Some(Value::Bool(true)),
        "false" => return Some(Value::Bool(false)),
        _ => {}
    }
    if let Some(inner) = v.strip_prefix('[') {
        let inner = inner.strip_suffix(']')?;
        if inner.bytes().all(|b| b == b' ') {
            return Some(Value::List(Vec::new()));
        }
        return inner
            .split(',')
            .map(|item| item.trim_matches(' '))
            .map(|item| quoted(item).or_else(|| word(item, true)))
            .collect::<Option<Vec<_>>>()
            .map(Value::List);
    }
    quoted(v)
        .or_else(|| word(v, false))
        .or_else(|| date(v))
        .map(Value::Text)
}

/// `"text"` or `'text'` with no escape, quote or line break inside.
fn quoted(v: &str) -> Option<String> {
    for q in ['"', '\''] {
        if let Some(inner) = v.strip_prefix(q).and_then(|v| v.strip_suffix(q)) {
            let plain = !inner.contains([q, '\\']) && inner.chars().all(printable);
            return plain.then(|| inner.to_string());
        }
    }
    None
}

/// Plain text that starts with a letter: never a number, never an indicator. In a list
/// (`in_list`), no comma either.
fn word(v: &str, in_list: bool) -> Option<String> {
    let first = v.chars().next()?;
    let plain = first.is_alphabetic()
        && v.chars().all(|c| {
            printable(c)
                && !matches!(c, '#' | '[' | ']' | '{' | '}')
                && !(in_list && matches!(c, ',' | ':'))
        })
        && !v.contains(": ")
        && !v.ends_with(':')
        && !is_reserved(v);
    plain.then(|| v.to_string())
}

/// A date or a date and time (`2024-05-17`, `2024-05-17T08:00:00+01:00`): text to YAML
/// as serde_yaml reads it, since a number has no `-` after its fourth digit.
fn date(v: &str) -> Option<String> {
    let bytes = v.as_bytes();
    let dated = bytes.len() >= 10
        && bytes[..4].iter().all(u8::is_ascii_digit)
        && bytes[4] == b'-'
        && v.bytes().all(|b| {
            b.is_ascii_digit() || matches!(b, b'-' | b':' | b'T' | b'Z' | b'+' | b'.' | b' ')
        })
        && !v.contains(": ")
        && !v.ends_with(':');
    dated.then(|| v.to_string())
}

/// A character YAML takes as it is inside a scalar: no control character or tab, no line
/// break of YAML 1.1 (NEL, LS, PS), no byte-order mark or non-character.
fn printable(c: char) -> bool {
    !c.is_control()
        && !matches!(
            c,
            '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
        )
}

#[cfg(test)]
mod tests {
    use super::super::{meta_from_plain, parse_yaml_with_serde};
    use super::*;

    const KEYS: &[&str] = &[
        "title",
        "tags",
        "date",
        "draft",
        "status",
        "summary",
        "description",
        "author",
        "label",
        "slug",
        "cover",
        "avatar",
        "weight",
        "true",
        "No",
        "_x",
        "a-b",
        " title",
        "title ",
        "9lives",
        "ti tle",
        "tag\u{85}s",
    ];

    /// Values, and pieces of values, that change how YAML reads a line.
    const VALUES: &[&str] = &[
        "",
        " ",
        "Hello",
        "Hello world",
        "true",
        "false",
        "True",
        "FALSE",
        "null",
        "~",
        "Null",
        "yes",
        "no",
        "on",
        "draft",
        "published",
        "publish",
        "scheduled",
        "Drafted",
        "2024-05-17",
        "2024-05-17T08:00:00Z",
        "2024-13-45",
        "2024-05-17 08:00:00 +01:00",
        "2024-05-17: x",
        "2024-05-17:",
        "12",
        "0x1F",
        "1e3",
        "3.14",
        "007",
        "-5",
        "+1",
        ".inf",
        "inf",
        "nan",
        "NaN",
        "Infinity",
        "infinity",
        "\"quoted\"",
        "'single'",
        "\"with: colon\"",
        "\"#hash\"",
        "'it''s'",
        "\"esc\\n\"",
        "\"\"",
        "''",
        "\"true\"",
        "'null'",
        "\"12\"",
        "[a, b]",
        "[rust, travel, 日本]",
        "[]",
        "[ ]",
        "[a,,b]",
        "[a, ]",
        "[a, [b]]",
        "[\"x\", 'y']",
        "[a:b]",
        "[a: b]",
        "[2024]",
        "[true]",
        "[null]",
        "[Yes]",
        "[a #c]",
        "a, b, c",
        "a: b",
        "a:b",
        "a #comment",
        "a#b",
        "C# tips",
        "x:",
        "x: ",
        "日本語のタイトル",
        "Ünïcödé",
        "é",
        "-item",
        "- item",
        "? q",
        "&anchor",
        "*alias",
        "!tag",
        "|",
        ">",
        "%dir",
        "@at",
        "`tick`",
        "{a: b}",
        "a\tb",
        "a\u{2028}b",
        "a\u{85}b",
        "a\u{feff}b",
        "emoji 🎉",
        "🎉 first",
        "Ω",
        "ǅ",
        "1st",
        "x'y",
        "x\"y",
        "trailing  ",
        "  leading",
        "a  b",
        "a\u{3000}",
        "\u{a0}nbsp",
        "y",
        "N",
        "Off",
    ];

    /// A small, seeded generator: the same cases on every run.
    struct Dice(u64);
    impl Dice {
        fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            from[(self.0 % from.len() as u64) as usize]
        }
    }

    fn front(dice: &mut Dice) -> String {
        let mut out = String::new();
        let lines = 1 + dice
            .pick(&["0", "1", "2", "3", "4", "5"])
            .parse::<usize>()
            .unwrap();
        for _ in 0..lines {
            let line = match dice.pick(&["field", "field", "field", "field", "blank", "odd"]) {
                "field" => {
                    let key = dice.pick(KEYS);
                    let sep = dice.pick(&[" ", " ", " ", "", "  ", "\t"]);
                    let mut value = dice.pick(VALUES).to_string();
                    if dice.pick(&["one", "one", "two"]) == "two" {
                        value.push(' ');
                        value.push_str(dice.pick(VALUES));
                    }
                    format!("{key}:{sep}{value}")
                }
                "blank" => dice.pick(&["", "   "]).to_string(),
                _ => dice
                    .pick(&["# a comment", "  indented: x", "- item", "title", "...x"])
                    .to_string(),
            };
            out.push_str(&line);
            out.push_str(dice.pick(&["\n", "\n", "\r\n"]));
        }
        out
    }

    #[test]
    fn same_as_serde_yaml() {
        let mut dice = Dice(0x9e37_79b9_7f4a_7c15);
        let mut read_here = 0;
        for _ in 0..400_000 {
            let front = front(&mut dice);
            if front.trim().is_empty() {
                continue;
            }
            let Some(fields) = read(&front) else { continue };
            read_here += 1;
            let fast = meta_from_plain(&fields).map_err(|e| e.to_string());
            let serde = parse_yaml_with_serde(&front).map_err(|e| e.to_string());
            assert_eq!(fast, serde, "{front:?} read as {fields:?}");
        }
        // The cases must reach this reading, not only serde_yaml's.
        assert!(read_here > 10_000, "only {read_here} cases read here");
    }

    #[test]
    fn the_front_matter_posts_have_is_read_here() {
        for front in [
            "title: Notes from a long season of writing\nauthor: Ada Quill\ndate: 2026-03-14\n\
             label: Field notes\ntags: [travel, code, writing]\nsummary: A long post.\n",
            "title: \"Quire: a first look\"\ndate: 2024-05-17T08:00:00Z\ndraft: false\n",
            "title: 京都の朝\r\ntags: [\"旅\", 'food']\r\nstatus: published\r\n",
        ] {
            assert!(read(front).is_some(), "{front:?}");
        }
    }
}

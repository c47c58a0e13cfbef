//! Where each key of a front matter block is: its lines, found without a YAML or TOML
//! parser, so the editor of one key (`edit.rs`) rewrites those lines and nothing else.
//! YAML keys are top-level lines and their indented continuations; TOML keys are
//! `key = value` lines, values open across lines (arrays, inline tables, `"""` strings)
//! followed to their end, and the table each is in.

/// A key's lines in the front matter: `start..end` in bytes, line endings included.
#[derive(Debug)]
pub(super) struct Entry {
    /// The TOML table it is in; empty at the top (and always in YAML).
    pub(super) table: String,
    pub(super) key: String,
    pub(super) start: usize,
    pub(super) end: usize,
}

/// Lines of `front` with their byte offsets (`start`, `end` including the line ending).
fn lines(front: &str) -> Vec<(usize, usize, &str)> {
    let mut out = Vec::new();
    let mut pos = 0;
    while pos < front.len() {
        let end = front[pos..].find('\n').map_or(front.len(), |i| pos + i + 1);
        out.push((pos, end, &front[pos..end]));
        pos = end;
    }
    out
}

fn unquote(key: &str) -> String {
    let key = key.trim();
    key.strip_prefix('"')
        .and_then(|k| k.strip_suffix('"'))
        .or_else(|| key.strip_prefix('\'').and_then(|k| k.strip_suffix('\'')))
        .unwrap_or(key)
        .to_string()
}

/// The top-level keys of YAML front matter, and where a new key goes (the end). A key's
/// lines are its own line and the indented or `- ` lines after it (blank lines between
/// them included); comments at the margin belong to no key and are never touched.
pub(super) fn yaml_entries(front: &str) -> (Vec<Entry>, usize) {
    let lines = lines(front);
    let mut entries = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let (start, mut end, line) = lines[i];
        i += 1;
        let starts_key = line
            .chars()
            .next()
            .is_some_and(|c| !c.is_whitespace() && c != '#' && c != '-');
        let Some(colon) = line.find(':').filter(|_| starts_key) else {
            continue;
        };
        let mut j = i;
        while j < lines.len() {
            let next = lines[j].2;
            // Blank lines and margin comments belong to the key only if its value goes on
            // after them.
            if next.trim().is_empty() || next.starts_with('#') {
                j += 1;
                continue;
            }
            if next.starts_with([' ', '\t']) || next.starts_with("- ") || next.trim_end() == "-" {
                end = lines[j].1;
                j += 1;
                i = j;
            } else {
                break;
            }
        }
        entries.push(Entry {
            table: String::new(),
            key: unquote(&line[..colon]),
            start,
            end,
        });
    }
    (entries, front.len())
}

/// The keys of TOML front matter with their tables, and where a new top-level key goes
/// (before the first table). A key's value may run over several lines (arrays, `"""`).
pub(super) fn toml_entries(front: &str) -> (Vec<Entry>, usize) {
    let lines = lines(front);
    let mut entries = Vec::new();
    let mut table = String::new();
    let mut top_end = front.len();
    let mut i = 0;
    while i < lines.len() {
        let (start, mut end, line) = lines[i];
        i += 1;
        let trimmed = line.trim();
        if trimmed.starts_with('[') {
            if table.is_empty() && top_end == front.len() {
                top_end = start;
            }
            table = trimmed
                .trim_start_matches('[')
                .split(']')
                .next()
                .unwrap_or_default()
                .trim()
                .to_string();
            continue;
        }
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let Some(eq) = line.find('=') else { continue };
        let mut open = Open::default();
        open.feed(&line[eq + 1..]);
        while open.is_open() && i < lines.len() {
            open.feed(lines[i].2);
            end = lines[i].1;
            i += 1;
        }
        entries.push(Entry {
            table: table.clone(),
            key: unquote(&line[..eq]),
            start,
            end,
        });
    }
    (entries, top_end)
}

/// What of a TOML value is still open at the end of a line: brackets, a `"""`/`'''` string.
#[derive(Default)]
struct Open {
    depth: i32,
    multiline: Option<&'static str>,
}

impl Open {
    fn feed(&mut self, line: &str) {
        let mut rest = line;
        while !rest.is_empty() {
            if let Some(close) = self.multiline {
                match rest.find(close) {
                    Some(i) => {
                        rest = &rest[i + 3..];
                        self.multiline = None;
                    }
                    None => return,
                }
                continue;
            }
            if let Some(r) = rest.strip_prefix("\"\"\"") {
                self.multiline = Some("\"\"\"");
                rest = r;
                continue;
            }
            if let Some(r) = rest.strip_prefix("'''") {
                self.multiline = Some("'''");
                rest = r;
                continue;
            }
            let c = rest.chars().next().unwrap_or_default();
            rest = &rest[c.len_utf8()..];
            match c {
                '"' | '\'' => {
                    // A one-line string: skip to its end (a backslash escapes in "…").
                    let mut escaped = false;
                    let end = rest.find(|ch: char| {
                        let stop = ch == c && !escaped;
                        escaped = c == '"' && ch == '\\' && !escaped;
                        stop
                    });
                    rest = end.map_or("", |i| &rest[i + 1..]);
                }
                '[' | '{' => self.depth += 1,
                ']' | '}' => self.depth -= 1,
                '#' => return,
                _ => {}
            }
        }
    }

    fn is_open(&self) -> bool {
        self.depth > 0 || self.multiline.is_some()
    }
}

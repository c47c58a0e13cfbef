//! Text as Markdown writes it: escaped, collapsed, in code spans and link destinations.

/// Trims each line and the whole, and drops a hard break at the end, which would be a
/// stray backslash.
pub(super) fn tidy(s: &str) -> String {
    let lines: Vec<&str> = s.lines().map(|l| l.trim_matches(' ')).collect();
    let mut text = lines.join("\n").trim().to_string();
    while let Some(t) = text.strip_suffix('\\') {
        text = t.trim_end().to_string();
    }
    text
}

pub(super) fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c.is_whitespace() && c != '\u{a0}' {
            if !space {
                out.push(' ');
            }
            space = true;
        } else {
            out.push(c);
            space = false;
        }
    }
    out
}

/// Text with the characters Markdown would read as markup escaped. `line_start`: the text
/// begins a line, where `#`, `>`, `-`, `+` and `1.` would start a block.
pub(super) fn escape(text: &str, line_start: bool) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).map(|j| chars[j]);
        let next = chars.get(i + 1).copied();
        let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
        let escaped = match c {
            '\\' | '`' | '*' | '[' | ']' => true,
            // snake_case stays readable: only an underscore that could open or close.
            '_' => !(word(prev) && word(next)),
            '<' => next.is_some_and(|n| n.is_ascii_alphabetic() || matches!(n, '/' | '!' | '?')),
            _ => false,
        };
        if escaped {
            out.push('\\');
        }
        out.push(c);
    }
    if line_start {
        let starts_block = out.starts_with('#')
            || out.starts_with('>')
            || out.starts_with("- ")
            || out.starts_with("+ ")
            || out.starts_with('=')
            || numbered_start(&out);
        if starts_block {
            if let Some(at) = out.find(|c: char| !c.is_ascii_digit()) {
                out.insert(at, '\\');
            }
        }
    }
    out
}

fn numbered_start(s: &str) -> bool {
    let digits = s.chars().take_while(char::is_ascii_digit).count();
    digits > 0 && matches!(s[digits..].chars().next(), Some('.' | ')'))
}

/// `code` in backticks enough that none inside ends it.
pub(super) fn inline_code(code: &str) -> String {
    let longest = longest_run(code, '`');
    let fence = "`".repeat(longest + 1);
    let pad = if code.starts_with('`') || code.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{code}{pad}{fence}")
}

pub(super) fn longest_run(s: &str, c: char) -> usize {
    let (mut longest, mut run) = (0, 0);
    for ch in s.chars() {
        run = if ch == c { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    longest
}

/// A link's destination, in `<>` when it holds spaces or parentheses.
pub(super) fn destination(url: &str) -> String {
    if url.contains([' ', '(', ')']) {
        format!("<{}>", url.replace('>', "%3E"))
    } else {
        url.to_string()
    }
}

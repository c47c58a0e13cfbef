//! A file's own line endings, byte-order mark and last newline, kept through an edit.
//!
//! The editor works in `\n` and never shows a BOM: CodeMirror splits on every kind of
//! line break and joins with `\n`. A save that wrote the editor's text as it is would turn
//! a Windows author's CRLF file into LF, a whole-file diff in git for a two-character
//! edit. So the text goes to the editor through [`for_editor`] and back to disk through
//! [`restyle`], which gives every line the author did not touch the ending it had, and
//! new lines the file's dominant one.

use std::borrow::Cow;
use std::time::{Duration, Instant};

use similar::{capture_diff_slices_deadline, Algorithm, DiffOp};

/// The byte-order mark some Windows editors put first in a UTF-8 file.
pub const BOM: char = '\u{feff}';

/// How long [`restyle`] looks for the smallest diff of a mixed-ending file before it
/// settles for a coarser one. A coarser diff only gives more lines the dominant ending;
/// a save never waits on it for long.
const DIFF_DEADLINE: Duration = Duration::from_millis(200);

/// The text as the editor holds it: no BOM, and every line break (`\r\n`, a lone `\r`)
/// a `\n`. Borrowed when there is nothing to change, as for almost every file.
pub fn for_editor(raw: &str) -> Cow<'_, str> {
    lf_only(raw.strip_prefix(BOM).unwrap_or(raw))
}

/// [`for_editor`] of a text already owned: the same `String`, not a copy, when there is
/// nothing to change (a post's text can be megabytes).
pub fn into_editor(mut raw: String) -> String {
    if raw.contains('\r') {
        return for_editor(&raw).into_owned();
    }
    if raw.starts_with(BOM) {
        raw.drain(..BOM.len_utf8());
    }
    raw
}

/// The ending a line added to `text` takes: see [`restyle`].
pub fn dominant_of(text: &str) -> &'static str {
    dominant(&split_lines(text))
}

/// `text` with every line break a `\n`. Borrowed when there is nothing to change.
fn lf_only(text: &str) -> Cow<'_, str> {
    if !text.contains('\r') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('\r') {
        out.push_str(&rest[..at]);
        out.push('\n');
        rest = &rest[at + 1..];
        if let Some(after) = rest.strip_prefix('\n') {
            rest = after;
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// The bytes to write for `edited` (the editor's text) over a file that held `original`:
/// the original's BOM if it had one, each line the author left alone with the ending it
/// had (a line edited in place too), and new lines the file's dominant ending. Whether the
/// text ends with a newline is the editor's: that is the author's to change.
pub fn restyle<'a>(original: &str, edited: &'a str) -> Cow<'a, str> {
    // The editor's text has no BOM to strip: a U+FEFF it starts with is the author's.
    let edited = lf_only(edited);
    let bom = original.starts_with(BOM);
    let lines = split_lines(original.strip_prefix(BOM).unwrap_or(original));
    let dominant = dominant(&lines);
    let uniform = lines
        .iter()
        .all(|(_, ending)| ending.is_empty() || *ending == dominant);
    if !bom && dominant == "\n" && uniform {
        return edited;
    }
    let mut out = String::with_capacity(edited.len() + edited.len() / 16 + 3);
    if bom {
        out.push(BOM);
    }
    if uniform {
        // One ending for every line: no need to know which lines were kept.
        for (text, has_newline) in editor_lines(&edited) {
            out.push_str(text);
            if has_newline {
                out.push_str(dominant);
            }
        }
        return Cow::Owned(out);
    }
    let old: Vec<&str> = lines.iter().map(|(text, _)| *text).collect();
    let new: Vec<(&str, bool)> = editor_lines(&edited).collect();
    let new_texts: Vec<&str> = new.iter().map(|(text, _)| *text).collect();
    let deadline = Instant::now() + DIFF_DEADLINE;
    let mut kept: Vec<Option<&str>> = vec![None; new.len()];
    for op in capture_diff_slices_deadline(Algorithm::Myers, &old, &new_texts, Some(deadline)) {
        // A kept line keeps its ending; so does a line edited in place (a replaced run
        // pairs its lines in order), since the author changed its words, not its end.
        let (old_index, new_index, len) = match op {
            DiffOp::Equal {
                old_index,
                new_index,
                len,
            } => (old_index, new_index, len),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => (old_index, new_index, old_len.min(new_len)),
            DiffOp::Insert { .. } | DiffOp::Delete { .. } => continue,
        };
        for i in 0..len {
            kept[new_index + i] = Some(lines[old_index + i].1).filter(|e| !e.is_empty());
        }
    }
    let ends: Vec<&str> = new
        .iter()
        .zip(kept)
        .map(|(&(_, has_newline), kept)| match has_newline {
            true => kept.unwrap_or(dominant),
            false => "",
        })
        .collect();
    for (i, (text, _)) in new.iter().enumerate() {
        out.push_str(text);
        // A lone CR before an empty line that ends in LF would read back as one CRLF,
        // one line fewer: that CR is written as CRLF, still one line break.
        let next_reads_as_lf = new.get(i + 1).is_some_and(|(t, _)| t.is_empty())
            && ends.get(i + 1).is_some_and(|e| e.starts_with('\n'));
        out.push_str(match ends[i] {
            "\r" if next_reads_as_lf => "\r\n",
            ending => ending,
        });
    }
    Cow::Owned(out)
}

/// The lines of a raw text with their endings (`"\r\n"`, `"\n"`, `"\r"`, or `""` for a
/// last line without one).
fn split_lines(raw: &str) -> Vec<(&str, &str)> {
    let mut lines = Vec::new();
    let bytes = raw.as_bytes();
    let (mut start, mut i) = (0, 0);
    while i < bytes.len() {
        let ending = match bytes[i] {
            b'\n' => 1,
            b'\r' if bytes.get(i + 1) == Some(&b'\n') => 2,
            b'\r' => 1,
            _ => 0,
        };
        if ending > 0 {
            lines.push((&raw[start..i], &raw[i..i + ending]));
            i += ending;
            start = i;
        } else {
            i += 1;
        }
    }
    if start < raw.len() {
        lines.push((&raw[start..], ""));
    }
    lines
}

/// The editor's lines, each with whether a newline follows it.
fn editor_lines(text: &str) -> impl Iterator<Item = (&str, bool)> {
    text.split_inclusive('\n')
        .map(|line| match line.strip_suffix('\n') {
            Some(text) => (text, true),
            None => (line, false),
        })
}

/// The ending most lines have; a tie goes to CRLF, then LF: a file that has any CRLF was
/// most likely made on Windows. A file of one line gets LF.
fn dominant(lines: &[(&str, &str)]) -> &'static str {
    let count = |e: &str| lines.iter().filter(|(_, ending)| *ending == e).count();
    let (crlf, lf, cr) = (count("\r\n"), count("\n"), count("\r"));
    if crlf > 0 && crlf >= lf && crlf >= cr {
        "\r\n"
    } else if cr > lf {
        "\r"
    } else {
        "\n"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_editor_sees_lf_and_no_bom() {
        assert_eq!(for_editor("\u{feff}a\r\nb\rc\nd"), "a\nb\nc\nd");
        assert!(matches!(for_editor("a\nb\n"), Cow::Borrowed(_)));
        for raw in ["\u{feff}a\r\nb\rc\nd", "\u{feff}a\n", "a\nb", "a\r\n\r\n"] {
            assert_eq!(into_editor(raw.to_string()), for_editor(raw));
        }
        assert_eq!(for_editor("a\r\n\r\n"), "a\n\n");
    }

    #[test]
    fn an_lf_file_is_written_as_the_editor_has_it() {
        assert!(matches!(restyle("a\nb\n", "a\nB\n"), Cow::Borrowed(_)));
        assert_eq!(restyle("a\nb", "a\nb\nc"), "a\nb\nc");
    }

    #[test]
    fn crlf_and_the_bom_come_back() {
        let original = "\u{feff}one\r\ntwo\r\nthree\r\n";
        let edited = "one\ntwo, edited\nnew\nthree\n";
        assert_eq!(
            restyle(original, edited),
            "\u{feff}one\r\ntwo, edited\r\nnew\r\nthree\r\n"
        );
    }

    #[test]
    fn a_mixed_file_keeps_each_lines_ending_and_gives_new_lines_the_dominant_one() {
        let original = "a\r\nb\nc\r\nd\r\n";
        let edited = "a\nb\nnew\nc\nd\n";
        assert_eq!(restyle(original, edited), "a\r\nb\nnew\r\nc\r\nd\r\n");
    }

    #[test]
    fn the_last_newline_is_the_editors() {
        assert_eq!(restyle("a\r\nb", "a\nb!"), "a\r\nb!");
        assert_eq!(restyle("a\r\nb", "a\nb\n"), "a\r\nb\r\n");
        assert_eq!(restyle("a\r\nb\r\n", "a\nb"), "a\r\nb");
    }

    #[test]
    fn old_mac_files_keep_cr() {
        assert_eq!(restyle("a\rb\r", "a\nb\nc\n"), "a\rb\rc\r");
    }

    #[test]
    fn a_kept_cr_never_joins_the_next_lf_into_one_break() {
        // Found by the property test: "\r" then an empty line's "\n" read as one CRLF.
        assert_eq!(restyle("a\ra\n", "\n\n"), "\r\n\n");
        assert_eq!(for_editor(&restyle("a\ra\n", "\n\n")), "\n\n");
    }

    #[test]
    fn text_with_stray_crs_from_elsewhere_is_read_as_lines() {
        assert_eq!(restyle("a\r\n", "a\r\nb\r\n"), "a\r\nb\r\n");
    }
}

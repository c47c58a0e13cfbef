//! Word counts and reading time.
//!
//! Latin-script words and CJK characters are counted apart because a reader takes in a
//! whole word of English in about the time of one or two Chinese characters: counting CJK
//! text by spaces would call a 2,000-character essay a one-word post.

use serde::Serialize;

/// Words a reader of Latin scripts reads in a minute.
pub const LATIN_WPM: u32 = 230;
/// CJK characters a reader reads in a minute.
pub const CJK_CPM: u32 = 500;

/// A text's words and CJK characters, kept apart because they are read at different speeds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Runs of letters or digits outside CJK scripts.
    pub words: u64,
    /// Han, kana and hangul characters, each counted alone.
    pub cjk: u64,
    /// Characters of prose, spaces within it included (the status bar's count).
    pub chars: u64,
}

impl Counts {
    /// Adds the words and CJK characters of `text`. A word that continues across two calls
    /// (e.g. `**bold**er`) is counted twice; that is rare enough not to matter.
    pub fn add_text(&mut self, text: &str) {
        // This runs over every word of the post on every keystroke: ASCII text, the bulk
        // of most posts, takes a byte-wise path; only other scripts decode characters.
        if text.is_ascii() {
            self.chars += text.len() as u64;
            let mut in_word = false;
            for &b in text.as_bytes() {
                if b.is_ascii_alphanumeric() || (in_word && (b == b'\'' || b == b'-')) {
                    if !in_word {
                        self.words += 1;
                        in_word = true;
                    }
                } else {
                    in_word = false;
                }
            }
            return;
        }
        let mut in_word = false;
        for c in text.chars() {
            self.chars += 1;
            if is_cjk(c) {
                self.cjk += 1;
                in_word = false;
            } else if c.is_alphanumeric() || (in_word && (c == '\'' || c == '’' || c == '-')) {
                if !in_word {
                    self.words += 1;
                    in_word = true;
                }
            } else {
                in_word = false;
            }
        }
    }

    /// Both counts together: a text's counts are the sum of its blocks'.
    pub fn plus(self, other: Counts) -> Counts {
        Counts {
            words: self.words + other.words,
            cjk: self.cjk + other.cjk,
            chars: self.chars + other.chars,
        }
    }

    /// These counts without `other`'s, which they include.
    pub fn minus(self, other: Counts) -> Counts {
        Counts {
            words: self.words.saturating_sub(other.words),
            cjk: self.cjk.saturating_sub(other.cjk),
            chars: self.chars.saturating_sub(other.chars),
        }
    }

    /// What the status bar and the article call "words": CJK characters count as words.
    pub fn total(&self) -> u64 {
        self.words + self.cjk
    }

    /// Whole minutes at the usual rates ([`LATIN_WPM`], [`CJK_CPM`]).
    pub fn minutes(&self) -> u64 {
        self.minutes_at(LATIN_WPM, CJK_CPM)
    }

    /// Whole minutes at `latin_wpm` words and `cjk_cpm` CJK characters a minute (the
    /// author's settings), rounded up, never less than one for a non-empty post. A rate of
    /// zero counts as one, so a bad setting cannot divide by zero.
    pub fn minutes_at(&self, latin_wpm: u32, cjk_cpm: u32) -> u64 {
        if self.total() == 0 {
            return 0;
        }
        let (wpm, cpm) = (u64::from(latin_wpm.max(1)), u64::from(cjk_cpm.max(1)));
        // Work in characters-per-minute units to round once.
        let scaled = self.words * cpm + self.cjk * wpm;
        scaled.div_ceil(wpm * cpm).max(1)
    }
}

/// Han, kana and hangul: the scripts written without spaces between words, counted (and
/// searched) a character at a time.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF   // hiragana, katakana
        | 0x3400..=0x4DBF // CJK extension A
        | 0x4E00..=0x9FFF // CJK unified ideographs
        | 0xAC00..=0xD7AF // hangul syllables
        | 0x1100..=0x11FF | 0x3130..=0x318F // hangul jamo
        | 0x31F0..=0x31FF | 0xFF66..=0xFF9F // katakana extensions, half-width katakana
        | 0xF900..=0xFAFF // compatibility ideographs
        | 0x20000..=0x2FA1F)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(s: &str) -> Counts {
        let mut c = Counts::default();
        c.add_text(s);
        c
    }

    #[test]
    fn latin_words() {
        assert_eq!(counts("It’s a well-known fact, 42 times.").words, 6);
    }

    #[test]
    fn cjk_characters_count_one_each() {
        let c = counts("我喜欢写作。");
        assert_eq!((c.words, c.cjk), (0, 5));
    }

    #[test]
    fn mixed_scripts() {
        let c = counts("Quire 编辑器 works");
        assert_eq!((c.words, c.cjk), (2, 3));
    }

    #[test]
    fn minutes_round_up_and_mix() {
        let at = |words, cjk| Counts {
            words,
            cjk,
            chars: 0,
        };
        assert_eq!(counts("").minutes(), 0);
        assert_eq!(counts("one").minutes(), 1);
        assert_eq!(at(230, 0).minutes(), 1);
        assert_eq!(at(231, 0).minutes(), 2);
        // 115 words (half a minute) + 250 CJK characters (half a minute) = one minute.
        assert_eq!(at(115, 250).minutes(), 1);
        assert_eq!(at(0, 1500).minutes(), 3);
    }

    #[test]
    fn minutes_follow_the_authors_rates() {
        let c = counts(&"word ".repeat(600));
        assert_eq!(c.minutes_at(300, 500), 2);
        assert_eq!(c.minutes_at(100, 500), 6);
        // A rate of zero is read as one, never a division by zero.
        assert_eq!(c.minutes_at(0, 0), 600);
        let cjk = counts(&"字".repeat(900));
        assert_eq!(cjk.minutes_at(230, 300), 3);
    }

    #[test]
    fn characters_of_prose() {
        assert_eq!(counts("a b").chars, 3);
        assert_eq!(counts("日本 ok").chars, 5);
    }
}

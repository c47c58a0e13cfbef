// Words and characters in a stretch of text, by the core's rules for words
// (crates/core/src/reading.rs: CJK characters one each). A selection is counted as typed,
// Markdown marks, addresses and code included, so a whole post selected counts a little
// more than the status bar's total, which is the rendered prose's.

export interface TextCounts {
  /** Latin-script words, plus one per CJK character. */
  words: number;
  /** Unicode code points, line breaks left out. */
  chars: number;
}

/**
 * Han, kana and hangul: written without spaces between words, so each character stands
 * for a word. The same ranges as the core's `is_cjk`.
 */
export function isCjk(code: number): boolean {
  return (
    (code >= 0x3040 && code <= 0x30ff) || // hiragana, katakana
    (code >= 0x3400 && code <= 0x4dbf) || // CJK extension A
    (code >= 0x4e00 && code <= 0x9fff) || // CJK unified ideographs
    (code >= 0xac00 && code <= 0xd7af) || // hangul syllables
    (code >= 0x1100 && code <= 0x11ff) ||
    (code >= 0x3130 && code <= 0x318f) || // hangul jamo
    (code >= 0x31f0 && code <= 0x31ff) ||
    (code >= 0xff66 && code <= 0xff9f) || // katakana extensions, half-width katakana
    (code >= 0xf900 && code <= 0xfaff) || // compatibility ideographs
    (code >= 0x20000 && code <= 0x2fa1f)
  );
}

// Rust's char::is_alphanumeric: Alphabetic or Numeric (Nd, Nl, No).
const WORD_CHAR = /[\p{Alphabetic}\p{N}]/u;

export function countText(text: string): TextCounts {
  let words = 0;
  let chars = 0;
  let inWord = false;
  // By code point: an emoji or a CJK extension B character is one character, not two
  // UTF-16 halves.
  for (const c of text) {
    const code = c.codePointAt(0)!;
    if (c === "\n" || c === "\r") {
      inWord = false;
      continue;
    }
    chars++;
    if (isCjk(code)) {
      words++;
      inWord = false;
    } else if (code < 0x80 ? isAsciiAlphanumeric(code) : WORD_CHAR.test(c)) {
      if (!inWord) words++;
      inWord = true;
    } else if (!(inWord && (c === "'" || c === "’" || c === "-"))) {
      // An apostrophe or hyphen inside a word continues it: "it's", "well-known".
      inWord = false;
    }
  }
  return { words, chars };
}

function isAsciiAlphanumeric(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
}

// Words and characters of a selection, counted as the core counts a post.
import { describe, expect, it } from "vitest";
import { countText, isCjk } from "../src/counts";

describe("countText", () => {
  it("Latin words: runs of letters and digits; an apostrophe or hyphen inside goes on", () => {
    // The core's own example (reading.rs): six words.
    expect(countText("It’s a well-known fact, 42 times.").words).toBe(6);
    expect(countText("don't stop-").words).toBe(2);
    expect(countText("- a list -- item").words).toBe(3);
    expect(countText("**bold** and `code`").words).toBe(3);
  });

  it("each CJK character is a word", () => {
    expect(countText("我喜欢写作。")).toEqual({ words: 5, chars: 6 });
    expect(countText("Quire 编辑器 works").words).toBe(5);
    expect(countText("ひらがなカタカナ").words).toBe(8);
    expect(countText("한국어").words).toBe(3);
    // A CJK character ends a Latin word: "abc字def" is abc, 字, def.
    expect(countText("abc字def").words).toBe(3);
  });

  it("letters of other scripts, and accents, are word letters", () => {
    expect(countText("Café naïve Ελληνικά русский").words).toBe(4);
  });

  it("characters are code points, line breaks left out", () => {
    expect(countText("a b").chars).toBe(3);
    expect(countText("one\ntwo\r\n").chars).toBe(6);
    // An emoji is one character, not its two UTF-16 halves.
    expect(countText("🦀 crab")).toEqual({ words: 1, chars: 6 });
    // A family is five code points (three people, two joiners); none is a word.
    expect(countText("👨‍👩‍👧")).toEqual({ words: 0, chars: 5 });
    // Extension B Han: one character, one word.
    expect(countText("𠀀")).toEqual({ words: 1, chars: 1 });
  });

  it("nothing", () => {
    expect(countText("")).toEqual({ words: 0, chars: 0 });
    expect(countText("\n\n")).toEqual({ words: 0, chars: 0 });
    expect(countText(" — ")).toEqual({ words: 0, chars: 3 });
  });

  it("a line break ends a word", () => {
    expect(countText("one-\ntwo").words).toBe(2);
  });
});

describe("isCjk", () => {
  it("takes Han, kana and hangul, not Latin or punctuation", () => {
    for (const c of ["字", "か", "カ", "한", "ｶ"]) expect(isCjk(c.codePointAt(0)!), c).toBe(true);
    for (const c of ["a", "。", "é", "🦀"]) expect(isCjk(c.codePointAt(0)!), c).toBe(false);
  });
});

// @vitest-environment happy-dom
// Markdown formatting from the keyboard: each function on an editor state, with the
// selection written into the text as [ and ] (or | for a cursor), and the keys in the
// real editor.
import { EditorSelection, EditorState } from "@codemirror/state";
import { EditorView } from "@codemirror/view";
import { describe, expect, it } from "vitest";
import { createEditor } from "../src/editor";
import {
  formattingKeymap,
  insertLink,
  looksLikeUrl,
  selectedLines,
  setHeading,
  toggleList,
  toggleMark,
  type InlineMark,
} from "../src/formatting";
import type { TransactionSpec } from "@codemirror/state";

/** "a [b] c|" → the text "a b c" with b selected and a cursor at the end. */
function at(marked: string): EditorState {
  const ranges = [];
  let doc = "";
  let start: number | null = null;
  for (const c of marked) {
    if (c === "[") start = doc.length;
    else if (c === "]") {
      ranges.push(EditorSelection.range(start!, doc.length));
      start = null;
    } else if (c === "|") ranges.push(EditorSelection.cursor(doc.length));
    else doc += c;
  }
  return EditorState.create({
    doc,
    selection: EditorSelection.create(ranges),
    extensions: EditorState.allowMultipleSelections.of(true),
  });
}

/** The state after `spec`, written as `at` reads it. */
function shown(state: EditorState): string {
  let text = state.doc.toString();
  const ranges = [...state.selection.ranges].sort((a, b) => b.from - a.from);
  for (const r of ranges) {
    text = r.empty ? text.slice(0, r.from) + "|" + text.slice(r.from) : `${text.slice(0, r.from)}[${text.slice(r.from, r.to)}]${text.slice(r.to)}`;
  }
  return text;
}

const apply = (state: EditorState, f: (s: EditorState) => TransactionSpec) => shown(state.update(f(state)).state);
const mark = (marked: string, m: InlineMark) => apply(at(marked), (s) => toggleMark(s, m));

describe("bold, italic, strikethrough, inline code", () => {
  it("wrap the selection, which stays on the words", () => {
    expect(mark("a [word] b", "**")).toBe("a **[word]** b");
    expect(mark("a [word] b", "*")).toBe("a *[word]* b");
    expect(mark("a [word] b", "~~")).toBe("a ~~[word]~~ b");
    expect(mark("a [word] b", "`")).toBe("a `[word]` b");
  });

  it("unwrap words selected inside the marks", () => {
    expect(mark("a **[word]** b", "**")).toBe("a [word] b");
    expect(mark("a *[word]* b", "*")).toBe("a [word] b");
    expect(mark("a ~~[word]~~ b", "~~")).toBe("a [word] b");
    expect(mark("a `[word]` b", "`")).toBe("a [word] b");
  });

  it("unwrap words selected with their marks", () => {
    expect(mark("a [**word**] b", "**")).toBe("a [word] b");
    expect(mark("a [*word*] b", "*")).toBe("a [word] b");
  });

  it("toggle back and forth to where they started", () => {
    const once = at("x [two words] y").update(toggleMark(at("x [two words] y"), "**")).state;
    const twice = once.update(toggleMark(once, "**")).state;
    expect(shown(twice)).toBe("x [two words] y");
  });

  it("italic inside bold is added, not mistaken for bold's stars", () => {
    expect(mark("a **[word]** b", "*")).toBe("a ***[word]*** b");
    expect(mark("a ***[word]*** b", "*")).toBe("a **[word]** b");
    expect(mark("a ***[word]*** b", "**")).toBe("a *[word]* b");
    // Italic's one star is not bold.
    expect(mark("a *[word]* b", "**")).toBe("a ***[word]*** b");
  });

  it("leave out the blanks at the ends of the selection", () => {
    expect(mark("a [word ]b", "**")).toBe("a **[word]** b");
    expect(mark("a[ word] b", "*")).toBe("a *[word]* b");
  });

  it("an empty selection gets an empty pair, the cursor inside; again, and it goes", () => {
    expect(mark("a | b", "**")).toBe("a **|** b");
    expect(mark("a **|** b", "**")).toBe("a | b");
    expect(mark("a |", "`")).toBe("a `|`");
  });

  it("each of several selections", () => {
    expect(mark("[one] and [two]", "**")).toBe("**[one]** and **[two]**");
    expect(mark("[one] and |", "*")).toBe("*[one]* and *|*");
  });

  it("non-Latin text and emoji", () => {
    expect(mark("[日本語] 🦀", "**")).toBe("**[日本語]** 🦀");
    expect(mark("x [🦀] y", "~~")).toBe("x ~~[🦀]~~ y");
  });
});

describe("links", () => {
  const link = (marked: string) => apply(at(marked), insertLink);

  it("words become the link's text, the address placeholder selected to paste over", () => {
    expect(link("see [the docs] now")).toBe("see [the docs]([url]) now");
  });

  it("an address becomes the link's address, the cursor in the empty text", () => {
    expect(link("see [https://example.org/a?b=1] now")).toBe("see [|](https://example.org/a?b=1) now");
    expect(link("[www.example.org]")).toBe("[|](www.example.org)");
  });

  it("nothing selected: an empty link, the cursor in its text", () => {
    expect(link("a | b")).toBe("a [|](url) b");
  });

  it("looksLikeUrl", () => {
    expect(looksLikeUrl("https://example.org")).toBe(true);
    expect(looksLikeUrl("mailto:ada@example.org")).toBe(true);
    expect(looksLikeUrl("ftp://x.y/z")).toBe(true);
    expect(looksLikeUrl("example words")).toBe(false);
    expect(looksLikeUrl("https://a b")).toBe(false);
    expect(looksLikeUrl("note: this")).toBe(false);
  });
});

describe("headings", () => {
  const heading = (marked: string, level: number) => apply(at(marked), (s) => setHeading(s, level));

  it("set the level of the cursor's line, whatever it was", () => {
    expect(heading("Intro|\ntext", 2)).toBe("## Intro|\ntext");
    expect(heading("# Int|ro", 3)).toBe("### Int|ro");
    expect(heading("###### Intro|", 1)).toBe("# Intro|");
  });

  it("Ctrl+0 makes the line a paragraph again", () => {
    expect(heading("## Intro|", 0)).toBe("Intro|");
    expect(heading("Intro|", 0)).toBe("Intro|");
  });

  it("every selected line but the blank ones", () => {
    expect(heading("[one\n\ntwo]", 2)).toBe("## [one\n\n## two]");
  });

  it("a cursor at the start of the line goes after the marks", () => {
    expect(heading("|Intro", 1)).toBe("# |Intro");
    expect(heading("|", 1)).toBe("# |");
  });

  it("a #tag is not a heading's marks", () => {
    expect(heading("#tag|", 1)).toBe("# #tag|");
  });
});

describe("lists", () => {
  const list = (marked: string, kind: "bullet" | "numbered") => apply(at(marked), (s) => toggleList(s, kind));

  it("bullet the selected lines, and unbullet them", () => {
    expect(list("[one\ntwo]", "bullet")).toBe("- [one\n- two]");
    expect(list("- [one\n- two]", "bullet")).toBe("[one\ntwo]");
  });

  it("number the selected lines from 1, and unnumber them", () => {
    expect(list("[one\ntwo\nthree]", "numbered")).toBe("1. [one\n2. two\n3. three]");
    expect(list("1. [one\n2. two]", "numbered")).toBe("[one\ntwo]");
  });

  it("one kind becomes the other; a mixed selection becomes all of one", () => {
    expect(list("- [one\n- two]", "numbered")).toBe("1. [one\n2. two]");
    expect(list("3) [one\nplain]", "bullet")).toBe("- [one\n- plain]");
    expect(list("- [one\nplain]", "bullet")).toBe("- [one\n- plain]");
  });

  it("indents stay, blank lines are left out", () => {
    expect(list("[  one\n\n  two]", "bullet")).toBe("[  - one\n\n  - two]");
    expect(list("  one|", "bullet")).toBe("  - one|");
  });

  it("bold at the start of a line is not a bullet", () => {
    expect(list("**bold**|", "bullet")).toBe("- **bold**|");
  });

  it("a cursor on an empty line starts a list there", () => {
    expect(list("|", "numbered")).toBe("1. |");
  });
});

describe("selectedLines", () => {
  it("a selection ending at the start of a line does not take that line", () => {
    expect(selectedLines(at("[one\n]two")).map((l) => l.text)).toEqual(["one"]);
  });

  it("each line once, in order, from several selections", () => {
    expect(selectedLines(at("t|wo| and |\n[x\ny]")).map((l) => l.number)).toEqual([1, 2, 3]);
  });
});

describe("the keys in the editor", () => {
  function editorWith(text: string, selection: EditorSelection) {
    document.body.innerHTML = `<div data-testid="editor"></div>`;
    const parent = document.querySelector<HTMLElement>("[data-testid=editor]")!;
    const editor = createEditor(parent, { onChange: () => {} }, { extensions: () => formattingKeymap() });
    editor.load(text);
    const view = EditorView.findFromDOM(parent)!;
    view.dispatch({ selection });
    const press = (key: string, keyCode: number, init: KeyboardEventInit = {}) => {
      const ev = new KeyboardEvent("keydown", { key, keyCode, ctrlKey: true, bubbles: true, cancelable: true, ...init });
      view.contentDOM.dispatchEvent(ev);
      return ev;
    };
    return { editor, view, press };
  }

  it("Ctrl+I is italic, though basicSetup binds it to select the enclosing syntax", () => {
    const { editor, press } = editorWith("a word b\n", EditorSelection.single(2, 6));
    const ev = press("i", 73);
    expect(ev.defaultPrevented).toBe(true);
    expect(editor.text()).toBe("a *word* b\n");
  });

  it("Ctrl+B, Ctrl+K, Ctrl+2, Ctrl+Shift+X, Ctrl+`", () => {
    const { editor, view, press } = editorWith("a word b\n", EditorSelection.single(2, 6));
    press("b", 66);
    expect(editor.text()).toBe("a **word** b\n");
    press("X", 88, { shiftKey: true });
    expect(editor.text()).toBe("a **~~word~~** b\n");
    press("`", 192);
    expect(editor.text()).toBe("a **~~`word`~~** b\n");
    press("2", 50);
    expect(editor.text()).toBe("## a **~~`word`~~** b\n");
    press("0", 48);
    expect(editor.text()).toBe("a **~~`word`~~** b\n");
    view.dispatch({ selection: EditorSelection.single(0, 1) });
    press("k", 75);
    expect(editor.text()).toBe("[a](url) **~~`word`~~** b\n");
  });

  it("Ctrl+Shift+8 and Ctrl+Shift+7 by the digit, whatever Shift makes of it", () => {
    const { editor, press } = editorWith("one\ntwo\n", EditorSelection.single(0, 7));
    // "*" on a US keyboard, "(" on a German one: the same key, 8.
    press("*", 56, { shiftKey: true, code: "Digit8" });
    expect(editor.text()).toBe("- one\n- two\n");
    press("&", 55, { shiftKey: true, code: "Digit7" });
    expect(editor.text()).toBe("1. one\n2. two\n");
    // German Ctrl+Shift+7 types "/": a list still, not the editor's Ctrl+/ (comment).
    press("/", 55, { shiftKey: true, code: "Digit7" });
    expect(editor.text()).toBe("one\ntwo\n");
    // No code given (some synthetic events): the key code.
    press("(", 56, { shiftKey: true });
    expect(editor.text()).toBe("- one\n- two\n");
    // Without Shift, Ctrl+8 is not a list.
    press("8", 56, { code: "Digit8" });
    expect(editor.text()).toBe("- one\n- two\n");
  });

  it("a read-only text is not formatted", () => {
    const { editor, press } = editorWith("a word b\n", EditorSelection.single(2, 6));
    editor.setReadOnly(true);
    press("b", 66);
    expect(editor.text()).toBe("a word b\n");
  });
});

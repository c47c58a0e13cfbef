// @vitest-environment happy-dom
// The editor's minimal edits: the one change between two texts, applied as the author's
// own (applyText) or as from disk (reloadFromDisk).
import { ensureSyntaxTree } from "@codemirror/language";
import { EditorSelection } from "@codemirror/state";
import { EditorView } from "@codemirror/view";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  createEditor, hasRunawayBlock, hasRunawayLine, minimalChange, RUNAWAY_BLOCK, type Editor,
} from "../src/editor";

function apply(old: string, change: ReturnType<typeof minimalChange>): string {
  return change ? old.slice(0, change.from) + change.insert + old.slice(change.to) : old;
}

describe("minimalChange", () => {
  it("keeps the common start and end", () => {
    const old = "---\ntitle: Old\n---\nBody.\n";
    const text = "---\ntitle: New one\n---\nBody.\n";
    expect(minimalChange(old, text)).toEqual({ from: 11, to: 14, insert: "New one" });
  });

  it("nothing to change", () => {
    expect(minimalChange("same", "same")).toBeNull();
  });

  it("pure insertions and deletions, at either end", () => {
    expect(minimalChange("abc", "abXc")).toEqual({ from: 2, to: 2, insert: "X" });
    expect(minimalChange("abXc", "abc")).toEqual({ from: 2, to: 3, insert: "" });
    expect(minimalChange("", "abc")).toEqual({ from: 0, to: 0, insert: "abc" });
    expect(minimalChange("abc", "")).toEqual({ from: 0, to: 3, insert: "" });
    expect(minimalChange("abc", "abcd")).toEqual({ from: 3, to: 3, insert: "d" });
  });

  it("a repeated run: start and end do not overlap", () => {
    const change = minimalChange("aaa", "aaaa");
    expect(change).toEqual({ from: 3, to: 3, insert: "a" });
    expect(apply("aaa", change)).toBe("aaaa");
  });

  it("counts UTF-16 code units, as CodeMirror does", () => {
    // "é" and "—" are one unit each, "🦀" two.
    const old = "title: Café — 🦀 notes\n";
    const text = "title: Café — 🦀 crab notes\n";
    const change = minimalChange(old, text);
    expect(change).toEqual({ from: 17, to: 17, insert: "crab " });
    expect(apply(old, change)).toBe(text);
  });

  it("never cuts a surrogate pair: an emoji is replaced whole", () => {
    // 😀 is D83D DE00 and 😃 D83D DE03: they share their first unit.
    const change = minimalChange("a😀b", "a😃b");
    expect(change).toEqual({ from: 1, to: 3, insert: "😃" });
    // 𝐀 (D835 DC00) and 𐐀 (D801 DC00) share their last unit.
    const tail = minimalChange("x𝐀", "x𐐀");
    expect(tail).toEqual({ from: 1, to: 3, insert: "𐐀" });
    for (const [old, text] of [["a😀b", "a😃b"], ["x𝐀", "x𐐀"], ["🦀🦀", "🦀"], ["🦀", "🦀🦀x"]] as const) {
      const c = minimalChange(old, text)!;
      expect(apply(old, c)).toBe(text);
      expect(c.insert).not.toMatch(/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/);
    }
  });
});

describe("the editor's edits", () => {
  let editor: Editor;
  let changes: number;
  let texts: string[];

  beforeEach(() => {
    document.body.innerHTML = `<div data-testid="editor"></div>`;
    changes = 0;
    texts = [];
    editor = createEditor(document.querySelector<HTMLElement>("[data-testid=editor]")!, {
      onChange: () => changes++,
      onText: (source) => texts.push(source),
    });
    editor.load("---\ntitle: Old 🦀\n---\nBody.\n");
    editor.takeEdits();
  });

  it("applyText is one minimal change, taken as the author's", () => {
    editor.applyText("---\ntitle: New 🦀\n---\nBody.\n");
    expect(editor.text()).toBe("---\ntitle: New 🦀\n---\nBody.\n");
    expect(changes).toBe(1);
    expect(texts).toEqual(["load", "author"]);
    // An edit, not a load: the preview sends only it, and the undo history goes on.
    expect(editor.takeEdits()).toEqual({ edits: [{ from: 11, to: 14, insert: "New" }], length: 28 });
  });

  it("applyText of the same text changes nothing", () => {
    editor.applyText(editor.text());
    expect(changes).toBe(0);
    expect(texts).toEqual(["load"]);
  });

  it("hasEdits says whether there are edits to take, without taking them", () => {
    expect(editor.hasEdits()).toBe(false);
    editor.applyText("---\ntitle: New 🦀\n---\nBody.\n");
    expect(editor.hasEdits()).toBe(true);
    expect(editor.hasEdits()).toBe(true);
    expect(editor.takeEdits()?.edits).toEqual([{ from: 11, to: 14, insert: "New" }]);
    expect(editor.hasEdits()).toBe(false);
    editor.reloadFromDisk("---\ntitle: New 🦀\n---\nBody, changed.\n");
    expect(editor.hasEdits()).toBe(true);
    editor.takeEdits();
    // A text loaded whole counts, though no edit was typed.
    editor.load("Another post.\n");
    expect(editor.hasEdits()).toBe(true);
    expect(editor.takeEdits()).toBeNull();
    expect(editor.hasEdits()).toBe(false);
  });

  it("reloadFromDisk is not the author's change", () => {
    editor.reloadFromDisk("---\ntitle: Old 🦀\n---\nBody, changed.\n");
    expect(changes).toBe(0);
    expect(texts).toEqual(["load", "disk"]);
    expect(editor.takeEdits()?.edits).toEqual([{ from: 26, to: 26, insert: ", changed" }]);
  });
});

describe("the selection", () => {
  let said: string[];
  let editor: Editor;
  let view: EditorView;

  beforeEach(() => {
    document.body.innerHTML = `<div data-testid="editor"></div>`;
    said = [];
    const parent = document.querySelector<HTMLElement>("[data-testid=editor]")!;
    editor = createEditor(parent, { onChange: () => {}, onSelection: (text) => said.push(text) });
    editor.load("one two\nthree\n");
    view = EditorView.findFromDOM(parent)!;
  });

  it("is said as the text selected, every range of it", () => {
    view.dispatch({ selection: EditorSelection.single(0, 3) });
    expect(said).toEqual(["one"]);
    view.dispatch({
      selection: EditorSelection.create([EditorSelection.range(0, 3), EditorSelection.range(8, 13)]),
    });
    expect(said.at(-1)).toBe("one\nthree");
  });

  it("an empty selection is said once, not on every keystroke", () => {
    view.dispatch({ selection: EditorSelection.single(0, 3) });
    view.dispatch({ selection: EditorSelection.cursor(2) });
    view.dispatch({ changes: { from: 2, insert: "x" } });
    view.dispatch({ selection: EditorSelection.cursor(0) });
    expect(said).toEqual(["one", ""]);
  });

  it("typing over a selection, and opening a post, clear it", () => {
    view.dispatch({ selection: EditorSelection.single(0, 3) });
    view.dispatch(view.state.replaceSelection("1"));
    expect(said).toEqual(["one", ""]);
    view.dispatch({ selection: EditorSelection.single(0, 1) });
    editor.load("another post\n");
    expect(said).toEqual(["one", "", "1", ""]);
  });
});

describe("lines, for scroll sync and the outline", () => {
  let editor: Editor;
  let moved: number;

  beforeEach(() => {
    document.body.innerHTML = `<div id="lines"></div>`;
    moved = 0;
    editor = createEditor(document.getElementById("lines")!, { onChange: () => {} });
    editor.onCursor(() => moved++);
    editor.load("---\ntitle: T\n---\n## One\n\nText.\n");
  });

  it("counts lines and puts the cursor at the start of one", () => {
    expect(editor.lineCount()).toBe(7);
    expect(moved).toBe(1);
    editor.setCursorLine(4, "start");
    expect(editor.cursorLine()).toBe(4);
    const view = EditorView.findFromDOM(document.getElementById("lines")!)!;
    expect(view.state.selection.main.head).toBe(view.state.doc.line(4).from);
    expect(moved).toBe(2);
    // Out of range: the nearest line.
    editor.setCursorLine(99);
    expect(editor.cursorLine()).toBe(7);
    editor.setCursorLine(0);
    expect(editor.cursorLine()).toBe(1);
  });

  it("says when the text changes or the cursor moves", () => {
    editor.applyText("---\ntitle: T\n---\n## One\n\nText, more.\n");
    expect(moved).toBe(2);
  });

  it("scrolls without moving the cursor, and reads its top line", () => {
    editor.scrollToLine(5, 0.5);
    expect(editor.cursorLine()).toBe(1);
    expect(editor.scroller).toBe(document.querySelector("#lines .cm-scroller"));
    // No layout here: the top is the first line.
    expect(editor.topLine()).toEqual({ line: 1, fraction: 0 });
  });
});

describe("holding the text read-only", () => {
  let editor: Editor;
  let view: EditorView;

  beforeEach(() => {
    document.body.innerHTML = `<div id="held"></div>`;
    const parent = document.getElementById("held")!;
    editor = createEditor(parent, { onChange: () => {} });
    editor.load("Body.\n");
    view = EditorView.findFromDOM(parent)!;
  });

  it("outlasts a post opened (load, then writable) until let go", () => {
    editor.hold(true);
    expect(editor.isReadOnly()).toBe(true);
    editor.load("Another post.\n");
    editor.setReadOnly(false);
    expect(editor.isReadOnly()).toBe(true);
    expect(view.state.readOnly).toBe(true);
    editor.hold(false);
    expect(editor.isReadOnly()).toBe(false);
  });

  it("a post opened is writable, whatever setReadOnly asked before", () => {
    editor.setReadOnly(true);
    expect(editor.isReadOnly()).toBe(true);
    editor.load("Another post.\n");
    expect(editor.isReadOnly()).toBe(false);
    expect(view.state.readOnly).toBe(false);
  });

  it("let go, the text is as setReadOnly last asked; holds nest", () => {
    editor.setReadOnly(true);
    editor.hold(true);
    editor.hold(true);
    editor.hold(false);
    expect(editor.isReadOnly()).toBe(true);
    editor.setReadOnly(false);
    expect(editor.isReadOnly()).toBe(true);
    editor.hold(false);
    expect(editor.isReadOnly()).toBe(false);
    // A let go too many does not outweigh the next hold.
    editor.hold(false);
    editor.hold(true);
    expect(editor.isReadOnly()).toBe(true);
  });
});

describe("runaway blocks", () => {
  it("are found by length between blank lines", async () => {
    const { hasRunawayBlock, RUNAWAY_BLOCK } = await import("../src/editor");
    const long = "word ".repeat(RUNAWAY_BLOCK / 5 + 10);
    expect(hasRunawayBlock(`---\ntitle: x\n---\n\n${long}\n`)).toBe(true);
    expect(hasRunawayBlock("[a](".repeat(10_000))).toBe(true);
    const paragraphs = Array.from({ length: 400 }, (_, i) => `Paragraph ${i} ${"w ".repeat(40)}`).join("\n\n");
    expect(paragraphs.length).toBeGreaterThan(RUNAWAY_BLOCK * 2);
    expect(hasRunawayBlock(paragraphs)).toBe(false);
    // Lines of one block add up; a whitespace-only line ends a block.
    const line = "x".repeat(RUNAWAY_BLOCK / 4);
    expect(hasRunawayBlock([line, line, line, line, line].join("\n"))).toBe(true);
    expect(hasRunawayBlock([line, line, "  ", line, line].join("\n"))).toBe(false);
  });

  it("lines are runaway on their own length only", async () => {
    const { hasRunawayLine, RUNAWAY_BLOCK } = await import("../src/editor");
    const line = "x".repeat(RUNAWAY_BLOCK / 4);
    expect(hasRunawayLine([line, line, line, line, line].join("\n"))).toBe(false);
    expect(hasRunawayLine(`a\n${"y".repeat(RUNAWAY_BLOCK + 1)}\nb`)).toBe(true);
    expect(hasRunawayLine("y".repeat(RUNAWAY_BLOCK + 1))).toBe(true);
  });
});

describe("a runaway paste", () => {
  it("turns wrapping off at once, and back on when undone", async () => {
    const { RUNAWAY_BLOCK } = await import("../src/editor");
    const parent = document.createElement("div");
    document.body.appendChild(parent);
    const editor = createEditor(parent, { onChange: () => {} });
    editor.load("Short post.\n");
    const wrapping = () => parent.querySelector(".cm-lineWrapping") !== null;
    expect(wrapping()).toBe(true);
    editor.applyText(`Short post.\n${"x".repeat(RUNAWAY_BLOCK + 5)}\n`);
    await Promise.resolve();
    await Promise.resolve();
    expect(wrapping()).toBe(false);
    vi.useFakeTimers();
    try {
      editor.applyText("Short post.\n");
      vi.advanceTimersByTime(1100);
    } finally {
      vi.useRealTimers();
    }
    expect(wrapping()).toBe(true);
  });
});

describe("a runaway shape from typing", () => {
  // The post starts with an emphasis: gone from the syntax tree, the block shape is on.
  const INTRO = "Intro *em*.\n\n";
  let parent: HTMLElement;
  let editor: Editor;
  let view: EditorView;

  const shown = () => {
    const tree = ensureSyntaxTree(view.state, INTRO.length, 5000)!;
    let emphasis = false;
    tree.iterate({ from: 0, to: INTRO.length, enter: (node) => void (emphasis ||= node.name === "Emphasis") });
    return { block: !emphasis, line: parent.querySelector(".cm-lineWrapping") === null };
  };
  const pause = () => vi.advanceTimersByTime(1100);

  beforeEach(() => {
    vi.useFakeTimers();
    parent = document.createElement("div");
    document.body.replaceChildren(parent);
    editor = createEditor(parent, { onChange: () => {} });
    view = EditorView.findFromDOM(parent)!;
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("a block typed past the limit turns the block shape on after the pause", () => {
    // Two blocks just under the limit (the last counts its line break too): the text is
    // long, nothing in it runaway.
    const block = Array.from({ length: 99 }, () => "w".repeat(100)).join("\n");
    expect(block.length).toBe(RUNAWAY_BLOCK - 2);
    editor.load(`${INTRO}${block}\n\n${block}\n`);
    expect(shown()).toEqual({ block: false, line: false });
    const at = INTRO.length + block.length + 2 + 500;
    view.dispatch({ changes: { from: at, insert: "a" } });
    pause();
    expect(shown()).toEqual({ block: false, line: false });
    view.dispatch({ changes: { from: at, insert: "b" } });
    expect(shown()).toEqual({ block: false, line: false });
    pause();
    expect(shown()).toEqual({ block: true, line: false });
    // A blank line splitting it turns it off again.
    view.dispatch({ changes: { from: at, insert: "\n\n" } });
    pause();
    expect(shown()).toEqual({ block: false, line: false });
  });

  it("a line typed past the limit turns wrapping off after the pause", () => {
    const line = "w".repeat(RUNAWAY_BLOCK - 1);
    editor.load(`${INTRO}${line}\n`);
    expect(shown()).toEqual({ block: false, line: false });
    view.dispatch({ changes: { from: INTRO.length + 10, insert: "xy" } });
    pause();
    expect(shown()).toEqual({ block: true, line: true });
  });

  it("blocks joined count whole, whichever side of the blank line the edit falls", () => {
    const half = "w".repeat(RUNAWAY_BLOCK / 2);
    const text = `${INTRO}${half}\n\n${half}\n`;
    const blankLine = INTRO.length + half.length + 1;
    // The line break before the blank line, then the one after it.
    for (const from of [blankLine - 1, blankLine]) {
      editor.load(text);
      expect(shown()).toEqual({ block: false, line: false });
      view.dispatch({ changes: { from, to: from + 1 } });
      pause();
      expect(shown()).toEqual({ block: true, line: false });
    }
  });

  it("edits before one pause are looked at together, however close", () => {
    const long = Array.from({ length: 92 }, () => "w".repeat(99)).join("\n");
    editor.load(`${INTRO}Short.\n\n${long}\n\n${"w".repeat(1000)}\n`);
    expect(shown()).toEqual({ block: false, line: false });
    view.dispatch({ changes: { from: INTRO.length + 5, insert: "!" } });
    // A paragraph typed in front of the long block, starting on the blank line that ends
    // the block just edited.
    const blankLine = view.state.doc.line(view.state.doc.lineAt(INTRO.length).number + 1);
    expect(blankLine.text).toBe("");
    view.dispatch({ changes: { from: blankLine.from, insert: `\n${"y".repeat(900)}` } });
    pause();
    expect(shown()).toEqual({ block: true, line: false });
  });

  it("edits here and there, paused or not: the shape is always that of the whole text", async () => {
    // A seeded walk, so that a failure comes back; it leans towards whichever edits could
    // turn the shape now shown over, so that it turns often, both ways.
    let seed = 7;
    const random = (n: number) => {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      return Math.floor((seed / 2 ** 32) * n);
    };
    const paragraph = () => Array.from({ length: 1 + random(5) }, () => "w ".repeat(random(1000))).join("\n");
    editor.load(INTRO + Array.from({ length: 12 }, paragraph).join("\n\n"));
    let now = shown();
    for (let step = 0; step < 300; step++) {
      for (let edit = random(4); edit >= 0; edit--) {
        const length = view.state.doc.length;
        const from = INTRO.length + random(length - INTRO.length + 1);
        const grow = random(10) < (now.block ? 2 : 8) && length < 60_000;
        const kind = random(3);
        if (!grow && kind === 0) view.dispatch({ changes: { from, insert: "\n\n" } });
        else if (!grow) view.dispatch({ changes: { from, to: Math.min(length, from + random(3000)) } });
        else if (kind === 0) view.dispatch({ changes: { from, insert: "x".repeat(random(2000)) } });
        else if (kind === 1) view.dispatch({ changes: { from, insert: `${"w ".repeat(random(400))}\n` } });
        else {
          // A block joined to the next.
          const blank = view.state.sliceDoc(from).indexOf("\n\n");
          if (blank >= 0) view.dispatch({ changes: { from: from + blank, to: from + blank + 2 } });
        }
      }
      await Promise.resolve();
      pause();
      const text = editor.text();
      now = shown();
      expect(now, `step ${step}`).toEqual({ block: hasRunawayBlock(text), line: hasRunawayLine(text) });
    }
  });
});

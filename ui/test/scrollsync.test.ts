// @vitest-environment happy-dom
// Scroll sync: the editor and the preview level with each other, block by block, with
// the layout and the frames handed in by the test.
import { beforeEach, describe, expect, it } from "vitest";
import { createArticleView } from "../src/preview";
import { createScrollSync, HOLD_FRAMES, type ScrollSync, type SyncedEditor } from "../src/scrollsync";
import { patch } from "./fakes";

let pane: HTMLElement;
let preview: HTMLElement;
let sync: ScrollSync;
let frames: (() => void)[];
let resized: (() => void) | null;
/** The editor's top line as the fake editor reports it. */
let editorTop: { line: number; fraction: number };
let scrolledTo: [number, number][];
let cursorSet: [number, string | undefined][];
let cursor: number;
let focused: number;
let cursorListeners: (() => void)[];
let editor: SyncedEditor;

/** Runs the frames asked for so far (and those they ask for, up to `n` rounds). */
function runFrames(n = 1): void {
  for (let i = 0; i < n; i++) {
    const now = frames;
    frames = [];
    for (const f of now) f();
  }
}
const settleFrames = () => runFrames(HOLD_FRAMES + 2);
const scroll = (el: HTMLElement) => el.dispatchEvent(new Event("scroll"));

// The article, laid out by hand: each element's top and height in data-y and data-h.
const BLOCKS = [
  '<p data-line-offset="0" data-y="100" data-h="50">a</p>\n',
  '<h2 data-line-offset="0" data-y="150" data-h="40">Heading</h2>\n',
  '<ul data-line-offset="0" data-y="190" data-h="60">\n<li data-line-offset="0" data-y="190">one</li>\n' +
    '<li data-line-offset="1" data-y="220"><a href="https://example.org" data-y="220">two</a></li>\n</ul>\n',
  '<p data-line-offset="0" data-y="250" data-h="100">last</p>\n',
];

beforeEach(() => {
  document.body.innerHTML = `<section class="preview-pane"><div data-testid="preview"></div></section><div class="cm-scroller"></div>`;
  pane = document.querySelector(".preview-pane")!;
  preview = document.querySelector("[data-testid=preview]")!;
  // No layout here: the pane's scroll position is a plain value, its height 100px.
  Object.defineProperty(pane, "scrollTop", { value: 0, writable: true });
  Object.defineProperty(pane, "clientHeight", { value: 100 });
  frames = [];
  resized = null;
  editorTop = { line: 1, fraction: 0 };
  scrolledTo = [];
  cursorSet = [];
  cursor = 1;
  focused = 0;
  cursorListeners = [];
  editor = {
    scroller: document.querySelector<HTMLElement>(".cm-scroller")!,
    topLine: () => editorTop,
    scrollToLine: (line, fraction = 0) => {
      scrolledTo.push([line, fraction]);
      editorTop = { line, fraction };
    },
    setCursorLine: (line, at) => {
      cursorSet.push([line, at]);
      cursor = line;
      for (const f of cursorListeners) f();
    },
    cursorLine: () => cursor,
    lineCount: () => 14,
    onCursor: (f) => cursorListeners.push(f),
    focus: () => focused++,
  };
  const article = createArticleView(preview);
  article.apply(
    patch({
      shell: { head: '<article><div class="q-body">', tail: "</div></article>" },
      inserted: BLOCKS,
      lines: [5, 7, 9, 12],
    }),
  );
  sync = createScrollSync(
    { preview, pane },
    {
      article,
      editor,
      frame: (f) => frames.push(f),
      observeSize: (_el, f) => (resized = f),
      box: (el) => {
        const top = Number(el.getAttribute("data-y"));
        return { top, bottom: top + Number(el.getAttribute("data-h")) };
      },
    },
  );
});

describe("editor to preview", () => {
  it("puts the preview's place for the editor's top line at the top, interpolated", () => {
    // Halfway down line 8, between the heading (7, 150px) and the list (9, 190px).
    editorTop = { line: 8, fraction: 0.5 };
    scroll(editor.scroller);
    expect(pane.scrollTop).toBe(0);
    runFrames();
    expect(pane.scrollTop).toBe(180);
  });

  it("looks again for a few frames, as far blocks get laid out", () => {
    editorTop = { line: 12, fraction: 0 };
    scroll(editor.scroller);
    runFrames();
    expect(pane.scrollTop).toBe(250);
    // The blocks above were estimated: laid out, the last paragraph is further down.
    preview.querySelectorAll("p")[1]!.setAttribute("data-y", "265");
    runFrames();
    expect(pane.scrollTop).toBe(265);
    settleFrames();
    expect(frames).toEqual([]);
  });

  it("maps the front matter onto the page's header, from the very top", () => {
    editorTop = { line: 3, fraction: 0 };
    scroll(editor.scroller);
    runFrames();
    // Lines 1 to 5 over 0 to 100px.
    expect(pane.scrollTop).toBe(50);
  });

  it("runs once a frame however many scroll events came", () => {
    pane.scrollTop = 0;
    let measured = 0;
    editor.topLine = () => {
      measured++;
      return { line: 12, fraction: 0 };
    };
    for (let i = 0; i < 10; i++) scroll(editor.scroller);
    runFrames();
    expect(measured).toBe(1);
    expect(pane.scrollTop).toBe(250);
  });

  it("does not take its own scroll of the preview for the author's", () => {
    editorTop = { line: 9, fraction: 0 };
    scroll(editor.scroller);
    runFrames();
    expect(pane.scrollTop).toBe(190);
    // The echo, a frame later, and another as the layout settles.
    scroll(pane);
    runFrames();
    scroll(pane);
    runFrames();
    expect(scrolledTo).toEqual([]);
    settleFrames();
    // Later, the author scrolls the preview: the editor follows.
    pane.scrollTop = 205;
    scroll(pane);
    runFrames();
    expect(scrolledTo).toEqual([[9, 0.5]]);
  });

  it("takes a scroll of the preview the author's hand made at once as theirs", () => {
    editorTop = { line: 9, fraction: 0 };
    scroll(editor.scroller);
    runFrames();
    pane.dispatchEvent(new Event("wheel"));
    pane.scrollTop = 250;
    scroll(pane);
    runFrames();
    expect(scrolledTo).toEqual([[12, 0]]);
  });
});

describe("preview to editor", () => {
  it("puts the line of the element at the preview's top at the editor's top", () => {
    // A quarter of the way from the first paragraph (5, 100px) to the heading (7, 150px).
    pane.scrollTop = 112.5;
    scroll(pane);
    runFrames();
    expect(scrolledTo).toEqual([[5, 0.5]]);
    // The editor's echo does not move the preview back.
    pane.scrollTop = 113;
    scroll(editor.scroller);
    runFrames();
    expect(pane.scrollTop).toBe(113);
  });

  it("interpolates inside the last block towards the text's end", () => {
    // The last paragraph: line 12 at 250px, its bottom (350px) is past line 14.
    pane.scrollTop = 300;
    scroll(pane);
    runFrames();
    expect(scrolledTo).toEqual([[13, 0.5]]);
  });

  it("leaves the editor alone when it already shows that line", () => {
    editorTop = { line: 7, fraction: 0 };
    pane.scrollTop = 150;
    scroll(pane);
    runFrames();
    expect(scrolledTo).toEqual([]);
  });
});

describe("late layout", () => {
  it("follows the editor again when an image loads, if the editor led", () => {
    editorTop = { line: 12, fraction: 0 };
    scroll(editor.scroller);
    runFrames();
    settleFrames();
    pane.scrollTop = 0;
    // The image above pushed the last paragraph down.
    preview.querySelectorAll("p")[1]!.setAttribute("data-y", "400");
    const img = document.createElement("img");
    preview.querySelector("p")!.append(img);
    img.dispatchEvent(new Event("load"));
    // The pane, moved by the browser to keep its content still, is no author.
    pane.scrollTop = 20;
    scroll(pane);
    runFrames();
    expect(pane.scrollTop).toBe(400);
    expect(scrolledTo).toEqual([]);
    // A resize likewise.
    preview.querySelectorAll("p")[1]!.setAttribute("data-y", "420");
    settleFrames();
    resized!();
    runFrames();
    expect(pane.scrollTop).toBe(420);
  });

  it("stays put on a layout change when the author last scrolled the preview", () => {
    pane.scrollTop = 150;
    scroll(pane);
    runFrames();
    settleFrames();
    resized!();
    runFrames();
    expect(pane.scrollTop).toBe(150);
  });
});

describe("cursor and clicks", () => {
  it("brings the cursor's block into the preview when it is out of view", () => {
    pane.scrollTop = 0;
    cursor = 12;
    for (const f of cursorListeners) f();
    runFrames();
    // At a third of the pane's height (100px).
    expect(pane.scrollTop).toBeCloseTo(250 - 100 / 3);
    // In view: left where it is.
    pane.scrollTop = 200;
    settleFrames();
    cursor = 12;
    for (const f of cursorListeners) f();
    runFrames();
    expect(pane.scrollTop).toBe(200);
  });

  it("puts the cursor on the line of the block clicked, and focuses the editor", () => {
    preview.querySelector("h2")!.dispatchEvent(new MouseEvent("click", { bubbles: true }));
    expect(cursorSet).toEqual([[7, undefined]]);
    expect(focused).toBe(1);
    // Its scroll of the editor is no reason to move the preview.
    pane.scrollTop = 140;
    scroll(editor.scroller);
    runFrames();
    expect(pane.scrollTop).toBe(140);
  });

  it("clicks on text in a list item go to the item's line; links do not navigate", () => {
    const li = preview.querySelectorAll("li")[0]!;
    li.dispatchEvent(new MouseEvent("click", { bubbles: true }));
    expect(cursorSet).toEqual([[9, undefined]]);
    const link = preview.querySelector("a")!;
    const click = new MouseEvent("click", { bubbles: true, cancelable: true });
    link.dispatchEvent(click);
    expect(click.defaultPrevented).toBe(true);
    expect(cursorSet).toHaveLength(1);
  });

  it("shows a line at the top of both sides (the outline's jump)", () => {
    sync.showLine(7);
    expect(cursorSet).toEqual([[7, "start"]]);
    expect(focused).toBe(1);
    expect(pane.scrollTop).toBe(150);
    // Neither side's echo moves the other.
    scroll(pane);
    scroll(editor.scroller);
    runFrames();
    expect(scrolledTo).toEqual([]);
    expect(pane.scrollTop).toBe(150);
    // The preview's layout changes before CodeMirror has scrolled (it does so at its next
    // measure): the preview keeps to where the editor is going, not where it was.
    resized!();
    runFrames();
    expect(pane.scrollTop).toBe(150);
  });
});

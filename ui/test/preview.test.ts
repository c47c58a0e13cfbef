// @vitest-environment happy-dom
// The article view: blocks patched in place, each knowing the editor line it starts on.
import { beforeEach, describe, expect, it } from "vitest";
import { createArticleView, type ArticleView } from "../src/preview";
import { patch } from "./fakes";

const SHELL = { head: '<article><h1 class="q-title">Post</h1><div class="q-body">', tail: "</div></article>" };

let root: HTMLElement;
let view: ArticleView;

const p = (text: string) => `<p data-line-offset="0">${text}</p>\n`;
/** The body's blocks as "line:text". */
const shown = () =>
  Array.from(root.querySelectorAll(".q-body > *"), (el) => `${el.getAttribute("data-line")}:${el.textContent}`);

beforeEach(() => {
  document.body.innerHTML = `<div data-testid="preview"></div>`;
  root = document.querySelector("[data-testid=preview]")!;
  view = createArticleView(root);
  // Front matter on lines 1-3; paragraphs on 5, 7 and 9.
  view.apply(patch({ version: 1, shell: SHELL, inserted: [p("a"), p("b"), p("c")], lines: [5, 7, 9] }));
});

describe("article view lines", () => {
  it("marks each block with the editor line it starts on", () => {
    expect(shown()).toEqual(["5:a", "7:b", "9:c"]);
  });

  it("moves the lines of the blocks after an edit by the shift, their nodes kept", () => {
    const c = root.querySelectorAll(".q-body > p")[2];
    // Two lines typed into "b": it is replaced, "c" moves down by two.
    view.apply(patch({ from: 1, version: 2, start: 1, removed: 1, inserted: [p("b b b")], lines: [7], shift: 2 }));
    expect(shown()).toEqual(["5:a", "7:b b b", "11:c"]);
    expect(root.querySelectorAll(".q-body > p")[2]).toBe(c);
    // A block inserted above them all shifts everything after it.
    view.apply(patch({ from: 2, version: 3, start: 0, removed: 0, inserted: [p("new")], lines: [4], shift: 1 }));
    expect(shown()).toEqual(["4:new", "6:a", "8:b b b", "12:c"]);
    // Removing a block pulls the rest up.
    view.apply(patch({ from: 3, version: 4, start: 0, removed: 1, inserted: [], lines: [], shift: -1 }));
    expect(shown()).toEqual(["5:a", "7:b b b", "11:c"]);
    expect(view.lineOf(root.querySelectorAll(".q-body > p")[2]!)).toBe(11);
  });

  it("starts over on a whole patch", () => {
    view.apply(patch({ version: 5, inserted: [p("x")], lines: [2] }));
    expect(shown()).toEqual(["2:x"]);
  });

  it("gives the line of a nested list item, and of text inside it", () => {
    const list =
      '<ul data-line-offset="0">\n<li data-line-offset="0">one</li>\n<li data-line-offset="1">two\n' +
      '<ul data-line-offset="2">\n<li data-line-offset="2"><em>deep</em></li>\n</ul>\n</li>\n</ul>\n';
    view.apply(patch({ from: 1, version: 2, start: 3, removed: 0, inserted: [list], lines: [11] }));
    const items = root.querySelectorAll("li");
    expect(view.lineOf(items[0]!)).toBe(11);
    expect(view.lineOf(items[1]!)).toBe(12);
    expect(view.lineOf(root.querySelector("em")!)).toBe(13);
    expect(view.lineOf(root.querySelector(".q-title")!)).toBeNull();
  });

  it("finds the deepest anchor at or before a line, and the next", () => {
    const list = '<ol data-line-offset="0">\n<li data-line-offset="0">one</li>\n<li data-line-offset="2">two</li>\n</ol>\n';
    view.apply(patch({ from: 1, version: 2, start: 1, removed: 1, inserted: [list], lines: [7], shift: 2 }));
    // Blocks: a (5), the list (7: items on 7 and 9), c (11).
    const items = root.querySelectorAll("li");
    const span = view.anchors(8)!;
    expect(span.from).toEqual({ element: items[0], line: 7 });
    expect(span.to).toEqual({ element: items[1], line: 9 });
    expect(span.block.tagName).toBe("OL");
    const last = view.anchors(10)!;
    expect(last.from).toEqual({ element: items[1], line: 9 });
    expect(last.to?.line).toBe(11);
    expect(view.anchors(100)!.to).toBeNull();
    // Above the first block (in the front matter): the first block.
    expect(view.anchors(1)!.from.line).toBe(5);
  });

  it("finds the anchors around a height by binary search over the blocks", () => {
    // A long post, laid out by a fake: each block 100px, its own top in data-y.
    const many = Array.from({ length: 3000 }, (_, i) => `<p data-line-offset="0" data-y="${i * 100}">${i}</p>\n`);
    view.apply(patch({ version: 9, inserted: many, lines: many.map((_, i) => 1 + 2 * i) }));
    let measured = 0;
    const top = (el: Element) => {
      measured++;
      return Number(el.getAttribute("data-y"));
    };
    const span = view.anchorsAt(123_456, top)!;
    expect(span.from.line).toBe(1 + 2 * 1234);
    expect(span.to?.line).toBe(1 + 2 * 1235);
    expect(measured).toBeLessThan(20);
    expect(view.anchorsAt(-5, top)!.from.line).toBe(1);
  });

  it("skips blocks without an element (a comment)", () => {
    view.apply(
      patch({ version: 9, inserted: [p("a"), "<!-- raw HTML omitted -->\n", p("b")], lines: [1, 1, 3] }),
    );
    expect(view.anchors(2)!.from.line).toBe(1);
    expect(view.anchors(2)!.to?.line).toBe(3);
    expect(view.anchors(3)!.from.line).toBe(3);
  });
});

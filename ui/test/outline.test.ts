// @vitest-environment happy-dom
// The outline panel: the post's headings, the cursor's section marked, a row a jump.
import { beforeEach, describe, expect, it } from "vitest";
import { createOutline, OUTLINE_KEY, type Outline } from "../src/outline";
import { byTestId as $ } from "./fakes";

let outline: Outline;
let cursor: number;
let went: number[];
let stored: Map<string, string>;

const storage = {
  getItem: (k: string) => stored.get(k) ?? null,
  setItem: (k: string, v: string) => void stored.set(k, v),
};
const rows = () => Array.from(document.querySelectorAll<HTMLElement>("[data-testid=outline-item]"));
const currentRow = () => document.querySelector<HTMLElement>("[data-testid=outline-item][aria-current=true]");

function make(): void {
  outline = createOutline(
    { panel: $("outline"), toggle: $("outline-toggle") },
    { go: (line) => went.push(line), cursorLine: () => cursor, storage },
  );
}

const HEADINGS = [
  { level: 1, text: "Intro", line: 4 },
  { level: 2, text: "Packing list", line: 10 },
  { level: 3, text: "Shoes", line: 12 },
  { level: 2, text: "The walk", line: 30 },
];

beforeEach(() => {
  document.body.innerHTML = `
    <button data-testid="outline-toggle"></button>
    <nav data-testid="outline" hidden></nav>`;
  cursor = 1;
  went = [];
  stored = new Map();
  make();
});

describe("outline", () => {
  it("starts closed, opens and closes from its button, and remembers", () => {
    expect($("outline").hidden).toBe(true);
    $("outline-toggle").click();
    expect($("outline").hidden).toBe(false);
    expect($("outline-toggle").getAttribute("aria-pressed")).toBe("true");
    expect(stored.get(OUTLINE_KEY)).toBe("open");
    // A new window opens it as it was left.
    make();
    expect($("outline").hidden).toBe(false);
    outline.toggle();
    expect($("outline").hidden).toBe(true);
    expect(stored.get(OUTLINE_KEY)).toBe("closed");
  });

  it("says when there are no headings", () => {
    outline.toggle();
    expect($("outline").textContent).toBe("No headings yet");
    outline.show([]);
    expect($("outline").textContent).toBe("No headings yet");
  });

  it("lists each heading with its line and level", () => {
    outline.show(HEADINGS);
    // Built on opening: a closed outline costs nothing.
    expect(rows()).toEqual([]);
    outline.toggle();
    expect(rows().map((r) => [r.textContent, r.dataset.line, r.dataset.level])).toEqual([
      ["Intro", "4", "1"],
      ["Packing list", "10", "2"],
      ["Shoes", "12", "3"],
      ["The walk", "30", "2"],
    ]);
  });

  it("takes both sides to a heading when its row is clicked", () => {
    outline.toggle();
    outline.show(HEADINGS);
    rows()[2]!.click();
    expect(went).toEqual([12]);
  });

  it("marks the section the cursor is in", () => {
    outline.toggle();
    outline.show(HEADINGS);
    // Above the first heading: none.
    expect(currentRow()).toBeNull();
    cursor = 11;
    outline.cursorMoved();
    expect(currentRow()?.textContent).toBe("Packing list");
    expect(currentRow()?.classList.contains("current")).toBe(true);
    cursor = 12;
    outline.cursorMoved();
    expect(currentRow()?.textContent).toBe("Shoes");
    expect(document.querySelectorAll(".outline-item.current")).toHaveLength(1);
    cursor = 500;
    outline.cursorMoved();
    expect(currentRow()?.textContent).toBe("The walk");
    // New headings keep the mark on the cursor's section.
    outline.show([...HEADINGS, { level: 2, text: "Home", line: 40 }]);
    expect(currentRow()?.textContent).toBe("Home");
  });
});

// @vitest-environment happy-dom
// One Ctrl+S, one save: typed in the real CodeMirror editor or anywhere else.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createEditor, type Editor } from "../src/editor";
import { bindShortcuts } from "../src/keys";

let saves: number;
let newPosts: number;
let quickOpens: number;
let searches: number;
let renames: number;
let details: number;
let unbind: () => void;
let editor: Editor;
let parent: HTMLElement;

function press(target: EventTarget, key: string, init: KeyboardEventInit = {}): KeyboardEvent {
  const ev = new KeyboardEvent("keydown", { key, ctrlKey: true, bubbles: true, cancelable: true, ...init });
  target.dispatchEvent(ev);
  return ev;
}

function content(): HTMLElement {
  const found = parent.querySelector<HTMLElement>(".cm-content");
  if (!found) throw new Error("the editor's content element");
  return found;
}

beforeEach(() => {
  document.body.innerHTML = `<section data-testid="editor"></section><input data-testid="other" />`;
  parent = document.querySelector<HTMLElement>("[data-testid=editor]")!;
  saves = 0;
  newPosts = 0;
  quickOpens = 0;
  searches = 0;
  renames = 0;
  details = 0;
  editor = createEditor(parent, { onChange: () => {} });
  editor.load("---\ntitle: A post\n---\nSome text.\n");
  unbind = bindShortcuts(window, {
    save: () => saves++,
    newPost: () => newPosts++,
    quickOpen: () => quickOpens++,
    search: () => searches++,
    rename: () => renames++,
    metadata: () => details++,
  });
});

afterEach(() => unbind());

describe("Ctrl+S", () => {
  it("typed in the editor saves once", () => {
    editor.focus();
    const ev = press(content(), "s");
    expect(saves).toBe(1);
    // The webview's own Save dialog does not open.
    expect(ev.defaultPrevented).toBe(true);
  });

  it("typed elsewhere in the window saves once", () => {
    press(document.querySelector("[data-testid=other]")!, "s");
    press(document.body, "S", { shiftKey: true });
    expect(saves).toBe(2);
  });

  it("Cmd+S (macOS) saves once", () => {
    press(content(), "s", { ctrlKey: false, metaKey: true });
    expect(saves).toBe(1);
  });

  it("a held key saves once, not once per repeat", () => {
    press(content(), "s");
    press(content(), "s", { repeat: true });
    press(content(), "s", { repeat: true });
    expect(saves).toBe(1);
  });

  it("a key already acted on where it was typed is not acted on again", () => {
    const other = document.querySelector("[data-testid=other]")!;
    other.addEventListener("keydown", (ev) => ev.preventDefault());
    press(other, "s");
    expect(saves).toBe(0);
  });

  it("plain s is typing, not saving", () => {
    press(content(), "s", { ctrlKey: false });
    expect(saves).toBe(0);
  });

  it("Ctrl+N asks for a new post", () => {
    press(content(), "n");
    expect(newPosts).toBe(1);
    expect(saves).toBe(0);
  });
});

describe("Ctrl+K and Ctrl+Shift+F", () => {
  it("Ctrl+K and Cmd+K open the quick switcher, in the editor or elsewhere", () => {
    const ev = press(content(), "k");
    expect(ev.defaultPrevented).toBe(true);
    press(document.querySelector("[data-testid=other]")!, "k", { ctrlKey: false, metaKey: true });
    expect(quickOpens).toBe(2);
    expect(saves + newPosts + searches).toBe(0);
  });

  it("a held Ctrl+K does not open and close the switcher by turns", () => {
    press(document.body, "k");
    press(document.body, "k", { repeat: true });
    expect(quickOpens).toBe(1);
  });

  it("Ctrl+Shift+K is not the switcher (it is the editor's delete line)", () => {
    press(document.body, "K", { shiftKey: true });
    expect(quickOpens).toBe(0);
  });

  it("Ctrl+Shift+F and Cmd+Shift+F go to the search", () => {
    const ev = press(content(), "F", { shiftKey: true });
    expect(ev.defaultPrevented).toBe(true);
    press(document.body, "f", { ctrlKey: false, metaKey: true, shiftKey: true });
    expect(searches).toBe(2);
  });

  it("plain Ctrl+F is left to the editor's find", () => {
    const ev = press(document.body, "f");
    expect(searches).toBe(0);
    expect(ev.defaultPrevented).toBe(false);
  });

  it("plain k and Shift+F are typing", () => {
    press(content(), "k", { ctrlKey: false });
    press(content(), "F", { ctrlKey: false, shiftKey: true });
    expect(quickOpens + searches).toBe(0);
  });
});

describe("F2 and Ctrl+I", () => {
  it("F2 renames the open post, from the editor or elsewhere", () => {
    const ev = press(content(), "F2", { ctrlKey: false });
    press(document.body, "F2", { ctrlKey: false });
    expect(renames).toBe(2);
    expect(ev.defaultPrevented).toBe(true);
  });

  it("Ctrl+F2 and Shift+F2 are not the rename", () => {
    press(document.body, "F2");
    press(document.body, "F2", { ctrlKey: false, shiftKey: true });
    expect(renames).toBe(0);
  });

  it("Ctrl+I in the editor toggles the details, though the editor binds it too", () => {
    const ev = press(content(), "i");
    press(document.querySelector("[data-testid=other]")!, "I", { ctrlKey: false, metaKey: true });
    expect(details).toBe(2);
    expect(ev.defaultPrevented).toBe(true);
  });

  it("a held Ctrl+I does not open and close the details by turns", () => {
    press(document.body, "i");
    press(document.body, "i", { repeat: true });
    expect(details).toBe(1);
  });

  it("Ctrl+Shift+I and plain i are not the details", () => {
    press(document.body, "I", { shiftKey: true });
    press(content(), "i", { ctrlKey: false });
    expect(details).toBe(0);
  });
});

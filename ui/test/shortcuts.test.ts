// @vitest-environment happy-dom
// The one table of shortcuts: one Ctrl+S, one save, typed in the real CodeMirror editor
// or anywhere else; the other keys, the tooltips and the help panel that come from it.
import { EditorSelection } from "@codemirror/state";
import { EditorView } from "@codemirror/view";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createEditor, type Editor } from "../src/editor";
import { formattingKeymap, FORMATTING } from "../src/formatting";
import { createShortcuts, matchesKeys, tooltipWording, type ShortcutActions, type Shortcuts } from "../src/shortcuts";
import { byTestId, press as pressKey } from "./fakes";

type Counted = Exclude<keyof ShortcutActions, "leave">;
let ran: Partial<Record<Counted, number>>;
let leaving: boolean;
let unbind: () => void;
let editor: Editor;
let parent: HTMLElement;
let shortcuts: Shortcuts;

const ACTIONS: Counted[] = [
  "save", "newPost", "quickOpen", "search", "rename", "duplicate", "trash", "metadata", "history", "outline",
  "exportPost", "exportSite", "trashPanel", "settings", "theme", "focusMode", "typewriter", "distractionFree",
];

/** A key with Ctrl held, unless `init` says otherwise. */
function press(target: EventTarget, key: string, init: KeyboardEventInit = {}): KeyboardEvent {
  return pressKey(target, key, { ctrlKey: true, ...init });
}

function content(): HTMLElement {
  const found = parent.querySelector<HTMLElement>(".cm-content");
  if (!found) throw new Error("the editor's content element");
  return found;
}

const times = (action: Counted) => ran[action] ?? 0;
const total = () => Object.values(ran).reduce((a, b) => a + b, 0);

beforeEach(() => {
  document.body.innerHTML = `
    <section data-testid="editor"></section><input data-testid="other" />
    <button data-testid="save" title="Save to file (Ctrl+S)">Save</button>
    <button data-testid="quick-open-toggle" title="Open a post by its title (Ctrl+K)">Go to…</button>
    <button data-testid="history-toggle" title="Every version of this post">History</button>
    <button data-testid="export">Export post</button>
    <button data-testid="shortcuts-toggle">Shortcuts</button>
    <div data-testid="shortcuts-help" role="dialog" hidden></div>`;
  parent = byTestId("editor");
  ran = {};
  leaving = false;
  editor = createEditor(parent, { onChange: () => {} }, { extensions: () => formattingKeymap() });
  editor.load("---\ntitle: A post\n---\nSome text.\n");
  const actions = Object.fromEntries(
    ACTIONS.map((a) => [a, () => void (ran[a] = times(a) + 1)]),
  ) as unknown as ShortcutActions;
  actions.leave = () => {
    const was = leaving;
    leaving = false;
    return was;
  };
  shortcuts = createShortcuts({ help: byTestId("shortcuts-help"), toggle: byTestId("shortcuts-toggle") }, actions);
  unbind = shortcuts.bind(window);
});

afterEach(() => unbind());

describe("Ctrl+S", () => {
  it("typed in the editor saves once", () => {
    editor.focus();
    const ev = press(content(), "s");
    expect(times("save")).toBe(1);
    // The webview's own Save dialog does not open.
    expect(ev.defaultPrevented).toBe(true);
  });

  it("typed elsewhere in the window saves once", () => {
    press(byTestId("other"), "s");
    press(document.body, "s");
    expect(times("save")).toBe(2);
  });

  it("Cmd+S (macOS) saves once", () => {
    press(content(), "s", { ctrlKey: false, metaKey: true });
    expect(times("save")).toBe(1);
  });

  it("a held key saves once, not once per repeat", () => {
    press(content(), "s");
    const held = press(content(), "s", { repeat: true });
    press(content(), "s", { repeat: true });
    expect(times("save")).toBe(1);
    // Nor does a repeat reach the webview.
    expect(held.defaultPrevented).toBe(true);
  });

  it("a key already acted on where it was typed is not acted on again", () => {
    const other = byTestId("other");
    other.addEventListener("keydown", (ev) => ev.preventDefault());
    press(other, "s");
    expect(times("save")).toBe(0);
  });

  it("plain s is typing and Ctrl+Shift+S is not a save", () => {
    press(content(), "s", { ctrlKey: false });
    press(document.body, "S", { shiftKey: true });
    expect(total()).toBe(0);
  });

  it("on a layout without Latin letters, the key's place counts", () => {
    // Ctrl+ы on a Russian keyboard is the key where S is.
    press(document.body, "ы", { code: "KeyS" });
    expect(times("save")).toBe(1);
    // A Latin letter is itself, wherever it sits (Ctrl+Z on a German keyboard is KeyY).
    press(document.body, "z", { code: "KeyS" });
    expect(times("save")).toBe(1);
  });
});

describe("the app's keys", () => {
  const cases: [Counted, string, KeyboardEventInit][] = [
    ["newPost", "n", {}],
    ["quickOpen", "p", {}],
    ["search", "F", { shiftKey: true }],
    ["rename", "F2", { ctrlKey: false }],
    ["duplicate", "d", { altKey: true }],
    ["trash", "Delete", { shiftKey: true }],
    ["metadata", "D", { shiftKey: true }],
    ["history", "H", { shiftKey: true }],
    ["outline", "O", { shiftKey: true }],
    ["exportPost", "e", {}],
    ["exportSite", "E", { shiftKey: true }],
    ["trashPanel", "t", { altKey: true }],
    ["settings", ",", {}],
    ["theme", "L", { shiftKey: true }],
    ["focusMode", "F8", { ctrlKey: false }],
    ["typewriter", "F9", { ctrlKey: false }],
    ["distractionFree", "F11", { ctrlKey: false }],
  ];
  for (const [action, key, init] of cases) {
    it(`${action}: ${JSON.stringify({ key, ...init })} does it, and only it`, () => {
      const ev = press(content(), key, init);
      expect(ev.defaultPrevented).toBe(true);
      expect(times(action)).toBe(1);
      expect(total()).toBe(1);
    });
  }

  it("Cmd+Option+D on a Mac (which types ∂) duplicates", () => {
    press(document.body, "∂", { ctrlKey: false, metaKey: true, altKey: true, code: "KeyD" });
    expect(times("duplicate")).toBe(1);
  });

  it("Ctrl+K and Ctrl+I are the editor's now, not the switcher and the details", () => {
    press(content(), "k");
    press(content(), "i");
    press(document.body, "k");
    press(document.body, "i");
    expect(total()).toBe(0);
  });

  it("Ctrl+Shift+P is not the switcher; a held Ctrl+P does not open and close it by turns", () => {
    press(document.body, "P", { shiftKey: true });
    expect(times("quickOpen")).toBe(0);
    press(document.body, "p");
    press(document.body, "p", { repeat: true });
    expect(times("quickOpen")).toBe(1);
  });

  it("plain Ctrl+F is left to the editor's find", () => {
    const ev = press(document.body, "f");
    expect(total()).toBe(0);
    expect(ev.defaultPrevented).toBe(false);
  });

  it("Ctrl+F2 and Shift+F2 are not the rename", () => {
    press(document.body, "F2");
    press(document.body, "F2", { ctrlKey: false, shiftKey: true });
    expect(times("rename")).toBe(0);
  });

  it("Ctrl+Shift+L is the theme's though the editor binds it (select every match)", () => {
    // The editor's binding acts only on a selection.
    const view = EditorView.findFromDOM(parent)!;
    view.dispatch({ selection: EditorSelection.range(22, 26) });
    const ev = press(content(), "L", { shiftKey: true, keyCode: 76 });
    expect(ev.defaultPrevented).toBe(true);
    expect(times("theme")).toBe(1);
    expect(view.state.selection.ranges.length).toBe(1);
  });

  it("an action main.ts does not hand in has no key and no line in the help", () => {
    const actions = { ...Object.fromEntries(ACTIONS.map((a) => [a, () => {}])) } as unknown as ShortcutActions;
    delete actions.outline;
    const help = document.createElement("div");
    const other = createShortcuts({ help, toggle: document.createElement("button") }, actions);
    expect(other.table.map((s) => s.id)).not.toContain("outline");
    expect(help.querySelector("[data-action=outline]")).toBeNull();
  });
});

describe("matchesKeys", () => {
  const key = (k: string, init: KeyboardEventInit = {}) => new KeyboardEvent("keydown", { key: k, ...init });
  it("wants exactly the modifiers named", () => {
    expect(matchesKeys("Ctrl+Shift+F", key("F", { ctrlKey: true, shiftKey: true }))).toBe(true);
    expect(matchesKeys("Ctrl+Shift+F", key("F", { ctrlKey: true, shiftKey: true, altKey: true }))).toBe(false);
    expect(matchesKeys("Ctrl+Shift+F", key("f", { ctrlKey: true }))).toBe(false);
    expect(matchesKeys("F1", key("F1"))).toBe(true);
    expect(matchesKeys("F1", key("F10"))).toBe(false);
  });

  it("takes either of two", () => {
    expect(matchesKeys("F1 or Ctrl+/", key("/", { ctrlKey: true }))).toBe(true);
    expect(matchesKeys("F1 or Ctrl+/", key("F1"))).toBe(true);
    expect(matchesKeys("F1 or Ctrl+/", key("/"))).toBe(false);
  });
});

describe("the tooltips", () => {
  it("say each button's keys from the table, in the button's own words", () => {
    shortcuts.label(document);
    expect(byTestId("save").title).toBe("Save to file (Ctrl+S)");
    // The old key in the title gives way to the table's.
    expect(byTestId("quick-open-toggle").title).toBe("Open a post by its title (Ctrl+P)");
    expect(byTestId("history-toggle").title).toBe("Every version of this post (Ctrl+Shift+H)");
    // No words of its own: the table's label.
    expect(byTestId("export").title).toBe("Export the post (Ctrl+E)");
    expect(byTestId("shortcuts-toggle").title).toBe("Keyboard shortcuts (F1 or Ctrl+/)");
  });

  it("are written once however often they are written", () => {
    shortcuts.label(document);
    shortcuts.label(document);
    expect(byTestId("save").title).toBe("Save to file (Ctrl+S)");
  });

  it("tooltipWording keeps a parenthesis that is not keys", () => {
    expect(tooltipWording("Export (one HTML file)")).toBe("Export (one HTML file)");
    expect(tooltipWording("Rename (F2)")).toBe("Rename");
  });
});

describe("the help panel", () => {
  const help = () => byTestId("shortcuts-help");

  it("lists every shortcut of the table, by group, with its keys", () => {
    const rows = Array.from(help().querySelectorAll<HTMLElement>(".shortcut"));
    expect(rows.map((r) => r.dataset.action)).toEqual(shortcuts.table.map((s) => s.id));
    expect(shortcuts.table.length).toBe(ACTIONS.length + 1 + FORMATTING.length);
    for (const id of [...ACTIONS, "help", ...FORMATTING.map((f) => f.id)]) {
      expect(help().querySelector(`[data-action="${id}"]`), id).not.toBeNull();
    }
    expect(Array.from(help().querySelectorAll("h3"), (h) => h.textContent)).toEqual(["App", "Editor", "Writing modes"]);
    const bold = help().querySelector("[data-action=bold]")!;
    expect(bold.closest("section")?.querySelector("h3")?.textContent).toBe("Editor");
    expect(bold.textContent).toBe("BoldCtrl+B");
    expect(help().querySelector("[data-action=focusMode]")?.closest("section")?.querySelector("h3")?.textContent).toBe("Writing modes");
    expect(help().querySelector("[data-action=save] kbd")?.textContent).toBe("Ctrl+S");
  });

  it("is hidden until F1, which closes it again", () => {
    expect(help().hidden).toBe(true);
    press(document.body, "F1", { ctrlKey: false });
    expect(help().hidden).toBe(false);
    press(document.body, "F1", { ctrlKey: false });
    expect(help().hidden).toBe(true);
  });

  it("Ctrl+/ opens and closes it, even from the editor, which binds it to comment a line", () => {
    // In the body, where a comment is Markdown's.
    EditorView.findFromDOM(parent)!.dispatch({ selection: EditorSelection.cursor(24) });
    const ev = press(content(), "/", { keyCode: 191 });
    expect(ev.defaultPrevented).toBe(true);
    expect(help().hidden).toBe(false);
    expect(editor.text()).not.toContain("<!--");
    press(content(), "/", { keyCode: 191 });
    expect(help().hidden).toBe(true);
  });

  it("Escape closes it, and only it", () => {
    leaving = true;
    press(document.body, "F1", { ctrlKey: false });
    const ev = press(document.body, "Escape", { ctrlKey: false });
    expect(help().hidden).toBe(true);
    expect(ev.defaultPrevented).toBe(true);
    // The next Escape leaves the writing mode.
    expect(leaving).toBe(true);
    press(document.body, "Escape", { ctrlKey: false });
    expect(leaving).toBe(false);
  });

  it("takes the focus while open, and gives it back", () => {
    const other = byTestId<HTMLInputElement>("other");
    other.focus();
    press(other, "F1", { ctrlKey: false });
    expect(document.activeElement).toBe(help().querySelector("[data-testid=shortcuts-close]"));
    press(document.activeElement!, "Escape", { ctrlKey: false });
    expect(document.activeElement).toBe(other);
  });

  it("an Escape nobody wants is left alone", () => {
    const ev = press(document.body, "Escape", { ctrlKey: false });
    expect(ev.defaultPrevented).toBe(false);
  });

  it("the sidebar's Shortcuts opens it, and its Close closes it", () => {
    byTestId("shortcuts-toggle").click();
    expect(help().hidden).toBe(false);
    help().querySelector<HTMLElement>("[data-testid=shortcuts-close]")!.click();
    expect(help().hidden).toBe(true);
  });
});

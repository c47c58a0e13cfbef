// @vitest-environment happy-dom
// Focus, typewriter and distraction-free: toggled by their buttons and keys, shown on the
// buttons, kept across posts and (but for distraction-free) across sessions.
import { EditorSelection, EditorState, Text } from "@codemirror/state";
import { EditorView } from "@codemirror/view";
import { beforeEach, describe, expect, it } from "vitest";
import { createEditor, type Editor } from "../src/editor";
import { createWritingModes, MODE_KEYS, paragraphAt, type WritingModes } from "../src/writingmodes";
import { byTestId } from "./fakes";

function memoryStorage(initial: Record<string, string> = {}) {
  const items = new Map(Object.entries(initial));
  return {
    items,
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
  };
}

const POST = "# Title\n\nFirst paragraph,\nits second line.\n\nSecond paragraph.\n";

let storage: ReturnType<typeof memoryStorage>;
let editor: Editor;
let modes: WritingModes;
let view: EditorView;

function start(stored: Record<string, string> = {}): void {
  document.body.innerHTML = `
    <div data-testid="editor"></div>
    <button data-testid="focus-mode" aria-pressed="false">Focus</button>
    <button data-testid="typewriter" aria-pressed="false">Typewriter</button>
    <button data-testid="distraction-free" aria-pressed="false">Distraction-free</button>`;
  delete document.documentElement.dataset.mode;
  storage = memoryStorage(stored);
  modes = createWritingModes(
    {
      focus: byTestId("focus-mode"), typewriter: byTestId("typewriter"), distractionFree: byTestId("distraction-free"),
      root: document.documentElement,
    },
    { storage, reconfigure: (effects) => editor.reconfigure(effects) },
  );
  editor = createEditor(byTestId("editor"), { onChange: () => {} }, { extensions: () => modes.extension() });
  editor.load(POST);
  view = EditorView.findFromDOM(byTestId("editor"))!;
}

/** The texts of the lines the editor shows dimmed. */
const dimmed = () => Array.from(view.dom.querySelectorAll(".cm-line.cm-dimmed"), (l) => l.textContent);
const pressed = (testid: string) => byTestId(testid).getAttribute("aria-pressed");

/** Whether a transaction moving the cursor would scroll it to mid-height. */
function centres(): boolean {
  const tr = view.state.update({ selection: EditorSelection.cursor(12) });
  return tr.effects.some((e) => (e.value as { y?: unknown } | null)?.y === "center");
}

beforeEach(() => start());

describe("paragraphAt", () => {
  const doc = Text.of(["a", "b", "", "c", "d", "e", "", ""]);
  it("the run of non-blank lines around a position", () => {
    expect(paragraphAt(doc, 0)).toEqual({ first: 1, last: 2 });
    expect(paragraphAt(doc, doc.line(5).from)).toEqual({ first: 4, last: 6 });
  });
  it("a blank line is a paragraph of its own", () => {
    expect(paragraphAt(doc, doc.line(3).from)).toEqual({ first: 3, last: 3 });
    expect(paragraphAt(doc, doc.length)).toEqual({ first: 8, last: 8 });
  });
});

describe("focus mode", () => {
  it("is off at first: nothing dimmed", () => {
    expect(modes.isOn("focus")).toBe(false);
    expect(pressed("focus-mode")).toBe("false");
    expect(dimmed()).toEqual([]);
  });

  it("dims every line but the cursor's paragraph, which follows the cursor", () => {
    view.dispatch({ selection: EditorSelection.cursor(POST.indexOf("its")) });
    modes.toggle("focus");
    expect(pressed("focus-mode")).toBe("true");
    expect(dimmed()).toEqual(["# Title", "", "", "Second paragraph.", ""]);
    view.dispatch({ selection: EditorSelection.cursor(POST.indexOf("Second")) });
    expect(dimmed()).toEqual(["# Title", "", "First paragraph,", "its second line.", "", ""]);
  });

  it("its button toggles it, and it is remembered", () => {
    byTestId("focus-mode").click();
    expect(modes.isOn("focus")).toBe(true);
    expect(storage.items.get(MODE_KEYS.focus)).toBe("on");
    byTestId("focus-mode").click();
    expect(storage.items.get(MODE_KEYS.focus)).toBe("off");
    expect(dimmed()).toEqual([]);
  });

  it("stays on for the next post opened", () => {
    modes.toggle("focus");
    editor.load("One.\n\nTwo.\n");
    expect(dimmed()).toEqual(["", "Two.", ""]);
  });

  it("starts on when it was left on", () => {
    start({ [MODE_KEYS.focus]: "on" });
    expect(pressed("focus-mode")).toBe("true");
    expect(dimmed().length).toBeGreaterThan(0);
  });
});

describe("typewriter mode", () => {
  it("off: a cursor move does not centre the line", () => {
    expect(centres()).toBe(false);
  });

  it("on: every cursor move and edit centres the cursor's line", () => {
    modes.toggle("typewriter");
    expect(pressed("typewriter")).toBe("true");
    expect(centres()).toBe(true);
    const edit = view.state.update({ changes: { from: 0, insert: "x" } });
    expect(edit.effects.length).toBe(1);
    // Not while the pointer drags a selection: the text would jump under it.
    const drag = view.state.update({ selection: EditorSelection.cursor(3), userEvent: "select.pointer" });
    expect(drag.effects.length).toBe(0);
  });

  it("is remembered, and comes back with the next session and post", () => {
    byTestId("typewriter").click();
    expect(storage.items.get(MODE_KEYS.typewriter)).toBe("on");
    start({ [MODE_KEYS.typewriter]: "on" });
    expect(modes.isOn("typewriter")).toBe(true);
    expect(centres()).toBe(true);
    editor.load("Another post.\n");
    expect(centres()).toBe(true);
  });

  it("leaves room below the last line only while on", () => {
    const padded = () => view.dom.className.split(" ").length;
    const before = padded();
    modes.toggle("typewriter");
    // The padding is a theme of its own: one more class on the editor.
    expect(padded()).toBe(before + 1);
    modes.toggle("typewriter");
    expect(padded()).toBe(before);
  });
});

describe("distraction-free", () => {
  it("marks the window, which the stylesheet shows as the editor alone", () => {
    modes.toggle("distraction-free");
    expect(document.documentElement.dataset.mode).toBe("distraction-free");
    expect(pressed("distraction-free")).toBe("true");
    modes.toggle("distraction-free");
    expect(document.documentElement.dataset.mode).toBeUndefined();
    expect(pressed("distraction-free")).toBe("false");
  });

  it("leave (Escape) leaves it, and says so only when it was on", () => {
    expect(modes.leave()).toBe(false);
    byTestId("distraction-free").click();
    expect(modes.leave()).toBe(true);
    expect(document.documentElement.dataset.mode).toBeUndefined();
    expect(modes.leave()).toBe(false);
  });

  it("is never remembered: each session starts without it", () => {
    modes.toggle("distraction-free");
    expect([...storage.items.keys()]).toEqual([]);
    start({ "quire.distraction-free": "on" });
    expect(modes.isOn("distraction-free")).toBe(false);
  });
});

describe("storage", () => {
  it("a storage that refuses leaves the modes working for the session", () => {
    document.body.innerHTML = `<button data-testid="f"></button><button data-testid="t"></button><button data-testid="d"></button>`;
    const refusing = {
      getItem: () => {
        throw new Error("denied");
      },
      setItem: () => {
        throw new Error("denied");
      },
    };
    let reconfigured = 0;
    const m = createWritingModes(
      { focus: byTestId("f"), typewriter: byTestId("t"), distractionFree: byTestId("d"), root: document.documentElement },
      { storage: refusing, reconfigure: () => void reconfigured++ },
    );
    expect(m.isOn("focus")).toBe(false);
    m.toggle("focus");
    expect(m.isOn("focus")).toBe(true);
    expect(reconfigured).toBe(1);
    // A new editor state (the next post) takes the mode as the session has it.
    expect(EditorState.create({ extensions: m.extension() }).facet(EditorView.decorations).length).toBe(1);
  });
});

// @vitest-environment happy-dom
// The menu bar: each accelerator it shows is the key its shortcut names, no accelerator
// takes another action's key, and each action runs what its key or button runs.
import { describe, expect, it } from "vitest";
import { MENU_ACCELERATORS } from "../src/bindings";
import type { EditorCommand } from "../src/editor";
import { createMenuActions } from "../src/menu";
import { createShortcuts, type ShortcutActions } from "../src/shortcuts";
import type { ThemeChoice } from "../src/appearance";

const ACTIONS = [
  "save", "newPost", "quickOpen", "search", "rename", "duplicate", "trash", "metadata", "history", "outline",
  "exportPost", "exportSite", "trashPanel", "settings", "theme", "focusMode", "typewriter", "distractionFree",
] as const;

function recording(log: string[]): ShortcutActions {
  const actions = Object.fromEntries(ACTIONS.map((a) => [a, () => void log.push(a)])) as unknown as ShortcutActions;
  return { ...actions, leave: () => false };
}

/** "CmdOrCtrl+Shift+F" as the shortcut table writes it: "Ctrl+Shift+F". */
const asTable = (accelerator: string) => accelerator.replace(/^CmdOrCtrl\+/, "Ctrl+");

describe("the menu bar's accelerators", () => {
  document.body.innerHTML = `<div data-testid="shortcuts-help" hidden></div><button data-testid="shortcuts-toggle"></button>`;
  const table = createShortcuts(
    { help: document.querySelector("[data-testid=shortcuts-help]")!, toggle: document.querySelector("[data-testid=shortcuts-toggle]")! },
    recording([]),
  ).table;

  it("shows, for each shortcut's action, the key the shortcut names", () => {
    let checked = 0;
    for (const [id, accelerator] of Object.entries(MENU_ACCELERATORS)) {
      const shortcut = table.find((s) => s.id === id);
      if (!shortcut) continue;
      expect(shortcut.keys.split(" or "), `${id}: the menu shows ${accelerator}`).toContain(asTable(accelerator));
      checked++;
    }
    // Every window action with a key is in the menu.
    expect(checked).toBeGreaterThanOrEqual(18);
  });

  it("gives its own actions (undo, zoom, quit…) keys no shortcut uses", () => {
    const taken = new Map(table.flatMap((s) => s.keys.split(" or ").map((k) => [k, s.id] as const)));
    for (const [id, accelerator] of Object.entries(MENU_ACCELERATORS)) {
      if (table.some((s) => s.id === id)) continue;
      expect(taken.get(asTable(accelerator)), `${id}'s ${accelerator}`).toBeUndefined();
    }
  });
});

describe("the menu bar's actions", () => {
  function setUp() {
    const log: string[] = [];
    document.body.innerHTML = `
      <button data-testid="publish"></button><button data-testid="choose-folder"></button>
      <input data-testid="title" /><div class="cm-editor"><textarea data-testid="inside"></textarea></div>`;
    for (const b of document.querySelectorAll("button")) b.addEventListener("click", () => log.push(`click ${b.dataset.testid}`));
    const run = createMenuActions({
      actions: recording(log),
      editor: { run: (c: EditorCommand) => void log.push(`editor ${c}`) },
      click: (testid) => document.querySelector<HTMLElement>(`[data-testid=${testid}]`)!.click(),
      theme: (c: ThemeChoice) => void log.push(`theme ${c}`),
      restart: () => void log.push("restart"),
    });
    return { log, run };
  }

  it("runs a shortcut's action, a button's, the theme and a restart", () => {
    const { log, run } = setUp();
    expect(run("save")).toBe(true);
    expect(run("publish")).toBe(true);
    expect(run("openFolder")).toBe(true);
    expect(run("theme:dark")).toBe(true);
    expect(run("restart")).toBe(true);
    expect(log).toEqual(["save", "click publish", "click choose-folder", "theme dark", "restart"]);
  });

  it("sends the editor's commands to the editor, find and replace even from a field", () => {
    const { log, run } = setUp();
    run("undo");
    run("replace");
    document.querySelector<HTMLInputElement>("[data-testid=title]")!.focus();
    run("find");
    expect(log).toEqual(["editor undo", "editor replace", "editor find"]);
  });

  it("knows no other action", () => {
    const { log, run } = setUp();
    expect(run("leave")).toBe(false);
    expect(run("format-disk")).toBe(false);
    expect(log).toEqual([]);
  });
});

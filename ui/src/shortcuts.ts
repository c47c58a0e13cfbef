// Every keyboard shortcut in one table: what the window binds, what the toolbar's
// tooltips say and what the help panel (F1) lists all come from it, so a key named in one
// place is the key that works. The editor's formatting keys are CodeMirror's to bind
// (formatting.ts); the table lists them.
//
// The window's keys are bound on the window, after the element typed in had its turn: a
// key acted on there (the editor's own, a dialog's Escape) is not acted on again, and so
// Ctrl+S, bound nowhere else, saves once. Cmd stands in for Ctrl on macOS.
import { button } from "./dom";
import { FORMATTING } from "./formatting";

export type ShortcutGroup = "App" | "Editor" | "Writing modes";
export const GROUPS: readonly ShortcutGroup[] = ["App", "Editor", "Writing modes"];

/** What the window's shortcuts do: handed in by main.ts, which has the modules. */
export interface ShortcutActions {
  save(): void;
  newPost(): void;
  quickOpen(): void;
  search(): void;
  rename(): void;
  duplicate(): void;
  trash(): void;
  /** The post's details (the metadata form). */
  metadata(): void;
  history(): void;
  /** The post's outline; left out while there is none to show. */
  outline?(): void;
  exportPost(): void;
  exportSite(): void;
  trashPanel(): void;
  settings(): void;
  theme(): void;
  focusMode(): void;
  typewriter(): void;
  distractionFree(): void;
  /** Escape: leaves a writing mode the window is in; says whether it was in one. */
  leave?(): boolean;
}

export type ActionId = Exclude<keyof ShortcutActions, "leave"> | "help";

/** One line of the table. */
export interface Shortcut {
  id: string;
  label: string;
  group: ShortcutGroup;
  /** As the author reads it, in tooltips and in the help: "Ctrl+Shift+F", "F1 or Ctrl+/". */
  keys: string;
  /** The test id of the button whose tooltip names the keys. */
  button?: string;
  /** Whether a key typed in the window is this one; none for the editor's own. */
  matches?(ev: KeyboardEvent): boolean;
  run?(): void;
}

interface WindowShortcut {
  id: ActionId;
  label: string;
  group: ShortcutGroup;
  keys: string;
  button?: string;
  /**
   * Taken before the editor sees it, since the editor binds the key to something else
   * (Ctrl+/ to comment a line, Ctrl+Shift+L to select every match).
   */
  first?: boolean;
}

const WINDOW_SHORTCUTS: readonly WindowShortcut[] = [
  { id: "quickOpen", label: "Go to a post by its title", group: "App", keys: "Ctrl+P", button: "quick-open-toggle" },
  { id: "newPost", label: "New post", group: "App", keys: "Ctrl+N", button: "new-post" },
  { id: "save", label: "Save to file", group: "App", keys: "Ctrl+S", button: "save" },
  // Plain Ctrl+F stays the editor's find.
  { id: "search", label: "Search the posts' text", group: "App", keys: "Ctrl+Shift+F" },
  { id: "rename", label: "Rename the post", group: "App", keys: "F2", button: "rename" },
  { id: "duplicate", label: "Duplicate the post", group: "App", keys: "Ctrl+Alt+D", button: "duplicate" },
  { id: "trash", label: "Move the post to the trash", group: "App", keys: "Ctrl+Shift+Delete", button: "trash" },
  { id: "metadata", label: "Show or hide the post's details", group: "App", keys: "Ctrl+Shift+D", button: "metadata-toggle" },
  { id: "history", label: "History of the post", group: "App", keys: "Ctrl+Shift+H", button: "history-toggle" },
  { id: "outline", label: "Outline of the post", group: "App", keys: "Ctrl+Shift+O", button: "outline-toggle" },
  { id: "exportPost", label: "Export the post", group: "App", keys: "Ctrl+E", button: "export" },
  { id: "exportSite", label: "Export the site", group: "App", keys: "Ctrl+Shift+E", button: "export-site" },
  { id: "trashPanel", label: "Show the trash", group: "App", keys: "Ctrl+Alt+T", button: "trash-toggle" },
  { id: "settings", label: "Settings", group: "App", keys: "Ctrl+,", button: "settings-toggle" },
  { id: "theme", label: "Theme: system, light or dark", group: "App", keys: "Ctrl+Shift+L", button: "theme-toggle", first: true },
  { id: "help", label: "Keyboard shortcuts", group: "App", keys: "F1 or Ctrl+/", button: "shortcuts-toggle", first: true },
  { id: "focusMode", label: "Focus: dim all but the paragraph at the cursor", group: "Writing modes", keys: "F8", button: "focus-mode" },
  { id: "typewriter", label: "Typewriter: the cursor's line stays mid-height", group: "Writing modes", keys: "F9", button: "typewriter" },
  { id: "distractionFree", label: "Distraction-free: the editor alone (Escape leaves)", group: "Writing modes", keys: "F11", button: "distraction-free" },
];

interface Chord {
  ctrl: boolean;
  shift: boolean;
  alt: boolean;
  key: string;
}

/** "Ctrl+Shift+F" as modifiers and a key. */
export function parseChord(text: string): Chord {
  const parts = /^((?:(?:Ctrl|Shift|Alt)\+)*)(.+)$/.exec(text);
  if (!parts) throw new Error(`not a shortcut: ${text}`);
  const mods = parts[1]!;
  return { ctrl: mods.includes("Ctrl+"), shift: mods.includes("Shift+"), alt: mods.includes("Alt+"), key: parts[2]! };
}

const PUNCTUATION_CODES: Record<string, string> = { ",": "Comma", "/": "Slash", "`": "Backquote", ".": "Period" };

/** The physical key a character names on a US keyboard: "KeyS", "Digit1", "Comma". */
function codeOf(key: string): string | undefined {
  if (/^[a-z]$/i.test(key)) return `Key${key.toUpperCase()}`;
  if (/^[0-9]$/.test(key)) return `Digit${key}`;
  return PUNCTUATION_CODES[key];
}

/** Whether `ev` is the shortcut `keys` names (one of them, for "F1 or Ctrl+/"). */
export function matchesKeys(keys: string, ev: KeyboardEvent): boolean {
  return keys.split(" or ").some((text) => {
    const chord = parseChord(text);
    if ((ev.ctrlKey || ev.metaKey) !== chord.ctrl || ev.shiftKey !== chord.shift || ev.altKey !== chord.alt) return false;
    if (chord.key.length > 1) return ev.key === chord.key;
    if (ev.key.toLowerCase() === chord.key.toLowerCase()) return true;
    // A key that types no Latin character (a Cyrillic layout's "ы", Option+D's "∂" on a
    // Mac) is known by its place on the keyboard.
    return !/^[\x20-\x7e]$/.test(ev.key) && ev.code !== "" && ev.code === codeOf(chord.key);
  });
}

export interface ShortcutElements {
  /** The help panel: a dialog listing the table. */
  help: HTMLElement;
  /** Opens and closes it (the sidebar's "Shortcuts"). */
  toggle: HTMLElement;
}

export interface Shortcuts {
  /** Every shortcut, the window's and the editor's, in the help's order. */
  readonly table: readonly Shortcut[];
  /** Binds the window's shortcuts on `target`; returns the unbinding. */
  bind(target: EventTarget): () => void;
  /** Writes the keys into the tooltip of each button that has a shortcut. */
  label(root: ParentNode): void;
  toggleHelp(): void;
  /** Closes the help; says whether it was open. */
  closeHelp(): boolean;
}

export function createShortcuts(els: ShortcutElements, actions: ShortcutActions): Shortcuts {
  const bound: (Shortcut & { first: boolean })[] = [];
  for (const s of WINDOW_SHORTCUTS) {
    const run = s.id === "help" ? toggleHelp : actions[s.id]?.bind(actions);
    // An action main.ts does not hand in (yet) has no key and no line in the help.
    if (!run) continue;
    bound.push({ ...s, first: s.first ?? false, run, matches: (ev) => matchesKeys(s.keys, ev) });
  }
  const editor: Shortcut[] = FORMATTING.map((f) => ({ id: f.id, label: f.label, group: "Editor", keys: f.keys }));
  const table: Shortcut[] = GROUPS.flatMap((group) => [...bound, ...editor].filter((s) => s.group === group));

  function keydown(first: boolean) {
    return (ev: Event) => {
      if (!(ev instanceof KeyboardEvent)) return;
      // Acted on already where it was typed: a second action would be a second save.
      if (ev.defaultPrevented) return;
      if (!first && ev.key === "Escape" && !(ev.ctrlKey || ev.metaKey || ev.altKey || ev.shiftKey)) {
        if (closeHelp() || actions.leave?.()) ev.preventDefault();
        return;
      }
      const found = bound.find((s) => s.first === first && s.matches!(ev));
      if (!found) return;
      ev.preventDefault();
      if (first) ev.stopPropagation();
      // A held key repeats; every action here is a one-off or a toggle, which a repeat
      // would undo by turns.
      if (!ev.repeat) found.run!();
    };
  }

  function fillHelp(): void {
    const head = document.createElement("div");
    head.className = "shortcuts-head";
    const title = document.createElement("strong");
    title.textContent = "Keyboard shortcuts";
    const close = button("Close", "shortcuts-close");
    close.addEventListener("click", () => closeHelp());
    head.append(title, close);
    els.help.replaceChildren(head);
    for (const group of GROUPS) {
      const section = document.createElement("section");
      const h = document.createElement("h3");
      h.textContent = group;
      const list = document.createElement("dl");
      for (const s of table.filter((t) => t.group === group)) {
        const row = document.createElement("div");
        row.className = "shortcut";
        row.dataset.action = s.id;
        const label = document.createElement("dt");
        label.textContent = s.label;
        const keys = document.createElement("dd");
        s.keys.split(" or ").forEach((chord, i) => {
          if (i > 0) keys.append(" or ");
          const kbd = document.createElement("kbd");
          kbd.textContent = chord;
          keys.append(kbd);
        });
        row.append(label, keys);
        list.append(row);
      }
      section.append(h, list);
      els.help.append(section);
    }
  }

  /** What had the focus before the help took it, to have it back (the text, mostly). */
  let before: HTMLElement | null = null;

  function toggleHelp(): void {
    if (closeHelp()) return;
    before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    els.help.hidden = false;
    els.help.querySelector<HTMLElement>("[data-testid=shortcuts-close]")?.focus();
  }

  function closeHelp(): boolean {
    if (els.help.hidden) return false;
    els.help.hidden = true;
    if (els.help.contains(document.activeElement)) before?.focus();
    before = null;
    return true;
  }

  fillHelp();
  els.toggle.addEventListener("click", () => toggleHelp());
  return {
    table,
    bind(target) {
      const first = keydown(true);
      const then = keydown(false);
      target.addEventListener("keydown", first, true);
      target.addEventListener("keydown", then);
      return () => {
        target.removeEventListener("keydown", first, true);
        target.removeEventListener("keydown", then);
      };
    },
    label(root) {
      for (const s of table) {
        if (!s.button) continue;
        const button = root.querySelector<HTMLElement>(`[data-testid="${s.button}"]`);
        if (button) button.title = `${tooltipWording(button.title) || s.label} (${s.keys})`;
      }
    },
    toggleHelp,
    closeHelp,
  };
}

/** A tooltip's own words, without the keys it named before: "Save to file (Ctrl+S)" → "Save to file". */
export function tooltipWording(title: string): string {
  return title.replace(/\s*\((?:Ctrl|Cmd|Alt|Shift|F\d)[^()]*\)$/, "").trim();
}

// Writing modes: focus (all but the paragraph being written fades), typewriter (the line
// being written stays at mid-height) and distraction-free (the editor alone). Focus and
// typewriter are editor extensions, each in a compartment its toggle reconfigures; they
// persist, while distraction-free, a whole-window state, always starts off.
import { Compartment, EditorState, RangeSetBuilder, type Extension, type StateEffect, type Text } from "@codemirror/state";
import { Decoration, EditorView, type DecorationSet } from "@codemirror/view";
import { decorating } from "./decorating";

export type WritingMode = "focus" | "typewriter" | "distraction-free";

/** Where focus and typewriter are remembered; distraction-free is not. */
export const MODE_KEYS = { focus: "quire.focus", typewriter: "quire.typewriter" } as const;

/** The line numbers of the paragraph at `pos`: the run of non-blank lines around it. */
export function paragraphAt(doc: Text, pos: number): { first: number; last: number } {
  const at = doc.lineAt(pos).number;
  const blank = (n: number) => doc.line(n).text.trim() === "";
  if (blank(at)) return { first: at, last: at };
  let first = at;
  while (first > 1 && !blank(first - 1)) first--;
  let last = at;
  while (last < doc.lines && !blank(last + 1)) last++;
  return { first, last };
}

const dimmed = Decoration.line({ class: "cm-dimmed" });

/** Every line on screen outside the main cursor's paragraph, dimmed. */
function dimLines(view: EditorView): DecorationSet {
  const { doc } = view.state;
  const { first, last } = paragraphAt(doc, view.state.selection.main.head);
  const builder = new RangeSetBuilder<Decoration>();
  // Only the lines in view: a long post is not decorated whole on every cursor move.
  for (const { from, to } of view.visibleRanges) {
    for (let pos = from; pos <= to; ) {
      const line = doc.lineAt(pos);
      if (line.number < first || line.number > last) builder.add(line.from, line.from, dimmed);
      pos = line.to + 1;
    }
  }
  return builder.finish();
}

const focusPlugin = decorating(
  dimLines,
  (update) => update.docChanged || update.selectionSet || update.viewportChanged,
);

const focusMode: Extension = [
  focusPlugin,
  // No fade: WebKitGTK, painting without the GPU, can leave an opacity transition
  // undrawn until something else repaints the line.
  EditorView.theme({ ".cm-line.cm-dimmed": { opacity: "0.3" } }),
];

const typewriterMode: Extension = [
  // In the same transaction as the edit or the move, so the view scrolls once.
  EditorState.transactionExtender.of((tr) => {
    if (!(tr.docChanged || tr.selection)) return null;
    // A drag that selects would have the text jump under the pointer.
    if (tr.isUserEvent("select.pointer")) return null;
    return { effects: EditorView.scrollIntoView(tr.newSelection.main.head, { y: "center" }) };
  }),
  // Room below the last line, so that it too can come up to the middle.
  EditorView.theme({ ".cm-content": { paddingBottom: "50vh" } }),
];

export interface WritingModeElements {
  focus: HTMLElement;
  typewriter: HTMLElement;
  distractionFree: HTMLElement;
  /** Carries `data-mode="distraction-free"`, which the stylesheet hides the rest by. */
  root: HTMLElement;
}

export interface WritingModeDeps {
  storage: Pick<Storage, "getItem" | "setItem">;
  /** Applies the compartments' new content to the editor's state. */
  reconfigure(effects: StateEffect<unknown>[]): void;
  /** Back to the text after a mode's button was clicked. */
  focusEditor?(): void;
}

export interface WritingModes {
  /** The editor modes as they stand now: every new editor state (a post opened) takes them. */
  extension(): Extension;
  toggle(mode: WritingMode): void;
  isOn(mode: WritingMode): boolean;
  /** Escape: leaves distraction-free if the window is in it; says whether it was. */
  leave(): boolean;
}

export function createWritingModes(els: WritingModeElements, deps: WritingModeDeps): WritingModes {
  const compartments = { focus: new Compartment(), typewriter: new Compartment() };
  const content = { focus: focusMode, typewriter: typewriterMode };
  const on: Record<WritingMode, boolean> = {
    focus: remembered(deps.storage, MODE_KEYS.focus),
    typewriter: remembered(deps.storage, MODE_KEYS.typewriter),
    "distraction-free": false,
  };
  const buttons: Record<WritingMode, HTMLElement> = {
    focus: els.focus,
    typewriter: els.typewriter,
    "distraction-free": els.distractionFree,
  };

  function show(mode: WritingMode): void {
    buttons[mode].setAttribute("aria-pressed", String(on[mode]));
  }

  function set(mode: WritingMode, value: boolean): void {
    if (on[mode] === value) return;
    on[mode] = value;
    show(mode);
    if (mode === "distraction-free") {
      if (value) els.root.dataset.mode = mode;
      else delete els.root.dataset.mode;
      return;
    }
    try {
      deps.storage.setItem(MODE_KEYS[mode], value ? "on" : "off");
    } catch {
      // Storage refused (full, or switched off): the mode holds for this session.
    }
    deps.reconfigure([compartments[mode].reconfigure(value ? content[mode] : [])]);
  }

  for (const mode of Object.keys(buttons) as WritingMode[]) {
    show(mode);
    buttons[mode].addEventListener("click", () => {
      set(mode, !on[mode]);
      deps.focusEditor?.();
    });
  }

  return {
    extension: () => [
      compartments.focus.of(on.focus ? focusMode : []),
      compartments.typewriter.of(on.typewriter ? typewriterMode : []),
    ],
    toggle: (mode) => set(mode, !on[mode]),
    isOn: (mode) => on[mode],
    leave() {
      if (!on["distraction-free"]) return false;
      set("distraction-free", false);
      return true;
    },
  };
}

function remembered(storage: Pick<Storage, "getItem">, key: string): boolean {
  try {
    return storage.getItem(key) === "on";
  } catch {
    return false;
  }
}

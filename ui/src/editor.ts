// The Markdown editor: CodeMirror 6 with the usual setup (history, search/replace,
// brackets, highlighting), Markdown syntax and soft wrapping.
import { basicSetup } from "codemirror";
import { markdown } from "@codemirror/lang-markdown";
import { yamlFrontmatter } from "@codemirror/lang-yaml";
import { Annotation, ChangeSet, Compartment, EditorState } from "@codemirror/state";
import { EditorView } from "@codemirror/view";
import type { TextEdit } from "./api";

/** Marks edits that came from disk, not from the author's keyboard. */
const fromDisk = Annotation.define<boolean>();

export interface Editor {
  /** Replaces the whole text (opening a post); starts a fresh undo history. */
  load(text: string): void;
  /**
   * Brings in a new version from disk as one minimal edit (common start and end kept),
   * so the cursor and scroll stay where they were as closely as the text allows.
   */
  reloadFromDisk(text: string): void;
  /**
   * Makes the text `text` by one minimal edit, as if typed: the undo history, the cursor
   * and the author's change hooks carry on as after a keystroke.
   */
  applyText(text: string): void;
  text(): string;
  /**
   * The edits since the last call, all in the coordinates of the text at that call, and
   * the text's length after them; null if the text was replaced whole (load) since.
   */
  takeEdits(): { edits: TextEdit[]; length: number } | null;
  focus(): void;
  setReadOnly(readOnly: boolean): void;
}

export interface EditorHooks {
  /** The author changed the text (not a reload from disk). */
  onChange(): void;
  /**
   * The text changed, whatever changed it: "load" a post opened, "disk" a version from
   * outside the keyboard, "author" the author (or a form acting for them).
   */
  onText?(source: "load" | "disk" | "author"): void;
}

/**
 * The one edit that turns `old` into `text`: their common start and end kept. Positions
 * are UTF-16 code units, as CodeMirror counts; an end never falls between the two halves
 * of a surrogate pair, so an emoji is replaced whole, never cut.
 */
export function minimalChange(old: string, text: string): TextEdit | null {
  if (old === text) return null;
  const max = Math.min(old.length, text.length);
  let start = 0;
  while (start < max && old.charCodeAt(start) === text.charCodeAt(start)) start++;
  if (start > 0 && isHighSurrogate(old.charCodeAt(start - 1))) start--;
  let end = 0;
  while (end < max - start && old.charCodeAt(old.length - 1 - end) === text.charCodeAt(text.length - 1 - end)) {
    end++;
  }
  if (end > 0 && isLowSurrogate(old.charCodeAt(old.length - end))) end--;
  return { from: start, to: old.length - end, insert: text.slice(start, text.length - end) };
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

export function createEditor(parent: HTMLElement, hooks: EditorHooks): Editor {
  const readOnly = new Compartment();
  // Every change since takeEdits, from the keyboard and from disk alike: the preview
  // follows the text whatever changed it.
  let pending: ChangeSet | null = null;
  let replaced = true;
  const extensions = () => [
    basicSetup,
    // Front matter is YAML, not a setext heading.
    yamlFrontmatter({ content: markdown() }),
    EditorView.lineWrapping,
    readOnly.of(EditorState.readOnly.of(false)),
    // No Ctrl+S here: the window's binding (keys.ts) sees the key from the editor too.
    EditorView.updateListener.of((update) => {
      if (!update.docChanged) return;
      pending = pending ? pending.compose(update.changes) : update.changes;
      const external = update.transactions.some((tr) => tr.annotation(fromDisk));
      if (!external) hooks.onChange();
      hooks.onText?.(external ? "disk" : "author");
    }),
  ];
  const view = new EditorView({ parent, state: EditorState.create({ doc: "", extensions: extensions() }) });
  return {
    load(text: string) {
      view.setState(EditorState.create({ doc: text, extensions: extensions() }));
      pending = null;
      replaced = true;
      hooks.onText?.("load");
    },
    reloadFromDisk(text: string) {
      const change = minimalChange(view.state.doc.toString(), text);
      if (change) view.dispatch({ changes: change, annotations: fromDisk.of(true) });
    },
    applyText(text: string) {
      const change = minimalChange(view.state.doc.toString(), text);
      if (change) view.dispatch({ changes: change });
    },
    text: () => view.state.doc.toString(),
    takeEdits() {
      const changes = pending;
      pending = null;
      if (replaced) {
        replaced = false;
        return null;
      }
      const edits: TextEdit[] = [];
      changes?.iterChanges((from, to, _fromB, _toB, inserted) => {
        edits.push({ from, to, insert: inserted.toString() });
      });
      return { edits, length: view.state.doc.length };
    },
    focus: () => view.focus(),
    setReadOnly(value: boolean) {
      view.dispatch({ effects: readOnly.reconfigure(EditorState.readOnly.of(value)) });
    },
  };
}

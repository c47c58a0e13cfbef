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
    }),
  ];
  const view = new EditorView({ parent, state: EditorState.create({ doc: "", extensions: extensions() }) });
  return {
    load(text: string) {
      view.setState(EditorState.create({ doc: text, extensions: extensions() }));
      pending = null;
      replaced = true;
    },
    reloadFromDisk(text: string) {
      const old = view.state.doc.toString();
      if (old === text) return;
      let start = 0;
      const max = Math.min(old.length, text.length);
      while (start < max && old.charCodeAt(start) === text.charCodeAt(start)) start++;
      let end = 0;
      while (
        end < max - start &&
        old.charCodeAt(old.length - 1 - end) === text.charCodeAt(text.length - 1 - end)
      ) {
        end++;
      }
      view.dispatch({
        changes: { from: start, to: old.length - end, insert: text.slice(start, text.length - end) },
        annotations: fromDisk.of(true),
      });
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

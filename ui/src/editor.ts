// The Markdown editor: CodeMirror 6 with the usual setup (history, search/replace,
// brackets, highlighting), Markdown syntax and soft wrapping.
import { basicSetup } from "codemirror";
import { markdown } from "@codemirror/lang-markdown";
import { yamlFrontmatter } from "@codemirror/lang-yaml";
import { Annotation, Compartment, EditorState, Prec } from "@codemirror/state";
import { EditorView, keymap } from "@codemirror/view";

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
  focus(): void;
  setReadOnly(readOnly: boolean): void;
}

export interface EditorHooks {
  onChange(text: string): void;
  onSave(): void;
}

export function createEditor(parent: HTMLElement, hooks: EditorHooks): Editor {
  const readOnly = new Compartment();
  const extensions = () => [
    basicSetup,
    // Front matter is YAML, not a setext heading.
    yamlFrontmatter({ content: markdown() }),
    EditorView.lineWrapping,
    readOnly.of(EditorState.readOnly.of(false)),
    Prec.highest(
      keymap.of([
        {
          key: "Mod-s",
          preventDefault: true,
          run: () => {
            hooks.onSave();
            return true;
          },
        },
      ]),
    ),
    EditorView.updateListener.of((update) => {
      const external = update.transactions.some((tr) => tr.annotation(fromDisk));
      if (update.docChanged && !external) hooks.onChange(update.state.doc.toString());
    }),
  ];
  const view = new EditorView({ parent, state: EditorState.create({ doc: "", extensions: extensions() }) });
  return {
    load(text: string) {
      view.setState(EditorState.create({ doc: text, extensions: extensions() }));
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
    focus: () => view.focus(),
    setReadOnly(value: boolean) {
      view.dispatch({ effects: readOnly.reconfigure(EditorState.readOnly.of(value)) });
    },
  };
}

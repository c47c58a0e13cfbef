// The Markdown editor: CodeMirror 6 with the usual setup (history, search/replace,
// brackets, highlighting), Markdown syntax and soft wrapping.
import { basicSetup } from "codemirror";
import { markdown } from "@codemirror/lang-markdown";
import { yamlFrontmatter } from "@codemirror/lang-yaml";
import { Compartment, EditorState, Prec } from "@codemirror/state";
import { EditorView, keymap } from "@codemirror/view";

export interface Editor {
  /** Replaces the whole text (opening a post); starts a fresh undo history. */
  load(text: string): void;
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
      if (update.docChanged) hooks.onChange(update.state.doc.toString());
    }),
  ];
  const view = new EditorView({ parent, state: EditorState.create({ doc: "", extensions: extensions() }) });
  return {
    load(text: string) {
      view.setState(EditorState.create({ doc: text, extensions: extensions() }));
    },
    text: () => view.state.doc.toString(),
    focus: () => view.focus(),
    setReadOnly(value: boolean) {
      view.dispatch({ effects: readOnly.reconfigure(EditorState.readOnly.of(value)) });
    },
  };
}

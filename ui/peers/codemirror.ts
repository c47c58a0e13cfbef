// A peer for the timing test (tests/e2e/tests/timing.rs), never part of the app: a bare
// CodeMirror 6 with Markdown, the editor Quire's is built on, without Quire's extensions,
// preview or calls to the core. Typing into it in Quire's window gives the floor under
// Quire's keystroke figures: what the editor alone costs there.
import { basicSetup } from "codemirror";
import { markdown } from "@codemirror/lang-markdown";
import { EditorView } from "@codemirror/view";

declare global {
  interface Window {
    quirePeerEditor?: (parent: HTMLElement, doc: string) => EditorView;
  }
}

window.quirePeerEditor = (parent, doc) =>
  new EditorView({ parent, doc, extensions: [basicSetup, markdown(), EditorView.lineWrapping] });

// The editor's decorations that depend on what is on screen (the spell checker's quiet
// spans, focus mode's dimmed lines) are built by a view plugin: at start, and again after
// each update that may have changed them.
import type { Extension } from "@codemirror/state";
import { ViewPlugin, type DecorationSet, type EditorView, type ViewUpdate } from "@codemirror/view";

/** Decorations `build` makes for the view, made again after an update `stale` says touches them. */
export function decorating(
  build: (view: EditorView) => DecorationSet,
  stale: (update: ViewUpdate) => boolean,
): Extension {
  return ViewPlugin.fromClass(
    class {
      decorations: DecorationSet;
      constructor(view: EditorView) {
        this.decorations = build(view);
      }
      update(update: ViewUpdate) {
        if (stale(update)) this.decorations = build(update.view);
      }
    },
    { decorations: (plugin) => plugin.decorations },
  );
}

// A static site generator's markup in the editor: Hugo's shortcodes, Jekyll's Liquid tags
// and Zola's shortcodes are marked as such (their own colour, not spell checked), so the
// author tells them from prose. The dialect is the folder's, as the core found it; a
// plain Quire folder marks nothing.
import type { Extension } from "@codemirror/state";
import { Decoration, MatchDecorator, ViewPlugin, type DecorationSet, type EditorView, type ViewUpdate } from "@codemirror/view";
import type { Dialect } from "./api";

/** The tags of each dialect, one line each (a tag across lines is rare and left plain). */
const TAGS: Record<Exclude<Dialect, "quire">, RegExp> = {
  hugo: /\{\{[<%].*?[>%]\}\}/g,
  jekyll: /(?<!\{)\{%-?.*?-?%\}|\{\{(?![<%])-?.*?-?\}\}/g,
  zola: /\{\{\s*\/?\*?\s*\w+\(.*?\)\s*\*?\/?\s*\}\}|\{%\s*(?:\w+\(.*?\)|end)\s*%\}/g,
};

/** Where `dialect`'s tags are in `text`, as [from, to) pairs. */
export function markupRanges(text: string, dialect: Dialect): Array<[number, number]> {
  if (dialect === "quire") return [];
  const re = new RegExp(TAGS[dialect].source, "g");
  return [...text.matchAll(re)].map((m) => [m.index, m.index + m[0].length]);
}

const mark = Decoration.mark({ class: "cm-shortcode", attributes: { spellcheck: "false" } });

/** The editor extension that marks `dialect`'s tags; nothing for a plain folder. */
export function shortcodes(dialect: Dialect): Extension {
  if (dialect === "quire") return [];
  const matcher = new MatchDecorator({ regexp: new RegExp(TAGS[dialect].source, "g"), decoration: () => mark });
  return ViewPlugin.fromClass(
    class {
      decorations: DecorationSet;
      constructor(view: EditorView) {
        this.decorations = matcher.createDeco(view);
      }
      update(update: ViewUpdate) {
        this.decorations = matcher.updateDeco(update, this.decorations);
      }
    },
    { decorations: (plugin) => plugin.decorations },
  );
}

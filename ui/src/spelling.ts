// Spell checking in the editor: the webview's checker (in the languages chosen in the
// settings) underlines the prose, and only the prose. Code, the front matter and web
// addresses are marked spellcheck="false", found from the syntax tree of the lines on
// screen, so a long post costs what a screenful does.
import { syntaxTree } from "@codemirror/language";
import type { EditorState, Extension } from "@codemirror/state";
import { Decoration, EditorView, type DecorationSet } from "@codemirror/view";
import { decorating } from "./decorating";

/** Blocks whose every line is left unchecked. */
const QUIET_BLOCKS = new Set(["Frontmatter", "FencedCode", "CodeBlock"]);
/** Spans inside prose left unchecked. */
const QUIET_SPANS = new Set(["InlineCode", "URL", "Autolink"]);
/** A bare address (the editor's Markdown has no node for one; the article links it). */
const BARE_URL = /\b(?:https?:\/\/|www\.)[^\s<>()]+/g;

export interface QuietRanges {
  /** The starts of the lines left unchecked, in order. */
  lines: number[];
  /** The spans left unchecked, as [from, to], in order. */
  spans: [number, number][];
}

/** What to leave unchecked within `ranges` (the visible ones) of `state`. */
export function quietRanges(
  state: EditorState,
  ranges: readonly { from: number; to: number }[],
  tree: ReturnType<typeof syntaxTree> = syntaxTree(state),
): QuietRanges {
  const { doc } = state;
  const lines = new Set<number>();
  const spans: [number, number][] = [];
  for (const { from, to } of ranges) {
    tree.iterate({
      from,
      to,
      enter(node) {
        if (QUIET_BLOCKS.has(node.name)) {
          // A block that ends with its newline (the front matter) ends on the line before.
          const end = node.to > node.from && doc.lineAt(node.to).from === node.to ? node.to - 1 : node.to;
          const last = doc.lineAt(Math.min(end, to)).number;
          for (let n = doc.lineAt(Math.max(node.from, from)).number; n <= last; n++) lines.add(doc.line(n).from);
          return false;
        }
        if (QUIET_SPANS.has(node.name)) {
          spans.push([node.from, node.to]);
          return false;
        }
        return undefined;
      },
    });
    for (let pos = from; pos <= to; ) {
      const line = doc.lineAt(pos);
      if (!lines.has(line.from)) {
        for (const m of line.text.matchAll(BARE_URL)) {
          const start = line.from + m.index;
          // A link's or an autolink's address is its node's already.
          if (!spans.some(([f, t]) => f <= start && start < t)) spans.push([start, start + m[0].length]);
        }
      }
      pos = line.to + 1;
    }
  }
  return {
    lines: [...lines].sort((a, b) => a - b),
    spans: spans.sort((a, b) => a[0] - b[0] || a[1] - b[1]),
  };
}

const quietLine = Decoration.line({ attributes: { spellcheck: "false" } });
const quietSpan = Decoration.mark({ attributes: { spellcheck: "false" } });

function decorations(view: EditorView): DecorationSet {
  const { lines, spans } = quietRanges(view.state, view.visibleRanges);
  return Decoration.set(
    [...lines.map((at) => quietLine.range(at)), ...spans.map(([from, to]) => quietSpan.range(from, to))],
    true,
  );
}

const quiet = decorating(
  decorations,
  (update) =>
    update.docChanged || update.viewportChanged || syntaxTree(update.startState) !== syntaxTree(update.state),
);

/** The editor's text checked for spelling, but for code, front matter and addresses. */
export function spelling(): Extension {
  return [EditorView.contentAttributes.of({ spellcheck: "true" }), quiet];
}

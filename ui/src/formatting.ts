// Markdown formatting from the keyboard: bold, italic, links, headings, lists. Each is a
// pure function from the editor's state to the transaction that formats the selection,
// so it is tested on a state alone; the keymap at the end binds them in the editor.
import {
  EditorSelection,
  Prec,
  type ChangeSpec,
  type EditorState,
  type Extension,
  type Line,
  type SelectionRange,
  type TransactionSpec,
} from "@codemirror/state";
import { EditorView, keymap } from "@codemirror/view";

/** The inline marks that wrap text: bold, italic, strikethrough, inline code. */
export type InlineMark = "**" | "*" | "~~" | "`";

/**
 * Wraps each selection in `mark`, or unwraps it if it is wrapped already (the marks
 * selected with the text or just outside it). An empty selection gets an empty pair with
 * the cursor inside, or loses one it sits in.
 */
export function toggleMark(state: EditorState, mark: InlineMark): TransactionSpec {
  const n = mark.length;
  return state.changeByRange((range) => {
    if (range.empty) {
      const at = range.head;
      if (marked(runBefore(state, at, mark), n) && marked(runAfter(state, at, mark), n)) {
        return { changes: { from: at - n, to: at + n }, range: EditorSelection.cursor(at - n) };
      }
      return { changes: { from: at, insert: mark + mark }, range: EditorSelection.cursor(at + n) };
    }
    const { from, to } = trimmed(state, range);
    const inside = to - from >= 2 * n;
    if (inside && marked(runAfter(state, from, mark, to), n) && marked(runBefore(state, to, mark, from), n)) {
      return {
        changes: [{ from, to: from + n }, { from: to - n, to }],
        range: EditorSelection.range(from, to - 2 * n),
      };
    }
    if (marked(runBefore(state, from, mark), n) && marked(runAfter(state, to, mark), n)) {
      return {
        changes: [{ from: from - n, to: from }, { from: to, to: to + n }],
        range: EditorSelection.range(from - n, to - n),
      };
    }
    return {
      changes: [{ from, insert: mark }, { from: to, insert: mark }],
      range: EditorSelection.range(from + n, to + n),
    };
  });
}

/**
 * Whether a run of `run` mark characters holds the mark of length `n`: "**" is in any run
 * of two or more; "*" in a run of one or three ("***" is bold and italic), not in the
 * "**" of bold alone.
 */
function marked(run: number, n: number): boolean {
  return n === 2 ? run >= 2 : run === 1 || run >= 3;
}

/** How many of the mark's character end at `pos` (looking no further back than `limit`). */
function runBefore(state: EditorState, pos: number, mark: InlineMark, limit = state.doc.lineAt(pos).from): number {
  const text = state.sliceDoc(limit, pos);
  let i = text.length;
  while (i > 0 && text[i - 1] === mark[0]) i--;
  return text.length - i;
}

/** How many of the mark's character start at `pos` (looking no further than `limit`). */
function runAfter(state: EditorState, pos: number, mark: InlineMark, limit = state.doc.lineAt(pos).to): number {
  const text = state.sliceDoc(pos, limit);
  let i = 0;
  while (i < text.length && text[i] === mark[0]) i++;
  return i;
}

/**
 * The selection without the blanks at its ends: a double-click takes the space after a
 * word, and "**word **" is not bold in Markdown.
 */
function trimmed(state: EditorState, range: SelectionRange): { from: number; to: number } {
  const text = state.sliceDoc(range.from, range.to);
  const start = text.length - text.trimStart().length;
  const end = text.trimEnd().length;
  return end > start ? { from: range.from + start, to: range.from + end } : { from: range.from, to: range.to };
}

/** Link text and address: the one placeholder put where the address goes. */
export const URL_PLACEHOLDER = "url";

/** Whether selected text is an address rather than words to link. */
export function looksLikeUrl(text: string): boolean {
  return /^(?:[a-z][a-z0-9+.-]*:\/\/\S+|mailto:\S+|www\.\S+\.\S+)$/i.test(text);
}

/**
 * Makes each selection a link. Words become the link's text with the placeholder address
 * selected, to paste over; an address becomes the link's address with the cursor in the
 * empty text. Nothing selected: an empty link, the cursor in its text.
 */
export function insertLink(state: EditorState): TransactionSpec {
  return state.changeByRange((range) => {
    if (range.empty) {
      const insert = `[](${URL_PLACEHOLDER})`;
      return { changes: { from: range.head, insert }, range: EditorSelection.cursor(range.head + 1) };
    }
    const { from, to } = trimmed(state, range);
    const text = state.sliceDoc(from, to);
    if (looksLikeUrl(text)) {
      return { changes: { from, to, insert: `[](${text})` }, range: EditorSelection.cursor(from + 1) };
    }
    const start = from + text.length + 3;
    return {
      changes: { from, to, insert: `[${text}](${URL_PLACEHOLDER})` },
      range: EditorSelection.range(start, start + URL_PLACEHOLDER.length),
    };
  });
}

/**
 * The lines the selections touch, each once, in order. A selection that ends at the start
 * of a line (a triple-click, a drag to the margin) does not take that line. When there are
 * several, blank ones are left out: a heading or a list item is never empty.
 */
export function selectedLines(state: EditorState): Line[] {
  const seen = new Set<number>();
  const lines: Line[] = [];
  for (const range of state.selection.ranges) {
    const first = state.doc.lineAt(range.from).number;
    let last = state.doc.lineAt(range.to).number;
    if (last > first && state.doc.line(last).from === range.to) last--;
    for (let n = first; n <= last; n++) {
      if (seen.has(n)) continue;
      seen.add(n);
      lines.push(state.doc.line(n));
    }
  }
  lines.sort((a, b) => a.number - b.number);
  const written = lines.filter((line) => line.text.trim() !== "");
  return lines.length > 1 ? written : lines;
}

/** Changes each line by its own edit; the cursors move past what is put in at them. */
function editLines(state: EditorState, changes: ChangeSpec[]): TransactionSpec {
  const set = state.changes(changes);
  return { changes: set, selection: state.selection.map(set, 1) };
}

const ATX_MARK = /^ {0,3}#{1,6}(?:[ \t]+|$)/;

/** Makes the selected lines headings of `level` (1 to 6), or paragraphs (0). */
export function setHeading(state: EditorState, level: number): TransactionSpec {
  const marker = level > 0 ? `${"#".repeat(level)} ` : "";
  const changes: ChangeSpec[] = [];
  for (const line of selectedLines(state)) {
    // "#tag" is not a heading: the marks must be followed by a blank or end the line.
    const old = ATX_MARK.exec(line.text)?.[0] ?? "";
    if (old !== marker) changes.push({ from: line.from, to: line.from + old.length, insert: marker });
  }
  return editLines(state, changes);
}

export type ListKind = "bullet" | "numbered";

const BULLET = /^([ \t]*)[-*+](?:[ \t]+|$)/;
const NUMBERED = /^([ \t]*)\d{1,9}[.)](?:[ \t]+|$)/;

/**
 * Makes the selected lines items of a `kind` list, numbered from 1; if all of them are
 * such items already, plain lines again. Indents stay; the other kind's marks give way.
 */
export function toggleList(state: EditorState, kind: ListKind): TransactionSpec {
  const lines = selectedLines(state);
  const own = kind === "bullet" ? BULLET : NUMBERED;
  const undo = lines.every((line) => own.test(line.text));
  const changes: ChangeSpec[] = [];
  let number = 0;
  for (const line of lines) {
    const found = BULLET.exec(line.text) ?? NUMBERED.exec(line.text);
    const indent = found?.[1] ?? /^[ \t]*/.exec(line.text)![0];
    const end = found ? found[0].length : indent.length;
    const insert = undo ? "" : kind === "bullet" ? "- " : `${++number}. `;
    if (line.text.slice(indent.length, end) !== insert) {
      changes.push({ from: line.from + indent.length, to: line.from + end, insert });
    }
  }
  return editLines(state, changes);
}

/** A formatting shortcut in the editor, as the help panel lists it and the keymap binds it. */
export interface Formatting {
  id: string;
  label: string;
  /** As the author reads it. */
  keys: string;
  /** As CodeMirror names it; absent for the ones bound by `code`. */
  binding?: string;
  /**
   * Ctrl+Shift and the key of this code ("Digit8"), whatever character Shift makes of it:
   * "*" on a US keyboard, "(" on a German one, where CodeMirror would read Ctrl+Shift+7
   * ("/") as its own Ctrl+/.
   */
  code?: string;
  format(state: EditorState): TransactionSpec;
}

const headings: Formatting[] = [1, 2, 3, 4, 5, 6].map((level) => ({
  id: `heading-${level}`,
  label: `Heading ${level}`,
  keys: `Ctrl+${level}`,
  binding: `Mod-${level}`,
  format: (state) => setHeading(state, level),
}));

export const FORMATTING: readonly Formatting[] = [
  { id: "bold", label: "Bold", keys: "Ctrl+B", binding: "Mod-b", format: (s) => toggleMark(s, "**") },
  // Mod-i is also basicSetup's "select the enclosing syntax"; the keymap's precedence wins.
  { id: "italic", label: "Italic", keys: "Ctrl+I", binding: "Mod-i", format: (s) => toggleMark(s, "*") },
  { id: "link", label: "Link", keys: "Ctrl+K", binding: "Mod-k", format: insertLink },
  { id: "strikethrough", label: "Strikethrough", keys: "Ctrl+Shift+X", binding: "Mod-Shift-x", format: (s) => toggleMark(s, "~~") },
  { id: "inline-code", label: "Inline code", keys: "Ctrl+`", binding: "Mod-`", format: (s) => toggleMark(s, "`") },
  ...headings,
  { id: "paragraph", label: "Paragraph (no heading)", keys: "Ctrl+0", binding: "Mod-0", format: (s) => setHeading(s, 0) },
  { id: "bullet-list", label: "Bulleted list", keys: "Ctrl+Shift+8", code: "Digit8", format: (s) => toggleList(s, "bullet") },
  { id: "numbered-list", label: "Numbered list", keys: "Ctrl+Shift+7", code: "Digit7", format: (s) => toggleList(s, "numbered") },
];

/** The key codes of the digit keys, for a keyboard event without `code`. */
const DIGIT_KEY_CODES: Record<string, number> = { Digit7: 55, Digit8: 56 };

function formatWith(view: EditorView, f: Formatting): boolean {
  if (view.state.readOnly) return false;
  view.dispatch(view.state.update(f.format(view.state), { scrollIntoView: true, userEvent: "input.format" }));
  return true;
}

/** The formatting keys, above every other binding of the editor's. */
export function formattingKeymap(): Extension {
  const byCode = FORMATTING.filter((f) => f.code);
  return Prec.highest([
    // Before any keymap, which would see the character rather than the key.
    EditorView.domEventHandlers({
      keydown(ev, view) {
        if (!(ev.ctrlKey || ev.metaKey) || !ev.shiftKey || ev.altKey) return false;
        const f = byCode.find((f) => (ev.code ? ev.code === f.code : ev.keyCode === DIGIT_KEY_CODES[f.code!]));
        if (!f || !formatWith(view, f)) return false;
        ev.preventDefault();
        return true;
      },
    }),
    keymap.of(
      FORMATTING.flatMap((f) => (f.binding ? [{ key: f.binding, run: (view: EditorView) => formatWith(view, f) }] : [])),
    ),
  ]);
}

// The Markdown editor: CodeMirror 6 with the usual setup (history, search/replace,
// brackets, highlighting), Markdown syntax and soft wrapping.
import { basicSetup } from "codemirror";
import { markdown } from "@codemirror/lang-markdown";
import { yamlFrontmatter } from "@codemirror/lang-yaml";
import {
  Annotation, ChangeSet, Compartment, EditorState, type Extension, type StateEffect, type Text,
} from "@codemirror/state";
import { EditorView } from "@codemirror/view";
import { redo, undo } from "@codemirror/commands";
import { openSearchPanel } from "@codemirror/search";
import type { TextEdit } from "./api";

/** The editor's commands the menu runs. */
export type EditorCommand = "undo" | "redo" | "find" | "replace";

/** Marks edits that came from disk, not from the author's keyboard. */
const fromDisk = Annotation.define<boolean>();

export interface Editor {
  /**
   * Replaces the whole text (opening a post); starts a fresh undo history, and asks for
   * the text writable (as setReadOnly(false): a hold still outranks it).
   */
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
  /** Whether the text changed (or was replaced) since the last takeEdits; takes nothing. */
  hasEdits(): boolean;
  focus(): void;
  /**
   * Runs one of the editor's own commands, as the menu asks it (its accelerator reaches
   * the menu before the editor): undo, redo, or the find or find-and-replace panel.
   */
  run(command: EditorCommand): void;
  setReadOnly(readOnly: boolean): void;
  /**
   * Holds the text read-only (true) over whatever setReadOnly and load ask meanwhile, until
   * let go (false); holds nest, each true wanting its false. Opening a post makes the text
   * writable, which a read-only library or a folder switch under way must outlast.
   */
  hold(held: boolean): void;
  isReadOnly(): boolean;
  /** Applies compartment changes (a writing mode switched) to the open text's state. */
  reconfigure(effects: readonly StateEffect<unknown>[]): void;
  // For scroll sync and the outline: lines count from 1, as the preview's do.
  /** The element that scrolls the text. */
  readonly scroller: HTMLElement;
  /** The line at the top of the view, and how far down it (0 to 1) the top edge lies. */
  topLine(): { line: number; fraction: number };
  /** Scrolls `fraction` of the way down line `line` to the top of the view. */
  scrollToLine(line: number, fraction?: number): void;
  /** Puts the cursor at the start of `line` and scrolls it into view ("start": to the top). */
  setCursorLine(line: number, scroll?: "nearest" | "start"): void;
  cursorLine(): number;
  lineCount(): number;
  /** Calls `f` after each change of the text or move of the cursor (a post opened too). */
  onCursor(f: () => void): void;
}

export interface EditorHooks {
  /** The author changed the text (not a reload from disk). */
  onChange(): void;
  /**
   * The text changed, whatever changed it: "load" a post opened, "disk" a version from
   * outside the keyboard, "author" the author (or a form acting for them).
   */
  onText?(source: "load" | "disk" | "author"): void;
  /** The selected text, ranges joined by "\n"; "" when nothing is selected. */
  onSelection?(selected: string): void;
}

export interface EditorOptions {
  /**
   * More extensions (keymaps, looks, writing modes), asked for again for every post
   * opened, so that each new state starts as the window stands.
   */
  extensions?(): Extension;
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

/** How many characters a change set inserts. */
function insertedLength(changes: ChangeSet): number {
  let n = 0;
  changes.iterChanges((_fa, _ta, _fb, _tb, inserted) => (n += inserted.length));
  return n;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** Where line `line` starts, the line brought within the text. */
function lineStart(state: EditorState, line: number): number {
  return state.doc.line(Math.min(state.doc.lines, Math.max(1, Math.round(line)))).from;
}

/**
 * Past this many characters in one block (a run of non-blank lines), the post's inline
 * Markdown (emphasis, links, code spans…) is not parsed for highlighting. The parser reads
 * a block's inlines in one go, not in slices, and some runs cost it quadratic time: ten
 * thousand `[a](` held the window for seconds, a 5 MB paragraph for longer. Real
 * paragraphs are a few hundred characters; the block structure (headings, lists, code
 * fences, front matter) is still highlighted.
 */
export const RUNAWAY_BLOCK = 10_000;

const INLINE_SYNTAX = [
  "Escape", "Entity", "InlineCode", "HTMLTag", "Emphasis", "HardBreak", "Link", "Image", "LinkEnd",
  "Autolink", "Strikethrough",
];

/**
 * Whether `text` has a line longer than {@link RUNAWAY_BLOCK}. Such a post is shown without
 * line wrapping: CodeMirror then draws only the visible part of a long line, where a
 * wrapped 5 MB line took WebKit half a minute to lay out.
 */
export function hasRunawayLine(text: string): boolean {
  return shapeOfLines(text.split("\n")).line;
}

/** Whether `text` has a block longer than {@link RUNAWAY_BLOCK}, counted as the editor counts. */
export function hasRunawayBlock(text: string): boolean {
  return shapeOfLines(text.split("\n")).block;
}

/** Whether `line` ends a block: a blank (or whitespace-only) line. */
function isBlank(line: string): boolean {
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 13) return false;
  }
  return true;
}

/** What of a text decides how the editor shows it: see {@link RUNAWAY_BLOCK}. */
interface Shape {
  block: boolean;
  line: boolean;
}

const PLAIN: Shape = { block: false, line: false };

/**
 * The shape of `lines`, the first of which starts a block: both facts in one pass. A
 * block's length counts its line breaks and the blank line that ends it.
 */
function shapeOfLines(lines: Iterable<string>): Shape {
  let block = false;
  // The block's length up to the end of the line before; -1 when a block starts here.
  let run = -1;
  for (const line of lines) {
    // Such a line is inside such a block: nothing more to learn.
    if (line.length > RUNAWAY_BLOCK) return { block: true, line: true };
    if (block) continue;
    run = run < 0 ? line.length : run + 1 + line.length;
    if (run > RUNAWAY_BLOCK) block = true;
    else if (isBlank(line)) run = -1;
  }
  return { block, line: false };
}

function shapeOf(doc: Text): Shape {
  // A text shorter than the limit has nothing runaway: no scan for everyday posts.
  if (doc.length <= RUNAWAY_BLOCK) return PLAIN;
  return shapeOfLines(doc.iterLines());
}

function wrappingFor(shape: Shape): Extension {
  return shape.line ? [] : EditorView.lineWrapping;
}

function markdownFor(shape: Shape): Extension {
  const content = shape.block ? markdown({ extensions: [{ remove: INLINE_SYNTAX }] }) : markdown();
  // Front matter is YAML, not a setext heading.
  return yamlFrontmatter({ content });
}

export function createEditor(parent: HTMLElement, hooks: EditorHooks, options: EditorOptions = {}): Editor {
  const readOnly = new Compartment();
  /** What setReadOnly last asked (load asks for writable), and how many holds outrank it. */
  let wanted = false;
  let holds = 0;
  const readOnlyNow = () => EditorState.readOnly.of(wanted || holds > 0);
  // Every change since takeEdits, from the keyboard and from disk alike: the preview
  // follows the text whatever changed it.
  let pending: ChangeSet | null = null;
  let replaced = true;
  // Whether the author was last told of a selection: an empty one is said once, not on
  // every keystroke.
  let selecting = false;
  const cursorMoved: (() => void)[] = [];
  const selectionChanged = (state: EditorState) => {
    if (!hooks.onSelection) return;
    const ranges = state.selection.ranges.filter((r) => !r.empty);
    if (ranges.length === 0 && !selecting) return;
    selecting = ranges.length > 0;
    hooks.onSelection(ranges.map((r) => state.sliceDoc(r.from, r.to)).join("\n"));
  };
  const language = new Compartment();
  const wrapping = new Compartment();
  let shape: Shape = PLAIN;
  let reshapeTimer: ReturnType<typeof setTimeout> | undefined;
  /** Looks at the text again; reconfigures only when its shape changed. */
  const reshape = () => {
    // Once per pause, over the lines the editor already holds: nothing is joined.
    const next = shapeOf(view.state.doc);
    if (next.block === shape.block && next.line === shape.line) return;
    shape = next;
    view.dispatch({ effects: [language.reconfigure(markdownFor(shape)), wrapping.reconfigure(wrappingFor(shape))] });
  };
  const extensions = () => [
    basicSetup,
    language.of(markdownFor(shape)),
    wrapping.of(wrappingFor(shape)),
    readOnly.of(readOnlyNow()),
    options.extensions?.() ?? [],
    // No Ctrl+S here: the window's binding (shortcuts.ts) sees the key from the editor too.
    EditorView.updateListener.of((update) => {
      if (update.selectionSet || update.docChanged) {
        selectionChanged(update.state);
        for (const f of cursorMoved) f();
      }
      if (!update.docChanged) return;
      // Edits change the text's shape too: a paste at once (it may bring a 5 MB line),
      // anything else once typing pauses (joining two blocks, or undoing a paste).
      clearTimeout(reshapeTimer);
      if (insertedLength(update.changes) > 1000) queueMicrotask(reshape);
      else if (update.state.doc.length > RUNAWAY_BLOCK || shape.block || shape.line) {
        reshapeTimer = setTimeout(reshape, 1000);
      }
      pending = pending ? pending.compose(update.changes) : update.changes;
      const external = update.transactions.some((tr) => tr.annotation(fromDisk));
      if (!external) hooks.onChange();
      hooks.onText?.(external ? "disk" : "author");
    }),
  ];
  const view = new EditorView({ parent, state: EditorState.create({ doc: "", extensions: extensions() }) });
  return {
    load(text: string) {
      wanted = false;
      clearTimeout(reshapeTimer);
      // Split as the state would split it, so that the shape is read off its lines.
      const doc = view.state.toText(text);
      shape = shapeOf(doc);
      view.setState(EditorState.create({ doc, extensions: extensions() }));
      pending = null;
      replaced = true;
      selectionChanged(view.state);
      for (const f of cursorMoved) f();
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
    hasEdits: () => pending !== null || replaced,
    focus: () => view.focus(),
    run(command) {
      view.focus();
      if (command === "undo") undo(view);
      else if (command === "redo") redo(view);
      else {
        openSearchPanel(view);
        // One panel finds and replaces: "replace" starts in its replace field.
        const field = view.dom.querySelector<HTMLInputElement>(
          command === "replace" ? ".cm-search input[name=replace]" : ".cm-search input[name=search]",
        );
        field?.focus();
        field?.select();
      }
    },
    isReadOnly: () => view.state.readOnly,
    setReadOnly(value: boolean) {
      wanted = value;
      view.dispatch({ effects: readOnly.reconfigure(readOnlyNow()) });
    },
    hold(held: boolean) {
      holds = Math.max(0, holds + (held ? 1 : -1));
      view.dispatch({ effects: readOnly.reconfigure(readOnlyNow()) });
    },
    reconfigure(effects) {
      view.dispatch({ effects });
    },
    scroller: view.scrollDOM,
    topLine() {
      // The document's height at the scroller's top edge; CodeMirror knows every line's
      // height (measured or estimated), so no line is laid out for this.
      const height = view.scrollDOM.getBoundingClientRect().top - view.documentTop;
      const block = view.lineBlockAtHeight(Math.max(0, height));
      const line = view.state.doc.lineAt(block.from).number;
      const fraction = block.height > 0 ? Math.min(1, Math.max(0, (height - block.top) / block.height)) : 0;
      return { line, fraction };
    },
    scrollToLine(line, fraction = 0) {
      const from = lineStart(view.state, line);
      const height = view.lineBlockAt(from).height;
      // Through CodeMirror's own scrolling, which places the line once it is measured:
      // a far line's height is only an estimate until then. A negative margin goes past
      // the line's top by the fraction.
      view.dispatch({ effects: EditorView.scrollIntoView(from, { y: "start", yMargin: -fraction * height }) });
    },
    setCursorLine(line, scroll = "nearest") {
      const from = lineStart(view.state, line);
      // At the top, exactly: the preview puts the same line level with it.
      const effects = EditorView.scrollIntoView(from, { y: scroll, yMargin: scroll === "start" ? 0 : 5 });
      view.dispatch({ selection: { anchor: from }, effects });
    },
    cursorLine: () => view.state.doc.lineAt(view.state.selection.main.head).number,
    lineCount: () => view.state.doc.lines,
    onCursor(f) {
      cursorMoved.push(f);
    },
  };
}

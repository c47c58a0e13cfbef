// The editor and the preview scrolled together, block by block, both ways.
//
// The side the author scrolls leads: the line at the editor's top and the element of the
// preview that starts on it (or the two either side, interpolated between) are put level
// with each other. A scroll this module makes would come back as a scroll event of the
// side it drove; that side's events are taken as echoes until a few frames pass without
// one (the scrolls CodeMirror makes once it has measured a far line are echoes too). Input
// on a side (wheel, touch, pointer, keys) is the author's and ends the wait at once.
//
// Everything runs at most once a frame and costs a binary search over the blocks plus
// one block's elements: a post of 100,000 words scrolls as lightly as a short one.
import type { Editor } from "./editor";
import type { ArticleView, Span } from "./preview";

export type Side = "editor" | "preview";

/** Frames without an echo after which a driven side is the author's again. */
export const HOLD_FRAMES = 3;

export interface ScrollSyncElements {
  /** The article: clicks and image loads are caught here. */
  preview: HTMLElement;
  /** What scrolls the preview (the preview pane). */
  pane: HTMLElement;
}

export type SyncedEditor = Pick<
  Editor,
  "scroller" | "topLine" | "scrollToLine" | "setCursorLine" | "cursorLine" | "lineCount" | "onCursor" | "focus"
>;

export interface ScrollSyncDeps {
  article: Pick<ArticleView, "anchors" | "anchorsAt" | "lineOf">;
  editor: SyncedEditor;
  /** Runs `f` before the next paint: requestAnimationFrame. */
  frame(f: () => void): void;
  /** Calls `f` when `el` changes size (a ResizeObserver); left out where there is none. */
  observeSize?(el: Element, f: () => void): void;
  /** An element's top and bottom in the pane's scrolled content; tests lay out by hand. */
  box?(el: Element): { top: number; bottom: number };
}

export interface ScrollSync {
  /** The outline's jump: `line` to the top of both sides, the cursor on it, the editor focused. */
  showLine(line: number): void;
}

/** How near the preview's bottom edge the cursor's block may come before it is brought up. */
const REVEAL_MARGIN = 24;

export function createScrollSync(els: ScrollSyncElements, deps: ScrollSyncDeps): ScrollSync {
  const { editor, article } = deps;
  const pane = els.pane;
  const box =
    deps.box ??
    ((el: Element) => {
      const r = el.getBoundingClientRect();
      const offset = pane.scrollTop - pane.getBoundingClientRect().top;
      return { top: r.top + offset, bottom: r.bottom + offset };
    });
  const top = (el: Element) => box(el).top;

  /** Frames left during which a side's scroll events are echoes of ours. */
  const held: Record<Side, number> = { editor: 0, preview: 0 };
  /** The side the author last scrolled: after a layout change the other follows it. */
  let leader: Side = "editor";
  /**
   * Where this module last sent the editor: CodeMirror scrolls at its next measure, and
   * until then (while the editor is held) its top line is not yet the one asked for.
   */
  let editorTarget: { line: number; fraction: number } | null = null;
  /** Where this module last sent the preview. */
  let paneTarget: number | null = null;
  /** The side the next frame brings the other level with. */
  let lead: Side | null = null;
  let reveal = false;
  /** Frames left in which the preview is brought level with the editor again. */
  let checks = 0;
  let requested = false;

  function request(): void {
    if (requested) return;
    requested = true;
    deps.frame(tick);
  }

  function tick(): void {
    requested = false;
    held.editor = Math.max(0, held.editor - 1);
    held.preview = Math.max(0, held.preview - 1);
    const from = lead;
    lead = null;
    // A hidden preview (distraction-free) has nothing to level; it is laid out again,
    // and followed, when it comes back.
    if (pane.clientHeight === 0) {
      reveal = false;
      checks = 0;
    } else if (from === "editor") {
      editorToPreview();
      checks = HOLD_FRAMES;
    } else if (from === "preview") {
      previewToEditor();
    } else if (checks > 0 && leader === "editor") {
      // Both sides place what is far off by estimated heights, and correct them once it
      // is laid out, often without a scroll event: look again for a few frames.
      checks--;
      editorToPreview();
    }
    if (reveal) {
      reveal = false;
      revealCursor();
    }
    if (held.editor > 0 || held.preview > 0 || checks > 0) request();
  }

  /**
   * Whether a side still shows where this module sent it: a scroll event then is the
   * side settling (CodeMirror correcting a far line's estimated height, late), not the
   * author, however many frames later it comes.
   */
  function atTarget(side: Side): boolean {
    if (side === "preview") return paneTarget !== null && Math.abs(pane.scrollTop - paneTarget) < 2;
    if (!editorTarget) return false;
    const now = editor.topLine();
    return Math.abs(now.line + now.fraction - (editorTarget.line + editorTarget.fraction)) < 1;
  }

  function scrolled(side: Side): void {
    if (held[side] > 0 || atTarget(side)) {
      // An echo; wait for the side to settle.
      held[side] = HOLD_FRAMES;
      request();
      return;
    }
    leader = side;
    lead = side;
    request();
  }

  /** The author's hand on a side: what scrolls it now is theirs. */
  const touched = (side: Side) => () => {
    held[side] = 0;
    if (side === "preview") paneTarget = null;
    else editorTarget = null;
  };
  for (const [side, el] of [["editor", editor.scroller], ["preview", pane]] as const) {
    el.addEventListener("scroll", () => scrolled(side), { passive: true });
    for (const type of ["wheel", "touchstart", "pointerdown", "keydown"]) {
      el.addEventListener(type, touched(side), { passive: true });
    }
  }

  // ---- Lines and heights -------------------------------------------------------------

  /** Where in the preview's content `line` (and `fraction` of it) lies. */
  function previewY(line: number, fraction: number): number | null {
    const span = article.anchors(line);
    if (!span) return null;
    const at = line + fraction;
    const fromY = top(span.from.element);
    if (at < span.from.line) {
      // Above the body (the front matter): the page's header, from the very top.
      return span.from.line > 1 ? (fromY * (at - 1)) / (span.from.line - 1) : fromY;
    }
    const [toLine, toY] = end(span);
    if (toLine <= span.from.line) return fromY;
    return fromY + (toY - fromY) * Math.min(1, (at - span.from.line) / (toLine - span.from.line));
  }

  /** The editor line (with its fraction) shown at height `y` of the preview's content. */
  function editorLine(y: number): number | null {
    const span = article.anchorsAt(y, top);
    if (!span) return null;
    const fromY = top(span.from.element);
    if (y < fromY) return fromY > 0 ? 1 + ((span.from.line - 1) * Math.max(0, y)) / fromY : span.from.line;
    const [toLine, toY] = end(span);
    if (toY <= fromY) return span.from.line;
    return span.from.line + (toLine - span.from.line) * Math.min(1, (y - fromY) / (toY - fromY));
  }

  /** The line and height a span ends at: its next anchor, or past the text's last line. */
  function end(span: Span): [number, number] {
    return span.to ? [span.to.line, top(span.to.element)] : [editor.lineCount() + 1, box(span.block).bottom];
  }

  // ---- Driving a side ----------------------------------------------------------------

  function scrollPane(y: number): void {
    const target = Math.max(0, y);
    if (Math.abs(pane.scrollTop - target) < 1) return;
    pane.scrollTop = target;
    paneTarget = pane.scrollTop;
    held.preview = HOLD_FRAMES;
    request();
  }

  const editorTop = () => (held.editor > 0 && editorTarget) || editor.topLine();

  function scrollEditor(line: number): void {
    const whole = Math.floor(line);
    const now = editorTop();
    if (now.line === whole && Math.abs(now.fraction - (line - whole)) < 0.01) return;
    editor.scrollToLine(whole, line - whole);
    editorTarget = { line: whole, fraction: line - whole };
    held.editor = HOLD_FRAMES;
    request();
  }

  /** Whether `el` is scrolled as far down as it goes (and can scroll at all). */
  const atBottom = (el: HTMLElement) =>
    el.scrollHeight > el.clientHeight && el.scrollTop > 0 && el.scrollTop + el.clientHeight >= el.scrollHeight - 2;

  function editorToPreview(): void {
    // The ends meet even where the two sides' heights are not in proportion there.
    const target = held.editor > 0 ? editorTarget : null;
    if (!target && atBottom(editor.scroller)) return scrollPane(pane.scrollHeight - pane.clientHeight);
    const { line, fraction } = target ?? editor.topLine();
    const y = previewY(line, fraction);
    if (y !== null) scrollPane(y);
  }

  function previewToEditor(): void {
    if (atBottom(pane)) return scrollEditor(editor.lineCount());
    const line = editorLine(pane.scrollTop);
    if (line !== null) scrollEditor(line);
  }

  /** Brings the cursor's block into the preview's view if it is out of it. */
  function revealCursor(): void {
    const y = previewY(editor.cursorLine(), 0);
    if (y === null) return;
    const { scrollTop, clientHeight } = pane;
    if (y >= scrollTop && y <= scrollTop + Math.max(0, clientHeight - REVEAL_MARGIN)) return;
    scrollPane(y - clientHeight / 3);
  }

  // ---- What moves the sides ----------------------------------------------------------

  editor.onCursor(() => {
    leader = "editor";
    reveal = true;
    request();
  });

  /** The preview's layout changed (an image came, a block grew): it follows the editor again. */
  function relaid(): void {
    if (leader !== "editor") return;
    // The browser may move the pane to keep its content still: that is no author's scroll.
    held.preview = HOLD_FRAMES;
    lead = "editor";
    request();
  }
  // Load events do not bubble: caught on the way down.
  els.preview.addEventListener("load", relaid, true);
  deps.observeSize?.(els.preview, relaid);

  els.preview.addEventListener("click", (ev) => {
    const target = ev.target instanceof Element ? ev.target : null;
    if (!target) return;
    if (target.closest("a")) {
      // The preview is a picture of the page: a link there leaves the window for nowhere.
      ev.preventDefault();
      return;
    }
    // Text being selected to copy is no request to move the cursor.
    if (els.preview.ownerDocument.getSelection()?.isCollapsed === false) return;
    const line = article.lineOf(target);
    if (line === null) return;
    held.editor = HOLD_FRAMES;
    editorTarget = null;
    editor.setCursorLine(line);
    editor.focus();
    // The author is reading the preview: it stays put when its layout changes.
    leader = "preview";
    request();
  });
  els.preview.addEventListener("auxclick", (ev) => {
    if (ev.target instanceof Element && ev.target.closest("a")) ev.preventDefault();
  });

  return {
    showLine(line) {
      editor.setCursorLine(line, "start");
      editor.focus();
      editorTarget = { line, fraction: 0 };
      held.editor = HOLD_FRAMES;
      checks = HOLD_FRAMES;
      leader = "editor";
      const y = previewY(line, 0);
      if (y !== null) scrollPane(y);
      request();
    },
  };
}

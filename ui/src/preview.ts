// The article page in the preview, changed block by block.
//
// The core keeps the text and the article the window shows, and answers each batch of
// edits with a patch: the body blocks that changed, and the page around the body when
// that changed. Only those nodes are parsed, replaced and laid out again; the rest of a
// long post, and its images, stay as they are. A patch applies to one shown version: if
// the window shows another (a reply lost or late), it asks for the whole article.
//
// Each block also knows the editor line it starts on, for scroll sync and clicks: the
// core sends it beside the HTML (and shifts the lines of the blocks after an edit), while
// the elements inside a block carry only their line less the block's, so that typing a
// line above a block leaves its HTML, and so its nodes, as they are.
import type { PreviewPatch } from "./api";

/** A place in the preview tied to an editor line: an element and the line it starts on. */
export interface Anchor {
  element: Element;
  line: number;
}

/** The anchors either side of a line or a height, to interpolate between. */
export interface Span {
  from: Anchor;
  /** The next anchor down; null after the last block's last one. */
  to: Anchor | null;
  /** The top-level block `from` lies in. */
  block: Element;
}

export interface ArticleView {
  /** Applies a patch; false if it was made for another version than the one shown. */
  apply(patch: PreviewPatch): boolean;
  /** The editor line of an element of the body (its own or its nearest block's); null outside the body. */
  lineOf(el: Element): number | null;
  /**
   * The deepest anchor starting at or before `line` (the first block's if the line is
   * above it), and the next one. Binary search over the blocks, then one block's
   * elements: cheap enough for every scroll frame of a very long post.
   */
  anchors(line: number): Span | null;
  /**
   * The last anchor whose top is at or above `y` (the first block's if none), and the
   * next one, by `top`: an element's top in the scrolled content, in document order a
   * rising function.
   */
  anchorsAt(y: number, top: (el: Element) => number): Span | null;
}

/** The attribute an element of a block carries: its line less its block's. */
const OFFSET = "data-line-offset";

export function createArticleView(root: HTMLElement): ArticleView {
  let shown = 0;
  let body: Element | null = null;
  // The nodes of each body block, in order: a block is one element and its newline.
  let blocks: ChildNode[][] = [];
  // Beside each block: its element (none for a comment) and the editor line it starts on.
  let heads: (Element | null)[] = [];
  let lines: number[] = [];

  /** The first block at or after `i` that has an element, or the number of blocks. */
  function headFrom(i: number): number {
    while (i < heads.length && !heads[i]) i++;
    return i;
  }

  /** The anchor (from) and the next (to) inside block `i`, picked by `before`. */
  function within(i: number, before: (el: Element, line: number) => boolean): Span {
    const block = heads[i]!;
    const base = lines[i]!;
    let from: Anchor = { element: block, line: base };
    let to: Anchor | null = null;
    for (const el of Array.from(block.querySelectorAll(`[${OFFSET}]`))) {
      const line = base + offsetOf(el);
      if (!before(el, line)) {
        to = { element: el, line };
        break;
      }
      // The deepest at the same line wins: a list's first item rather than the list.
      if (line >= from.line) from = { element: el, line };
    }
    if (!to) {
      const next = headFrom(i + 1);
      if (next < heads.length) to = { element: heads[next]!, line: lines[next]! };
    }
    return { from, to, block };
  }

  /** The last block with an element for which `before` holds, else the first block. */
  function lastBlock(before: (i: number) => boolean): number | null {
    const first = headFrom(0);
    if (first >= heads.length) return null;
    // Blocks without an element (comments) are judged by the next one that has one.
    let lo = 0;
    let hi = heads.length - 1;
    let found = first;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const at = headFrom(mid);
      if (at < heads.length && before(at)) {
        found = at;
        lo = at + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  }

  function showShell(html: string): void {
    const next = parse(html);
    const liveBody = body;
    // The header and footer change in place; the body element and its blocks stay.
    patchChildren(root, next, (a, b) =>
      a === liveBody ? b instanceof Element && b.classList.contains("q-body") : a.isEqualNode(b),
    );
    if (liveBody && root.contains(liveBody)) return;
    body = root.querySelector(".q-body");
    body?.replaceChildren(...blocks.flat());
  }

  return {
    apply(patch) {
      const whole = patch.from === 0;
      if (!whole && patch.from !== shown) return false;
      if (whole) {
        for (const node of blocks.flat()) node.remove();
        blocks = [];
        heads = [];
        lines = [];
        body?.replaceChildren();
      }
      if (patch.shell) showShell(patch.shell.head + patch.shell.tail);
      if (!body) return false;
      const anchor = blocks[patch.start + patch.removed]?.[0] ?? null;
      for (const node of blocks.slice(patch.start, patch.start + patch.removed).flat()) {
        node.remove();
      }
      const fresh = patch.inserted.map((html) => Array.from(parse(html).childNodes));
      const fragment = document.createDocumentFragment();
      for (const nodes of fresh) fragment.append(...nodes);
      body.insertBefore(fragment, anchor);
      blocks.splice(patch.start, patch.removed, ...fresh);
      const freshHeads = fresh.map((nodes) => nodes.find((n): n is Element => n instanceof Element) ?? null);
      // A core that sent no line takes the block before's: lines stay in order.
      let last = lines[patch.start - 1] ?? 1;
      const freshLines = freshHeads.map((head, k) => {
        last = patch.lines[k] ?? last;
        head?.setAttribute("data-line", String(last));
        return last;
      });
      heads.splice(patch.start, patch.removed, ...freshHeads);
      lines.splice(patch.start, patch.removed, ...freshLines);
      if (patch.shift !== 0) {
        for (let i = patch.start + fresh.length; i < lines.length; i++) {
          const line = lines[i]! + patch.shift;
          lines[i] = line;
          heads[i]?.setAttribute("data-line", String(line));
        }
      }
      shown = patch.version;
      return true;
    },

    lineOf(el) {
      if (!body) return null;
      let block: Element | null = el;
      while (block && block.parentElement !== body) block = block.parentElement;
      const base = Number(block?.getAttribute("data-line") ?? NaN);
      if (!block || Number.isNaN(base)) return null;
      const inner = el.closest(`[${OFFSET}]`);
      return base + (inner && block.contains(inner) ? offsetOf(inner) : 0);
    },

    anchors(line) {
      const i = lastBlock((at) => lines[at]! <= line);
      return i === null ? null : within(i, (_el, l) => l <= line);
    },

    anchorsAt(y, top) {
      const i = lastBlock((at) => top(heads[at]!) <= y);
      return i === null ? null : within(i, (el) => top(el) <= y);
    },
  };
}

function offsetOf(el: Element): number {
  return Number(el.getAttribute(OFFSET)) || 0;
}

/**
 * Markup parsed off the page: a template's content is inert (no image loads, no layout).
 * The core renders with raw HTML disabled and every field escaped, so this markup holds
 * no script, and the CSP forbids inline script besides.
 */
function parse(html: string): DocumentFragment {
  const template = document.createElement("template");
  template.innerHTML = html;
  return template.content;
}

/**
 * Makes `target`'s children those of `next`, keeping the common run at each end and
 * descending while exactly one element differs from one of the same kind.
 */
function patchChildren(
  target: Node,
  next: Node,
  same: (live: ChildNode, fresh: ChildNode) => boolean,
): void {
  const old = Array.from(target.childNodes);
  const fresh = Array.from(next.childNodes);
  let start = 0;
  // Indexes below are in bounds by the loop conditions.
  while (start < old.length && start < fresh.length && same(old[start]!, fresh[start]!)) {
    start++;
  }
  let oldEnd = old.length;
  let freshEnd = fresh.length;
  while (oldEnd > start && freshEnd > start && same(old[oldEnd - 1]!, fresh[freshEnd - 1]!)) {
    oldEnd--;
    freshEnd--;
  }
  if (oldEnd === start && freshEnd === start) return;

  const a = old[start];
  const b = fresh[start];
  if (
    oldEnd - start === 1 &&
    freshEnd - start === 1 &&
    a instanceof Element &&
    b instanceof Element &&
    a.tagName === b.tagName &&
    sameAttributes(a, b) &&
    a.childNodes.length > 1
  ) {
    patchChildren(a, b, same);
    return;
  }
  const anchor = old[oldEnd] ?? null;
  for (const node of old.slice(start, oldEnd)) node.remove();
  for (const node of fresh.slice(start, freshEnd)) target.insertBefore(node, anchor);
}

function sameAttributes(a: Element, b: Element): boolean {
  if (a.attributes.length !== b.attributes.length) return false;
  for (const attr of Array.from(a.attributes)) {
    if (b.getAttribute(attr.name) !== attr.value) return false;
  }
  return true;
}

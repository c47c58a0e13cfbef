// The article page in the preview, changed block by block.
//
// The core keeps the text and the article the window shows, and answers each batch of
// edits with a patch: the body blocks that changed, and the page around the body when
// that changed. Only those nodes are parsed, replaced and laid out again; the rest of a
// long post, and its images, stay as they are. A patch applies to one shown version: if
// the window shows another (a reply lost or late), it asks for the whole article.
import type { PreviewPatch } from "./api";

export interface ArticleView {
  /** Applies a patch; false if it was made for another version than the one shown. */
  apply(patch: PreviewPatch): boolean;
}

export function createArticleView(root: HTMLElement): ArticleView {
  let shown = 0;
  let body: Element | null = null;
  // The nodes of each body block, in order: a block is one element and its newline.
  let blocks: ChildNode[][] = [];

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
      shown = patch.version;
      return true;
    },
  };
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

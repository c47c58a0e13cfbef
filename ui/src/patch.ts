// Applying a newly rendered article to the preview without rebuilding it.
//
// The core sends the whole article on every keystroke. Replacing the preview's HTML
// makes WebKit parse, style and lay out every block of a long post again, and reload
// its images; a keystroke changes one or two blocks. So the new markup is parsed off
// the page (a <template> is inert: no image loads, no layout) and only the run of
// children that differs is swapped in, descending while exactly one element differs.

/** Replaces the content of `target` with `html`, touching only what changed. */
export function patchHtml(target: Element, html: string): void {
  const template = document.createElement("template");
  template.innerHTML = html;
  patchChildren(target, template.content);
}

function patchChildren(target: Element, next: ParentNode): void {
  const old = Array.from(target.childNodes);
  const fresh = Array.from(next.childNodes);
  let start = 0;
  // Indexes below are in bounds by the loop conditions.
  while (start < old.length && start < fresh.length && old[start]!.isEqualNode(fresh[start]!)) {
    start++;
  }
  let oldEnd = old.length;
  let freshEnd = fresh.length;
  while (
    oldEnd > start &&
    freshEnd > start &&
    old[oldEnd - 1]!.isEqualNode(fresh[freshEnd - 1]!)
  ) {
    oldEnd--;
    freshEnd--;
  }
  if (oldEnd === start && freshEnd === start) return;

  // One element changed into one of the same kind: the difference is inside it (the
  // article body, say), so patch its children and keep the element itself.
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
    patchChildren(a, b);
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

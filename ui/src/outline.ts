// The outline: the post's headings, one row each, indented by level. A row takes both the
// editor and the preview to its heading; the heading of the section the cursor is in is
// marked. The core sends the headings with a render only when they changed, so a
// keystroke in a paragraph costs the outline nothing but finding the cursor's section.
import type { Heading } from "./api";

/** Whether the outline is open, across sessions: "open" or "closed". */
export const OUTLINE_KEY = "quire.outline";

export const NO_HEADINGS = "No headings yet";

export interface OutlineElements {
  panel: HTMLElement;
  toggle: HTMLElement;
}

export interface OutlineDeps {
  /** Takes both sides to `line`, at their top, with the cursor on it. */
  go(line: number): void;
  cursorLine(): number;
  storage: Pick<Storage, "getItem" | "setItem">;
}

export interface Outline {
  /** The post's headings, their lines counted in the whole text. */
  show(headings: Heading[]): void;
  /** The cursor moved: the section it is in is marked. */
  cursorMoved(): void;
  toggle(): void;
}

export function createOutline(els: OutlineElements, deps: OutlineDeps): Outline {
  let headings: Heading[] = [];
  /** The rows on screen; built when the panel is open, so a closed one costs nothing. */
  let rows: HTMLElement[] = [];
  let built = false;
  let current: HTMLElement | null = null;

  function build(): void {
    built = true;
    current = null;
    const keep = els.panel.scrollTop;
    if (headings.length === 0) {
      const empty = document.createElement("p");
      empty.className = "outline-empty";
      empty.textContent = NO_HEADINGS;
      rows = [];
      els.panel.replaceChildren(empty);
      return;
    }
    rows = headings.map((h) => {
      const row = document.createElement("button");
      row.type = "button";
      row.className = "outline-item";
      row.dataset.testid = "outline-item";
      row.dataset.line = String(h.line);
      row.dataset.level = String(h.level);
      row.textContent = h.text;
      row.title = h.text;
      return row;
    });
    els.panel.replaceChildren(...rows);
    els.panel.scrollTop = keep;
    mark();
  }

  /** Marks the last heading at or above the cursor (binary search: the rows are in order). */
  function mark(): void {
    if (!built) return;
    const line = deps.cursorLine();
    let lo = 0;
    let hi = headings.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (headings[mid]!.line <= line) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    const row = rows[found] ?? null;
    if (row === current) return;
    current?.classList.remove("current");
    current?.removeAttribute("aria-current");
    current = row;
    if (!row) return;
    row.classList.add("current");
    row.setAttribute("aria-current", "true");
    row.scrollIntoView({ block: "nearest" });
  }

  function setOpen(open: boolean): void {
    els.panel.hidden = !open;
    els.toggle.setAttribute("aria-pressed", String(open));
    if (open && !built) build();
    try {
      deps.storage.setItem(OUTLINE_KEY, open ? "open" : "closed");
    } catch {
      // Storage refused: the panel stays as it is for this session.
    }
  }

  els.panel.addEventListener("click", (ev) => {
    const row = ev.target instanceof Element ? ev.target.closest<HTMLElement>("[data-testid=outline-item]") : null;
    if (row) deps.go(Number(row.dataset.line));
  });
  els.toggle.addEventListener("click", () => setOpen(els.panel.hidden));
  let stored: string | null = null;
  try {
    stored = deps.storage.getItem(OUTLINE_KEY);
  } catch {
    // As if never chosen.
  }
  els.panel.hidden = stored !== "open";
  els.toggle.setAttribute("aria-pressed", String(stored === "open"));
  if (stored === "open") build();

  return {
    show(next) {
      headings = next;
      built = false;
      if (!els.panel.hidden) build();
    },
    cursorMoved: mark,
    toggle: () => setOpen(els.panel.hidden),
  };
}

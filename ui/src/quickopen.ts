// The quick switcher (Ctrl+P): a post opened by typing a few letters of its title. It
// matches over the rows the sidebar already holds, so it needs no round trip to the core;
// with 10,000 titles a keystroke must filter in a few milliseconds, hence the matcher
// below works on character codes of strings lowered once, and allocates per match only
// for the few that make the top of the list.
import type { PostRow } from "./api";

/** The most the switcher lists: past that, typing another letter is quicker than scrolling. */
export const QUICK_OPEN_LIMIT = 50;

/** A post with its title and path lowered once, ahead of every keystroke. */
export interface Candidate {
  post: PostRow;
  title: string;
  path: string;
}

export function candidates(posts: readonly PostRow[]): Candidate[] {
  return posts.map((post) => ({
    post,
    title: (post.title || post.path).toLowerCase(),
    path: post.path.toLowerCase(),
  }));
}

// The score of one matched character, and what adds to it.
const MATCH = 1;
/** The character follows the previous match: "tri" in "trip" beats "t…r…i". */
const CONSECUTIVE = 5;
/** The character starts a word: "tr" in "trip report" is the initials. */
const WORD_START = 6;
/** ...and the first word of all. */
const TEXT_START = 8;
/** Each run of skipped characters between the first and the last match... */
const GAP_START = 3;
/** ...and each character of it: "port" in "airport" beats the initials of "pizza on rye toast". */
const GAP = 1;
/** Per character of the text: of two equal matches the shorter title is the likelier. */
const LENGTH = 0.02;
/** A match in the path counts a little less than one in the title the author sees. */
const PATH = 2;

/**
 * How well `query` matches `text` as a subsequence, both lower case; null for no match.
 * The match is the shortest window ending where the query first completes (found forward
 * then backward, as fzf's first algorithm does): linear, with no table and no regex.
 */
export function fuzzyScore(query: string, text: string): number | null {
  const m = query.length;
  const n = text.length;
  if (m === 0) return 0;
  let q = 0;
  let end = -1;
  for (let i = 0; i < n; i++) {
    if (text.charCodeAt(i) === query.charCodeAt(q) && ++q === m) {
      end = i;
      break;
    }
  }
  if (end < 0) return null;
  let start = end;
  q = m - 1;
  for (let i = end; i >= 0; i--) {
    if (text.charCodeAt(i) === query.charCodeAt(q) && --q < 0) {
      start = i;
      break;
    }
  }
  let score = -n * LENGTH;
  let previous = -2;
  q = 0;
  for (let i = start; i <= end && q < m; i++) {
    if (text.charCodeAt(i) !== query.charCodeAt(q)) {
      score -= previous === i - 1 ? GAP_START + GAP : GAP;
      continue;
    }
    score += MATCH;
    if (i === 0) score += TEXT_START;
    else if (isBoundary(text.charCodeAt(i - 1))) score += WORD_START;
    if (previous === i - 1) score += CONSECUTIVE;
    previous = i;
    q++;
  }
  return score;
}

/** Not a letter or digit: what separates words in a title or a path. Non-ASCII counts as a letter. */
function isBoundary(code: number): boolean {
  return code < 128 && !((code >= 48 && code <= 57) || (code >= 97 && code <= 122));
}

/**
 * The best `limit` posts for `query`, best first: by score, then the most recently edited.
 * An empty query lists the most recently edited.
 */
export function quickMatches(query: string, all: readonly Candidate[], limit = QUICK_OPEN_LIMIT): PostRow[] {
  const q = query.trim().toLowerCase();
  // Kept sorted best first, at most `limit` long: an insertion only for a post that
  // makes the list, which after the first few keystrokes is rare.
  const top: { c: Candidate; score: number }[] = [];
  for (const c of all) {
    let score: number | null;
    if (q) {
      const title = fuzzyScore(q, c.title);
      const path = fuzzyScore(q, c.path);
      score = path === null ? title : title === null ? path - PATH : Math.max(title, path - PATH);
    } else {
      score = c.post.edited;
    }
    if (score === null) continue;
    if (top.length === limit && !better(score, c, top[limit - 1]!)) continue;
    let at = top.length;
    while (at > 0 && better(score, c, top[at - 1]!)) at--;
    top.splice(at, 0, { c, score });
    if (top.length > limit) top.pop();
  }
  return top.map((t) => t.c.post);
}

function better(score: number, c: Candidate, than: { c: Candidate; score: number }): boolean {
  if (score !== than.score) return score > than.score;
  if (c.post.edited !== than.c.post.edited) return c.post.edited > than.c.post.edited;
  return c.title < than.c.title;
}

export interface QuickOpenElements {
  /** The dialog: the input and the list. */
  dialog: HTMLElement;
  input: HTMLInputElement;
  list: HTMLUListElement;
}

export interface QuickOpenDeps {
  /** The posts the sidebar holds. */
  posts(): readonly PostRow[];
  open(id: number): Promise<void>;
}

export interface QuickOpen {
  show(): void;
  close(): void;
  /** Ctrl+P: shows the switcher, or closes it if shown. */
  toggle(): void;
}

export function createQuickOpen(els: QuickOpenElements, deps: QuickOpenDeps): QuickOpen {
  let lowered: Candidate[] = [];
  /** The rows `lowered` was made from: the sidebar hands a new array when the list changes. */
  let loweredFrom: readonly PostRow[] | null = null;
  let shown: PostRow[] = [];
  let selected = 0;
  /** Where the focus was before the switcher took it, to give it back. */
  let before: Element | null = null;

  function update(): void {
    const posts = deps.posts();
    if (posts !== loweredFrom) {
      lowered = candidates(posts);
      loweredFrom = posts;
    }
    shown = quickMatches(els.input.value, lowered);
    selected = 0;
    els.list.replaceChildren(
      ...shown.map((p, i) => {
        const li = document.createElement("li");
        li.className = "quick-open-item";
        li.dataset.testid = "quick-open-item";
        li.dataset.id = String(p.id);
        li.dataset.path = p.path;
        li.setAttribute("role", "option");
        li.dataset.index = String(i);
        const title = document.createElement("span");
        title.className = "post-title";
        title.textContent = p.title || p.path;
        const path = document.createElement("span");
        path.className = "quick-open-path";
        path.textContent = p.path;
        li.append(title, path);
        return li;
      }),
    );
    select(0);
  }

  function select(index: number): void {
    selected = Math.max(0, Math.min(shown.length - 1, index));
    Array.from(els.list.children).forEach((li, i) => {
      li.classList.toggle("selected", i === selected);
      li.setAttribute("aria-selected", String(i === selected));
      if (i === selected) li.scrollIntoView?.({ block: "nearest" });
    });
  }

  function show(): void {
    if (els.dialog.hidden) before = document.activeElement;
    els.dialog.hidden = false;
    els.input.value = "";
    update();
    els.input.focus();
  }

  function close(): void {
    if (els.dialog.hidden) return;
    els.dialog.hidden = true;
    if (before instanceof HTMLElement && before.isConnected) before.focus();
    before = null;
  }

  function choose(index: number): void {
    const post = shown[index];
    if (!post) return;
    close();
    void deps.open(post.id);
  }

  els.input.addEventListener("input", update);
  els.input.addEventListener("keydown", (ev) => {
    if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      ev.preventDefault();
      select(selected + (ev.key === "ArrowDown" ? 1 : -1));
    } else if (ev.key === "Enter") {
      ev.preventDefault();
      choose(selected);
    } else if (ev.key === "Escape") {
      ev.preventDefault();
      close();
    }
  });
  els.list.addEventListener("click", (ev) => {
    const li = (ev.target as Element | null)?.closest?.<HTMLLIElement>("li[data-index]");
    if (li) choose(Number(li.dataset.index));
  });
  // A click anywhere else puts the switcher away, as a menu would be.
  document.addEventListener("mousedown", (ev) => {
    if (!els.dialog.hidden && ev.target instanceof Node && !els.dialog.contains(ev.target)) close();
  });

  return {
    show,
    close,
    toggle: () => (els.dialog.hidden ? show() : close()),
  };
}

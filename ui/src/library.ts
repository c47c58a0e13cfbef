// The library's post list. Sorting and filtering happen here over the rows in memory, so
// a change of sort is instant; and the list is virtualized: with 10,000 posts the DOM
// holds only the few dozen rows in view, since laying out every row would make each
// scroll, click and keystroke in the window pay for all of them.
import { asCommandError, type Api, type FileState, type PostRow, type TagCount } from "./api";
import type { Say } from "./status";

export type SortKey = "date" | "title" | "edited" | "words";
/** `changed`: posts whose file changed since a target last received it. */
export type StatusFilter = "all" | "draft" | "published" | "scheduled" | "problems" | "changed";

/** How the author asked to see the list. */
export interface ListView {
  sort: SortKey;
  status: StatusFilter;
  /** A tag every shown post carries; "" for any. */
  tag: string;
}

/** One row of the list: a post, or the header of the posts that need attention. */
export type Entry = { kind: "post"; post: PostRow } | { kind: "header"; count: number };

/** Every row is this tall (px, as style.css has it): the window is computed, not measured. */
export const ROW_HEIGHT = 52;
/** Rows kept beyond each edge of the view, so a quick scroll does not show blank space. */
export const OVERSCAN = 10;
/** The height assumed before the list is laid out (and in tests, where nothing is). */
const FALLBACK_VIEWPORT = 800;

const SORTS: readonly SortKey[] = ["date", "title", "edited", "words"];
const FILTERS: readonly StatusFilter[] = ["all", "draft", "published", "scheduled", "problems", "changed"];

// One collator for every comparison: localeCompare would build one per call, and a sort
// of 10,000 titles makes some 140,000 comparisons.
const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });

/** A post that cannot be opened or rendered as it is, or whose file is gone. */
export function needsAttention(p: PostRow): boolean {
  return p.problem !== null || p.missing || p.conflicted;
}

/** What the list calls a post: an empty title would leave an empty row. */
export function displayTitle(p: PostRow): string {
  return p.title || p.path;
}

/**
 * A front matter date as a number to sort by; null when there is none or it cannot be
 * read as a date. Dates are as written, so a bare `2024-5-1` is taken too.
 */
export function dateKey(date: string | null): number | null {
  if (!date) return null;
  const parsed = Date.parse(date);
  if (!Number.isNaN(parsed)) return parsed;
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})/.exec(date.trim());
  return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : null;
}

/** The posts to show under `view`'s status and tag filters, in their given order. */
export function filterPosts(posts: readonly PostRow[], view: ListView): PostRow[] {
  const tag = view.tag.toLowerCase();
  return posts.filter((p) => {
    if (!statusShown(p, view.status)) return false;
    // Tags are as written in each file, so "Rust" and "rust" are one tag to the author.
    return !tag || p.tags.some((t) => t.toLowerCase() === tag);
  });
}

function statusShown(p: PostRow, status: StatusFilter): boolean {
  switch (status) {
    case "all":
      return true;
    case "problems":
      return needsAttention(p);
    case "changed":
      return p.changed_since_publish;
    default:
      return p.status === status;
  }
}

/** A new array of `posts` in `sort`'s order; ties go by title, then path. */
export function sortPosts(posts: readonly PostRow[], sort: SortKey): PostRow[] {
  // Keys worked out once per post, not once per comparison.
  const keyed = posts.map((post) => ({ post, title: displayTitle(post), key: sortKey(post, sort) }));
  keyed.sort((a, b) => {
    if (a.key !== b.key) {
      // No date (or no count yet) sorts last whichever way the keys go.
      if (a.key === null) return 1;
      if (b.key === null) return -1;
      return b.key - a.key;
    }
    return collator.compare(a.title, b.title) || collator.compare(a.post.path, b.post.path) || a.post.id - b.post.id;
  });
  return keyed.map((k) => k.post);
}

/** Newest, longest, most recently edited first: a bigger key comes first. */
function sortKey(p: PostRow, sort: SortKey): number | null {
  switch (sort) {
    case "date":
      return dateKey(p.date);
    case "edited":
      return p.edited;
    case "words":
      return p.words;
    case "title":
      return 0;
  }
}

/**
 * The rows of the list: the posts `view` shows in its order, then the ones that need
 * attention in a group of their own at the end, where they do not push the posts the
 * author works on down the list, yet stay in sight.
 */
export function arrange(posts: readonly PostRow[], view: ListView): Entry[] {
  const sorted = sortPosts(filterPosts(posts, view), view.sort);
  const entries: Entry[] = [];
  const attention: Entry[] = [];
  for (const post of sorted) (needsAttention(post) ? attention : entries).push({ kind: "post", post });
  if (attention.length > 0) entries.push({ kind: "header", count: attention.length }, ...attention);
  return entries;
}

/**
 * The rows to put in the DOM for a list scrolled to `scrollTop` and `viewport` px tall:
 * indices `start` (inclusive) to `end` (exclusive), those in view and `overscan` more on
 * each side.
 */
export function visibleRange(
  scrollTop: number,
  viewport: number,
  total: number,
  rowHeight = ROW_HEIGHT,
  overscan = OVERSCAN,
): { start: number; end: number } {
  const top = Math.max(0, scrollTop);
  const first = Math.floor(top / rowHeight);
  const last = Math.ceil((top + Math.max(0, viewport)) / rowHeight);
  const start = Math.min(total, Math.max(0, first - overscan));
  const end = Math.min(total, last + overscan);
  return { start, end: Math.max(start, end) };
}

/**
 * `posts` with the rows of `ids` replaced by `rows`: an asked id that is not answered was
 * deleted and goes, a row not in `posts` is new and comes last. The other rows stay the
 * same objects, which is what tells the list that their elements can stay.
 */
export function patchRows(posts: readonly PostRow[], ids: readonly number[], rows: readonly PostRow[]): PostRow[] {
  const asked = new Set(ids);
  const fresh = new Map(rows.map((r) => [r.id, r]));
  const out: PostRow[] = [];
  for (const p of posts) {
    if (!asked.has(p.id) && !fresh.has(p.id)) {
      out.push(p);
      continue;
    }
    const r = fresh.get(p.id);
    if (r) {
      out.push(r);
      fresh.delete(p.id);
    }
  }
  for (const r of fresh.values()) out.push(r);
  return out;
}

export interface LibraryElements {
  /** The scroll container; its rows are positioned in it. */
  list: HTMLUListElement;
  sort: HTMLSelectElement;
  status: HTMLSelectElement;
  tag: HTMLSelectElement;
  /** Says why the list is empty. */
  empty: HTMLElement;
}

export interface LibraryDeps {
  api: Pick<Api, "listPosts" | "postsById" | "listTags">;
  open(id: number): Promise<void>;
  say: Say;
  /** Runs `run` before the next paint (requestAnimationFrame; tests pass their own). */
  frame?: (run: () => void) => void;
}

export interface Library {
  /** Reads every row again. */
  refresh(): Promise<void>;
  /** Reads only the rows of `ids` again: the posts a change on disk or a save touched. */
  changed(ids: number[]): Promise<void>;
  /** Every post of the library, filtered or not, in the core's order. */
  posts(): readonly PostRow[];
  /** The posts the list shows, in its order (what "the next post" means to the author). */
  shown(): PostRow[];
  markActive(id: number | null): void;
  /** How each file stands against git's HEAD, by path; unchanged files are absent. */
  gitChanged(states: ReadonlyMap<string, FileState>): void;
}

interface Rendered {
  li: HTMLLIElement;
  entry: Entry;
  index: number;
}

export function createLibrary(els: LibraryElements, deps: LibraryDeps): Library {
  const { list } = els;
  const frame = deps.frame ?? ((run: () => void) => void requestAnimationFrame(run));
  let posts: PostRow[] = [];
  let entries: Entry[] = [];
  /** Post id to its index in `entries`. */
  let indexById = new Map<number, number>();
  let active: number | null = null;
  let git: ReadonlyMap<string, FileState> = new Map();
  const view: ListView = { sort: "date", status: "all", tag: "" };
  /** The rows in the DOM, by key: "p<id>" for a post, "header" for the header. */
  const rendered = new Map<string, Rendered>();
  let framed = false;

  // Gives the list its full height, so the scroll bar is right while most rows are absent.
  const spacer = document.createElement("li");
  spacer.className = "list-spacer";
  spacer.setAttribute("aria-hidden", "true");
  list.replaceChildren(spacer);

  // Reads and patches one at a time: a refresh answered after a newer patch would bring
  // back the rows that patch replaced.
  let turn: Promise<unknown> = Promise.resolve();
  function inTurn<T>(f: () => Promise<T>): Promise<T> {
    const run = turn.then(f);
    turn = run.catch(() => undefined);
    return run;
  }

  function viewport(): number {
    return list.clientHeight || FALLBACK_VIEWPORT;
  }

  /** Sorts and filters again, and shows the window. */
  function rearrange(): void {
    entries = arrange(posts, view);
    indexById = new Map();
    entries.forEach((e, i) => {
      if (e.kind === "post") indexById.set(e.post.id, i);
    });
    els.empty.textContent = posts.length === 0 ? "No posts yet" : "No posts match";
    els.empty.hidden = entries.length > 0;
    spacer.style.height = `${entries.length * ROW_HEIGHT}px`;
    render();
  }

  /** The row that has the keyboard focus, if one does. */
  function focusedKey(): string | null {
    const el = document.activeElement;
    return el instanceof HTMLLIElement && el.parentElement === list ? (el.dataset.key ?? null) : null;
  }

  /** Puts in the DOM the rows in view, keeping those already there that did not change. */
  function render(): void {
    const { start, end } = visibleRange(list.scrollTop, viewport(), entries.length);
    const wanted = new Map<string, number>();
    for (let i = start; i < end; i++) wanted.set(keyOf(entries[i]!), i);
    // The focused row stays however far it is scrolled: removing it would drop the focus.
    const focused = focusedKey();
    if (focused && !wanted.has(focused)) {
      const index = focused.startsWith("p") ? indexById.get(Number(focused.slice(1))) : undefined;
      if (index !== undefined) wanted.set(focused, index);
    }
    for (const [key, r] of rendered) {
      const index = wanted.get(key);
      if (index === undefined || !sameEntry(r.entry, entries[index]!)) {
        r.li.remove();
        rendered.delete(key);
      }
    }
    for (const [key, index] of wanted) {
      const entry = entries[index]!;
      let r = rendered.get(key);
      if (!r) {
        r = { li: entry.kind === "post" ? postItem(entry.post) : headerItem(entry.count), entry, index: -1 };
        r.li.dataset.key = key;
        rendered.set(key, r);
        list.append(r.li);
      }
      if (r.index !== index) {
        r.index = index;
        r.li.dataset.index = String(index);
        r.li.style.top = `${index * ROW_HEIGHT}px`;
      }
      if (entry.kind === "post") {
        r.li.classList.toggle("active", entry.post.id === active);
        markGit(r.li, git.get(entry.post.path));
      }
    }
    // A focused row that changed was made anew: the focus goes to the new one.
    if (focused && focusedKey() !== focused) rendered.get(focused)?.li.focus();
    setTabStop(focused);
  }

  /**
   * One row takes Tab (the focused one, else the open post, else the first in view);
   * the arrow keys move from there. Tabbing through every row would be hundreds of stops.
   */
  function setTabStop(focused: string | null): void {
    let stop = focused ?? (active !== null && rendered.has(`p${active}`) ? `p${active}` : null);
    if (!stop) {
      let first = Infinity;
      for (const [key, r] of rendered) {
        if (r.entry.kind === "post" && r.index < first) {
          first = r.index;
          stop = key;
        }
      }
    }
    for (const [key, r] of rendered) r.li.tabIndex = key === stop ? 0 : -1;
  }

  function scheduleRender(): void {
    if (framed) return;
    framed = true;
    frame(() => {
      framed = false;
      render();
    });
  }

  /** Scrolls the least that shows row `index` whole. */
  function scrollToIndex(index: number, center = false): void {
    const top = index * ROW_HEIGHT;
    const height = viewport();
    if (top >= list.scrollTop && top + ROW_HEIGHT <= list.scrollTop + height) return;
    list.scrollTop = center
      ? Math.max(0, top - (height - ROW_HEIGHT) / 2)
      : top < list.scrollTop
        ? top
        : top + ROW_HEIGHT - height;
  }

  /** Moves the focus to the post `step` rows on from row `from`, over the header. */
  function moveFocus(from: number, step: number): void {
    let i = from + step;
    while (entries[i]?.kind === "header") i += step;
    const entry = entries[i];
    if (entry?.kind !== "post") return;
    scrollToIndex(i);
    render();
    rendered.get(keyOf(entry))?.li.focus();
    // Focused after the render, so the tab stop follows now.
    setTabStop(keyOf(entry));
  }

  function showTags(tags: TagCount[]): void {
    const chosen = view.tag;
    const options = [option("", "All tags")];
    for (const t of tags) options.push(option(t.tag, `${t.tag} (${t.count.toLocaleString("en")})`));
    // A tag that is gone stays chosen, counted 0: the author sees why nothing matches.
    if (chosen && !tags.some((t) => t.tag === chosen)) options.push(option(chosen, `${chosen} (0)`));
    els.tag.replaceChildren(...options);
    els.tag.value = chosen;
  }

  /** The tag filter's counts; a failure leaves the old ones and does not fail the list. */
  async function readTags(): Promise<TagCount[] | null> {
    try {
      return await deps.api.listTags();
    } catch (e) {
      deps.say(asCommandError(e).message, "error");
      return null;
    }
  }

  function refresh(): Promise<void> {
    return inTurn(async () => {
      const [rows, tags] = await Promise.all([deps.api.listPosts(), readTags()]);
      posts = rows;
      rearrange();
      if (tags) showTags(tags);
    });
  }

  function changed(ids: number[]): Promise<void> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return Promise.resolve();
    return inTurn(async () => {
      const [rows, tags] = await Promise.all([deps.api.postsById(unique), readTags()]);
      posts = patchRows(posts, unique, rows);
      rearrange();
      if (tags) showTags(tags);
    });
  }

  function viewChanged(): void {
    list.scrollTop = 0;
    rearrange();
  }

  list.addEventListener("scroll", scheduleRender);
  if (typeof ResizeObserver !== "undefined") new ResizeObserver(scheduleRender).observe(list);
  list.addEventListener("click", (ev) => {
    const li = (ev.target as Element | null)?.closest?.<HTMLLIElement>("li[data-id]");
    if (li) void deps.open(Number(li.dataset.id));
  });
  list.addEventListener("keydown", (ev) => {
    const li = (ev.target as Element | null)?.closest?.<HTMLLIElement>("li[data-id]");
    if (!li) return;
    const index = Number(li.dataset.index);
    if (ev.key === "Enter") {
      void deps.open(Number(li.dataset.id));
    } else if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      // The container would scroll too.
      ev.preventDefault();
      moveFocus(index, ev.key === "ArrowDown" ? 1 : -1);
    } else if (ev.key === "Home" || ev.key === "End") {
      ev.preventDefault();
      moveFocus(ev.key === "Home" ? -1 : entries.length, ev.key === "Home" ? 1 : -1);
    }
  });
  els.sort.addEventListener("change", () => {
    view.sort = SORTS.find((s) => s === els.sort.value) ?? "date";
    viewChanged();
  });
  els.status.addEventListener("change", () => {
    view.status = FILTERS.find((s) => s === els.status.value) ?? "all";
    viewChanged();
  });
  els.tag.addEventListener("change", () => {
    view.tag = els.tag.value;
    viewChanged();
  });

  return {
    refresh,
    changed,
    gitChanged(states) {
      git = states;
      render();
    },
    posts: () => posts,
    shown: () => entries.flatMap((e) => (e.kind === "post" ? [e.post] : [])),
    markActive(id) {
      // Called on every change of the open post, keystrokes included.
      if (id === active) return;
      active = id;
      const index = id === null ? undefined : indexById.get(id);
      // Opened from the switcher or the search: show where it is in the list.
      if (index !== undefined) scrollToIndex(index, true);
      render();
    },
  };
}

function keyOf(entry: Entry): string {
  return entry.kind === "post" ? `p${entry.post.id}` : "header";
}

/** The same row as shown: an unchanged post keeps its row object across a patch. */
function sameEntry(a: Entry, b: Entry): boolean {
  return a.kind === "post" ? b.kind === "post" && a.post === b.post : b.kind === "header" && a.count === b.count;
}

function postItem(p: PostRow): HTMLLIElement {
  const li = document.createElement("li");
  li.className = "post-item";
  li.dataset.testid = "post-item";
  li.dataset.id = String(p.id);
  li.dataset.path = p.path;
  const title = document.createElement("span");
  title.className = "post-title";
  title.textContent = displayTitle(p);
  const meta = document.createElement("span");
  meta.className = "post-meta";
  meta.append(badge(p.status, `status-${p.status}`));
  if (p.problem) {
    meta.append(badge(p.problem.code === "front_matter" ? "front matter error" : "unreadable", "problem"));
    li.title = p.problem.message;
  }
  if (p.missing) meta.append(badge("missing on disk", "problem"));
  if (p.conflicted) {
    const mark = badge("conflict", "problem");
    mark.dataset.testid = "sync-conflict";
    mark.title = "Another machine changed the same lines: open the post to merge";
    meta.append(mark);
  }
  if (p.changed_since_publish) {
    const mark = badge("changed", "changed");
    mark.dataset.testid = "changed-since-publish";
    mark.title = `Changed since it was published${p.published_to.length > 0 ? ` to ${p.published_to.join(", ")}` : ""}`;
    meta.append(mark);
  }
  if (p.problem) {
    meta.append(span("post-reason", p.problem.message));
  } else {
    if (p.date) meta.append(span("post-date", shortDate(p.date)));
    // Words before tags: the row is narrow, and a count cut in half says nothing.
    // Not counted yet (the start-up scan lists posts first): nothing rather than a guess.
    if (p.words !== null) {
      meta.append(span("post-words", `${p.words.toLocaleString("en")} ${p.words === 1 ? "word" : "words"}`));
    }
    for (const tag of p.tags.slice(0, 2)) meta.append(span("tag", tag));
    if (p.tags.length > 2) meta.append(span("tag more", `+${p.tags.length - 2}`));
  }
  li.append(title, meta);
  return li;
}

const GIT_WORDS: Record<FileState, [string, string]> = {
  new: ["new", "Not yet committed to git: the next sync commits it"],
  changed: ["edited", "Changed since the last git commit: the next sync commits it"],
  removed: ["removed", "Removed since the last git commit"],
};

/** The row's mark of how its file stands against git's HEAD; none when unchanged. */
function markGit(li: HTMLLIElement, state: FileState | undefined): void {
  const now = state ?? "";
  if ((li.dataset.git ?? "") === now) return;
  li.querySelector(".git-mark")?.remove();
  if (!state) {
    delete li.dataset.git;
    return;
  }
  li.dataset.git = state;
  const [text, title] = GIT_WORDS[state];
  const mark = badge(text, "git-mark");
  mark.dataset.testid = "git-mark";
  mark.title = title;
  li.querySelector(".post-meta")?.prepend(mark);
}

function headerItem(count: number): HTMLLIElement {
  const li = document.createElement("li");
  li.className = "list-header";
  li.dataset.testid = "attention-header";
  li.setAttribute("role", "presentation");
  li.textContent = `Needs attention (${count.toLocaleString("en")})`;
  return li;
}

/** The day of an ISO date-time, which is all the row has room for; anything else as written. */
function shortDate(date: string): string {
  return /^\d{4}-\d{2}-\d{2}[T ]/.test(date) ? date.slice(0, 10) : date;
}

function badge(text: string, kind: string): HTMLSpanElement {
  return span(`badge ${kind}`, text);
}

function span(className: string, text: string): HTMLSpanElement {
  const s = document.createElement("span");
  s.className = className;
  s.textContent = text;
  return s;
}

function option(value: string, text: string): HTMLOptionElement {
  const o = document.createElement("option");
  o.value = value;
  o.textContent = text;
  return o;
}

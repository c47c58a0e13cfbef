// Full-text search as the author types, at the top of the sidebar: while the box holds a
// query, the results take the list's place. The core parses the query; this module only
// sends what was typed and shows the answer to the newest query.
import { asCommandError, type Api, type Mark, type SearchResults } from "./api";
import type { Clock, TimerId } from "./clock";
import type { Say } from "./status";

/** Typing pauses this long before a query goes out: most keystrokes are mid-word. */
export const SEARCH_DEBOUNCE_MS = 80;
/** While posts are still being indexed, the query is asked again this often. */
export const PENDING_POLL_MS = 1000;

export interface SearchElements {
  input: HTMLInputElement;
  /** The post list and its controls, hidden while results show. */
  library: HTMLElement;
  /** The results, the indexing line and the no-results line. */
  pane: HTMLElement;
  results: HTMLUListElement;
  pending: HTMLElement;
  empty: HTMLElement;
}

export interface SearchDeps {
  api: Pick<Api, "searchPosts">;
  open(id: number): Promise<void>;
  clock: Clock;
  say: Say;
}

export interface Search {
  /** Puts the cursor in the search box, its text selected (Ctrl+Shift+F). */
  focus(): void;
  /** Posts changed: asks again for the query shown, if any. */
  refresh(): void;
  markActive(id: number | null): void;
  /** Empties the box and shows the list again. */
  clear(): void;
}

export function createSearch(els: SearchElements, deps: SearchDeps): Search {
  const { clock } = deps;
  /** The number of the newest query sent; a reply to an older one is dropped. */
  let latest = 0;
  let timer: TimerId | undefined;
  let active: number | null = null;

  function query(): string {
    return els.input.value.trim();
  }

  function showPane(on: boolean): void {
    els.pane.hidden = !on;
    els.library.hidden = on;
  }

  /** The box changed: results for its text soon, or the list back at once. */
  function typed(): void {
    clock.clearTimeout(timer);
    timer = undefined;
    // A reply still on its way is for text no longer there.
    latest++;
    if (!query()) {
      els.results.replaceChildren();
      els.pending.hidden = true;
      els.empty.hidden = true;
      showPane(false);
      return;
    }
    showPane(true);
    timer = clock.setTimeout(() => void ask(), SEARCH_DEBOUNCE_MS);
  }

  async function ask(): Promise<void> {
    clock.clearTimeout(timer);
    timer = undefined;
    const text = query();
    if (!text) return;
    const mine = ++latest;
    try {
      const found = await deps.api.searchPosts(text);
      if (mine !== latest) return;
      show(found);
      // The index is still filling: the same query will find more in a moment.
      if (found.pending > 0) timer = clock.setTimeout(() => void ask(), PENDING_POLL_MS);
    } catch (e) {
      if (mine !== latest) return;
      deps.say(asCommandError(e).message, "error");
    }
  }

  function show(found: SearchResults): void {
    const focused = focusedResult();
    els.results.replaceChildren(
      ...found.hits.map((hit) => {
        const li = document.createElement("li");
        li.className = "search-result";
        li.dataset.testid = "search-result";
        li.dataset.id = String(hit.post.id);
        li.dataset.path = hit.post.path;
        li.tabIndex = -1;
        li.classList.toggle("active", hit.post.id === active);
        const title = document.createElement("span");
        title.className = "post-title";
        title.textContent = hit.post.title || hit.post.path;
        const snippet = document.createElement("span");
        snippet.className = "snippet";
        snippet.append(...marked(hit.snippet));
        li.append(title, snippet);
        return li;
      }),
    );
    els.empty.hidden = found.hits.length > 0;
    els.pending.hidden = found.pending === 0;
    els.pending.textContent = `Indexing… ${found.pending.toLocaleString("en")} ${found.pending === 1 ? "post" : "posts"} left`;
    // Asked again while the author was moving through the results: stay where they were.
    if (focused !== null) resultItems().find((li) => li.dataset.id === focused)?.focus();
  }

  function resultItems(): HTMLLIElement[] {
    return Array.from(els.results.children).filter((c): c is HTMLLIElement => c instanceof HTMLLIElement);
  }

  function focusedResult(): string | null {
    const el = document.activeElement;
    return el instanceof HTMLLIElement && el.parentElement === els.results ? (el.dataset.id ?? null) : null;
  }

  function clear(): void {
    els.input.value = "";
    typed();
  }

  els.input.addEventListener("input", typed);
  els.input.addEventListener("keydown", (ev) => {
    if (ev.key === "ArrowDown") {
      const first = resultItems()[0];
      if (first) {
        ev.preventDefault();
        first.focus();
      }
    } else if (ev.key === "Enter") {
      // The best hit, as in a browser's address bar.
      const first = resultItems()[0];
      if (first) void deps.open(Number(first.dataset.id));
    } else if (ev.key === "Escape") {
      ev.preventDefault();
      clear();
    }
  });
  els.results.addEventListener("click", (ev) => {
    const li = (ev.target as Element | null)?.closest?.<HTMLLIElement>("li[data-id]");
    if (li) void deps.open(Number(li.dataset.id));
  });
  els.results.addEventListener("keydown", (ev) => {
    const li = (ev.target as Element | null)?.closest?.<HTMLLIElement>("li[data-id]");
    if (!li) return;
    const items = resultItems();
    const at = items.indexOf(li);
    if (ev.key === "Enter") {
      void deps.open(Number(li.dataset.id));
    } else if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      ev.preventDefault();
      const next = ev.key === "ArrowDown" ? items[at + 1] : items[at - 1];
      // Up from the first result goes back to the box.
      (next ?? (ev.key === "ArrowUp" ? els.input : li)).focus();
    } else if (ev.key === "Escape") {
      ev.preventDefault();
      clear();
      els.input.focus();
    }
  });

  return {
    focus() {
      els.input.focus();
      els.input.select();
    },
    refresh() {
      if (query()) void ask();
    },
    markActive(id) {
      if (id === active) return;
      active = id;
      for (const li of resultItems()) li.classList.toggle("active", Number(li.dataset.id) === id);
    },
    clear,
  };
}

/** A snippet's pieces as nodes: plain text, and the matched terms in <mark>. */
export function marked(snippet: readonly Mark[]): Node[] {
  return snippet.map((m) => {
    if (!m.hit) return document.createTextNode(m.text);
    const mark = document.createElement("mark");
    mark.textContent = m.text;
    return mark;
  });
}

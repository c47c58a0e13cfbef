// @vitest-environment happy-dom
// Search as you type: a query a short pause after the last keystroke, the results in the
// list's place, and only the answer to the newest query shown.
import { beforeEach, describe, expect, it } from "vitest";
import type { SearchResults } from "../src/api";
import { createSearch, PENDING_POLL_MS, SEARCH_DEBOUNCE_MS, type Search } from "../src/search";
import { fakeClock, fakeCommand, press, row, settle, type FakeClock } from "./fakes";
import { byTestId as $ } from "./fakes";

let clock: FakeClock;
let searchPosts: ReturnType<typeof fakeCommand<[string], SearchResults>>;
let opened: number[];
let notices: [string, string | undefined][];
let search: Search;

const input = () => $<HTMLInputElement>("search");
const results = () => Array.from(document.querySelectorAll<HTMLLIElement>("[data-testid=search-result]"));

function type(text: string): void {
  input().value = text;
  input().dispatchEvent(new Event("input"));
}

function hits(...titles: string[]): SearchResults {
  return {
    hits: titles.map((title, i) => ({
      post: row({ id: i + 1, path: `${title.toLowerCase()}.md`, title }),
      snippet: [
        { text: "about ", hit: false },
        { text: title, hit: true },
        { text: " and <b>more</b>", hit: false },
      ],
    })),
    pending: 0,
  };
}

beforeEach(() => {
  document.body.innerHTML = `
    <input type="search" data-testid="search" />
    <div data-testid="library"><ul data-testid="post-list"></ul></div>
    <div data-testid="search-pane" hidden>
      <p data-testid="search-pending" hidden></p>
      <ul data-testid="search-results"></ul>
      <p data-testid="search-empty" hidden>No results</p>
    </div>`;
  clock = fakeClock();
  searchPosts = fakeCommand();
  opened = [];
  notices = [];
  search = createSearch(
    {
      input: input(),
      library: $("library"),
      pane: $("search-pane"),
      results: $<HTMLUListElement>("search-results"),
      pending: $("search-pending"),
      empty: $("search-empty"),
    },
    {
      api: { searchPosts },
      open: async (id) => {
        opened.push(id);
      },
      clock,
      say: (m, k) => notices.push([m, k]),
    },
  );
});

describe("searching as you type", () => {
  it("asks once typing pauses, and shows the results in the list's place", async () => {
    type("r");
    type("ru");
    type("rus ");
    expect($("search-pane").hidden).toBe(false);
    expect($("library").hidden).toBe(true);
    clock.advance(SEARCH_DEBOUNCE_MS - 1);
    expect(searchPosts.calls).toHaveLength(0);
    clock.advance(1);
    // Trimmed; the query language is the core's.
    expect(searchPosts.calls.map((c) => c.args)).toEqual([["rus"]]);
    searchPosts.last().resolve(hits("Rust", "Rusty"));
    await settle();
    expect(results().map((li) => li.dataset.path)).toEqual(["rust.md", "rusty.md"]);
    expect(results()[0]!.dataset.id).toBe("1");
    expect(results()[0]!.querySelector(".post-title")?.textContent).toBe("Rust");
  });

  it("shows a snippet's hits in <mark>, and its text as text", async () => {
    type("rust");
    clock.advance(SEARCH_DEBOUNCE_MS);
    searchPosts.last().resolve(hits("Rust"));
    await settle();
    const snippet = results()[0]!.querySelector(".snippet")!;
    expect(snippet.textContent).toBe("about Rust and <b>more</b>");
    expect(Array.from(snippet.querySelectorAll("mark"), (m) => m.textContent)).toEqual(["Rust"]);
    expect(snippet.querySelector("b")).toBeNull();
  });

  it("drops a late answer to an older query", async () => {
    type("ru");
    clock.advance(SEARCH_DEBOUNCE_MS);
    const older = searchPosts.last();
    type("rust");
    clock.advance(SEARCH_DEBOUNCE_MS);
    const newer = searchPosts.last();
    newer.resolve(hits("Rust"));
    await settle();
    older.resolve(hits("Ruby", "Rugby"));
    await settle();
    expect(results().map((li) => li.dataset.path)).toEqual(["rust.md"]);
  });

  it("drops an answer that comes after the box was emptied", async () => {
    type("ru");
    clock.advance(SEARCH_DEBOUNCE_MS);
    type("");
    expect($("search-pane").hidden).toBe(true);
    expect($("library").hidden).toBe(false);
    searchPosts.last().resolve(hits("Ruby"));
    await settle();
    expect(results()).toEqual([]);
    expect($("search-pane").hidden).toBe(true);
  });

  it("a failed older query says nothing; a failed newest one says why", async () => {
    type("a");
    clock.advance(SEARCH_DEBOUNCE_MS);
    const older = searchPosts.last();
    type("ab");
    clock.advance(SEARCH_DEBOUNCE_MS);
    older.reject({ code: "library", message: "old" });
    searchPosts.last().reject({ code: "library", message: "the index is busy" });
    await settle();
    expect(notices).toEqual([["the index is busy", "error"]]);
  });

  it("says when nothing was found", async () => {
    type("zzz");
    clock.advance(SEARCH_DEBOUNCE_MS);
    expect($("search-empty").hidden).toBe(true);
    searchPosts.last().resolve(hits());
    await settle();
    expect($("search-empty").hidden).toBe(false);
    expect($("search-empty").textContent).toBe("No results");
  });

  it("says how many posts are left to index, and asks again until none are", async () => {
    type("rust");
    clock.advance(SEARCH_DEBOUNCE_MS);
    searchPosts.last().resolve({ ...hits("Rust"), pending: 4321 });
    await settle();
    expect($("search-pending").hidden).toBe(false);
    expect($("search-pending").textContent).toBe("Indexing… 4,321 posts left");
    clock.advance(PENDING_POLL_MS);
    expect(searchPosts.calls).toHaveLength(2);
    searchPosts.last().resolve(hits("Rust", "Rusty"));
    await settle();
    expect($("search-pending").hidden).toBe(true);
    expect(results()).toHaveLength(2);
    clock.advance(PENDING_POLL_MS * 5);
    expect(searchPosts.calls).toHaveLength(2);
  });
});

describe("moving through the results", () => {
  beforeEach(async () => {
    type("rust");
    clock.advance(SEARCH_DEBOUNCE_MS);
    searchPosts.last().resolve(hits("Rust", "Rusty", "Rustic"));
    await settle();
  });

  it("Arrow Down from the box goes into the results; Up from the first goes back", () => {
    input().focus();
    expect(press(input(), "ArrowDown").defaultPrevented).toBe(true);
    expect(document.activeElement).toBe(results()[0]);
    press(results()[0]!, "ArrowDown");
    expect(document.activeElement).toBe(results()[1]);
    press(results()[1]!, "ArrowUp");
    press(results()[0]!, "ArrowUp");
    expect(document.activeElement).toBe(input());
  });

  it("click and Enter open the post; Enter in the box opens the first", () => {
    results()[1]!.click();
    press(results()[2]!, "Enter");
    press(input(), "Enter");
    expect(opened).toEqual([2, 3, 1]);
  });

  it("Esc clears the search and brings the list back", () => {
    press(input(), "Escape");
    expect(input().value).toBe("");
    expect($("search-pane").hidden).toBe(true);
    expect($("library").hidden).toBe(false);
    expect(results()).toEqual([]);
  });

  it("Esc from a result too, back into the box", () => {
    results()[1]!.focus();
    press(results()[1]!, "Escape");
    expect(input().value).toBe("");
    expect(document.activeElement).toBe(input());
  });

  it("marks the open post among the results", () => {
    search.markActive(2);
    expect(results().map((li) => li.classList.contains("active"))).toEqual([false, true, false]);
  });

  it("asked again when posts change, the focus stays on its result", async () => {
    results()[1]!.focus();
    search.refresh();
    expect(searchPosts.calls).toHaveLength(2);
    searchPosts.last().resolve(hits("Rust", "Rusty"));
    await settle();
    expect(document.activeElement).toBe(results()[1]);
  });

  it("Ctrl+Shift+F's focus selects the query, to type a new one over it", () => {
    search.focus();
    expect(document.activeElement).toBe(input());
    expect(input().selectionStart).toBe(0);
    expect(input().selectionEnd).toBe(4);
  });
});

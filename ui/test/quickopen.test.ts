// @vitest-environment happy-dom
// The quick switcher (Ctrl+P): the fuzzy matcher's ranking, and the dialog.
import { beforeEach, describe, expect, it } from "vitest";
import type { PostRow } from "../src/api";
import { candidates, createQuickOpen, fuzzyScore, quickMatches, type QuickOpen } from "../src/quickopen";
import { press as pressOn, row } from "./fakes";
import { byTestId as $ } from "./fakes";

const post = (id: number, title: string, over: Partial<PostRow> = {}) =>
  row({ id, title, path: `${title.toLowerCase().replace(/\W+/g, "-")}.md`, ...over });
const titlesFor = (query: string, posts: PostRow[], limit?: number) =>
  quickMatches(query, candidates(posts), limit).map((p) => p.title);

describe("fuzzy matching", () => {
  it("matches a subsequence, case aside, and nothing else", () => {
    expect(fuzzyScore("trp", "trip report")).not.toBeNull();
    expect(fuzzyScore("tpr", "trip report")).not.toBeNull();
    expect(fuzzyScore("rtp", "trip")).toBeNull();
    expect(fuzzyScore("x", "trip report")).toBeNull();
    expect(fuzzyScore("", "anything")).toBe(0);
    expect(titlesFor("TRIP", [post(1, "Trip Report")])).toEqual(["Trip Report"]);
  });

  it("ranks consecutive characters above scattered ones", () => {
    expect(fuzzyScore("rust", "rust notes")!).toBeGreaterThan(fuzzyScore("rust", "red umbrella stories today")!);
    expect(titlesFor("port", [post(1, "Pizza on rye toast"), post(2, "Airport")])).toEqual(["Airport", "Pizza on rye toast"]);
  });

  it("ranks word starts above the middle of words", () => {
    // "tr": the initials of Trip Report, against "tr" inside "Astral".
    expect(titlesFor("tr", [post(1, "Astral"), post(2, "Trip Report")])).toEqual(["Trip Report", "Astral"]);
    expect(titlesFor("wr", [post(1, "Awkward rhymes"), post(2, "Weekly review")])[0]).toBe("Weekly review");
  });

  it("ranks the shorter title first when the match is as good", () => {
    expect(titlesFor("rust", [post(1, "Rust in production at scale"), post(2, "Rust")])).toEqual([
      "Rust",
      "Rust in production at scale",
    ]);
  });

  it("the shortest window of the match counts, not the first letters found", () => {
    // A greedy match would take the "c" and "a" of "Cooking" and "apple".
    expect(fuzzyScore("cat", "cooking a cat")!).toBeGreaterThan(fuzzyScore("cat", "cooking a chart")!);
  });

  it("matches the path too, a little below the title", () => {
    const posts = [post(1, "Holiday", { path: "2019/summer/holiday.md" }), post(2, "Summer", { path: "summer.md" })];
    expect(titlesFor("summer", posts)).toEqual(["Summer", "Holiday"]);
  });

  it("an empty query lists the most recently edited first", () => {
    const posts = [post(1, "Old", { edited: 10 }), post(2, "New", { edited: 30 }), post(3, "Mid", { edited: 20 })];
    expect(titlesFor("", posts)).toEqual(["New", "Mid", "Old"]);
    expect(titlesFor("  ", posts)).toEqual(["New", "Mid", "Old"]);
  });

  it("equal scores: the most recently edited first", () => {
    const posts = [post(1, "Notes A", { edited: 1 }), post(2, "Notes B", { edited: 2 })];
    expect(titlesFor("notes", posts)).toEqual(["Notes B", "Notes A"]);
  });

  it("lists at most the limit, the best of all", () => {
    const posts = Array.from({ length: 10_000 }, (_, i) => post(i + 1, `Post number ${i + 1}`, { edited: i }));
    posts.push(post(20_000, "Postcard"));
    const found = quickMatches("postc", candidates(posts));
    expect(found[0]?.title).toBe("Postcard");
    expect(quickMatches("post", candidates(posts))).toHaveLength(50);
    expect(quickMatches("", candidates(posts))[0]?.title).toBe("Post number 10000");
    expect(quickMatches("post", candidates(posts), 5)).toHaveLength(5);
  });
});

// ---- The dialog -------------------------------------------------------------------------

let posts: PostRow[];
let opened: number[];
let quick: QuickOpen;

const shown = () => Array.from(document.querySelectorAll<HTMLLIElement>("[data-testid=quick-open-item]"));
const selected = () => shown().findIndex((li) => li.classList.contains("selected"));

function type(text: string): void {
  $<HTMLInputElement>("quick-open-input").value = text;
  $("quick-open-input").dispatchEvent(new Event("input"));
}

const press = (key: string) => pressOn($("quick-open-input"), key);

beforeEach(() => {
  document.body.innerHTML = `
    <input data-testid="elsewhere" />
    <div data-testid="quick-open" role="dialog" hidden>
      <input data-testid="quick-open-input" />
      <ul data-testid="quick-open-list"></ul>
    </div>`;
  posts = [
    post(1, "Trip report", { edited: 3 }),
    post(2, "Tree planting", { edited: 2 }),
    post(3, "Astral projection", { edited: 1 }),
  ];
  opened = [];
  quick = createQuickOpen(
    { dialog: $("quick-open"), input: $<HTMLInputElement>("quick-open-input"), list: $<HTMLUListElement>("quick-open-list") },
    {
      posts: () => posts,
      open: async (id) => {
        opened.push(id);
      },
    },
  );
});

describe("the quick switcher", () => {
  it("opens with the recently edited posts, the cursor in its box", () => {
    $("elsewhere").focus();
    quick.toggle();
    expect($("quick-open").hidden).toBe(false);
    expect(document.activeElement).toBe($("quick-open-input"));
    expect(shown().map((li) => li.dataset.path)).toEqual(["trip-report.md", "tree-planting.md", "astral-projection.md"]);
    expect(selected()).toBe(0);
  });

  it("filters as you type; Up and Down move the selection; Enter opens it and closes", () => {
    quick.show();
    type("tr");
    expect(shown().map((li) => li.dataset.path)).toEqual(["trip-report.md", "tree-planting.md", "astral-projection.md"]);
    type("tree");
    expect(shown().map((li) => li.dataset.path)).toEqual(["tree-planting.md"]);
    type("tr");
    expect(press("ArrowDown").defaultPrevented).toBe(true);
    press("ArrowDown");
    press("ArrowDown");
    expect(selected()).toBe(2);
    press("ArrowUp");
    expect(selected()).toBe(1);
    press("Enter");
    expect(opened).toEqual([2]);
    expect($("quick-open").hidden).toBe(true);
  });

  it("a click on a post opens it", () => {
    quick.show();
    shown()[2]!.querySelector("span")!.click();
    expect(opened).toEqual([3]);
    expect($("quick-open").hidden).toBe(true);
  });

  it("Esc closes and gives the focus back", () => {
    $("elsewhere").focus();
    quick.show();
    press("Escape");
    expect($("quick-open").hidden).toBe(true);
    expect(document.activeElement).toBe($("elsewhere"));
    expect(opened).toEqual([]);
  });

  it("a click outside closes; one inside does not", () => {
    quick.show();
    $("quick-open-input").dispatchEvent(new MouseEvent("mousedown", { bubbles: true }));
    expect($("quick-open").hidden).toBe(false);
    $("elsewhere").dispatchEvent(new MouseEvent("mousedown", { bubbles: true }));
    expect($("quick-open").hidden).toBe(true);
  });

  it("Ctrl+P again closes it", () => {
    quick.toggle();
    quick.toggle();
    expect($("quick-open").hidden).toBe(true);
  });

  it("Enter with nothing matching does nothing", () => {
    quick.show();
    type("qqq");
    expect(shown()).toEqual([]);
    press("Enter");
    expect(opened).toEqual([]);
    expect($("quick-open").hidden).toBe(false);
  });

  it("takes the sidebar's newest rows each time it opens", () => {
    quick.show();
    quick.close();
    posts = [...posts, post(4, "Tramway", { edited: 9 })];
    quick.show();
    expect(shown()[0]?.dataset.path).toBe("tramway.md");
  });

  it("the title is text, never markup", () => {
    posts = [post(1, "<img src=x onerror=alert(1)>")];
    quick.show();
    expect(shown()[0]!.querySelector("img")).toBeNull();
    expect(shown()[0]!.querySelector(".post-title")?.textContent).toBe("<img src=x onerror=alert(1)>");
  });
});

// @vitest-environment happy-dom
// The post list: its order, filters and groups (pure functions), the window of rows it
// puts in the DOM, and rows patched in place when posts change.
import { beforeEach, describe, expect, it } from "vitest";
import type { PostRow, TagCount } from "../src/api";
import {
  arrange,
  createLibrary,
  dateKey,
  filterPosts,
  patchRows,
  ROW_HEIGHT,
  sortPosts,
  visibleRange,
  type Library,
  type ListView,
} from "../src/library";
import { answering, fakeCommand, libraryElements, press, row, settle } from "./fakes";
import { byTestId as $ } from "./fakes";

const all: ListView = { sort: "date", status: "all", tag: "" };
const titles = (posts: readonly PostRow[]) => posts.map((p) => p.title);

describe("sorting", () => {
  const posts = [
    row({ id: 1, title: "beta", date: "2024-03-01", edited: 10, words: 500 }),
    row({ id: 2, title: "Alpha", date: null, edited: 30, words: 100 }),
    row({ id: 3, title: "gamma", date: "2024-05-01T09:00:00Z", edited: 20, words: 500 }),
    row({ id: 4, title: "delta", date: "2024-5-2", edited: 20, words: 1200 }),
    row({ id: 5, title: "epsilon", date: "someday", edited: 5, words: 0 }),
    row({ id: 6, title: "Aardvark", date: "2024-03-01", edited: 1, words: 7 }),
  ];

  it("by date: newest first, ties by title, posts without a (readable) date last", () => {
    expect(titles(sortPosts(posts, "date"))).toEqual(["delta", "gamma", "Aardvark", "beta", "Alpha", "epsilon"]);
  });

  it("by title: A to Z, whatever the case, numbers as numbers", () => {
    expect(titles(sortPosts(posts, "title"))).toEqual(["Aardvark", "Alpha", "beta", "delta", "epsilon", "gamma"]);
    const parts = [row({ id: 1, title: "Part 10" }), row({ id: 2, title: "part 2" })];
    expect(titles(sortPosts(parts, "title"))).toEqual(["part 2", "Part 10"]);
  });

  it("by last edited, most recent first, ties by title", () => {
    expect(titles(sortPosts(posts, "edited"))).toEqual(["Alpha", "delta", "gamma", "beta", "epsilon", "Aardvark"]);
  });

  it("by words, most first, ties by title", () => {
    expect(titles(sortPosts(posts, "words"))).toEqual(["delta", "beta", "gamma", "Alpha", "Aardvark", "epsilon"]);
  });

  it("a post without a title sorts by its path, as the list shows it", () => {
    const untitled = [row({ id: 1, title: "m" }), row({ id: 2, title: "", path: "b.md" })];
    expect(sortPosts(untitled, "title").map((p) => p.id)).toEqual([2, 1]);
  });

  it("leaves its input as it was", () => {
    const before = posts.map((p) => p.id);
    sortPosts(posts, "title");
    expect(posts.map((p) => p.id)).toEqual(before);
  });

  it("reads dates as the front matter writes them", () => {
    expect(dateKey("2024-05-01")).toBe(Date.UTC(2024, 4, 1));
    expect(dateKey("2024-5-1")).not.toBeNull();
    expect(dateKey("not a date")).toBeNull();
    expect(dateKey(null)).toBeNull();
    expect(dateKey("")).toBeNull();
  });
});

describe("filtering and grouping", () => {
  const posts = [
    row({ id: 1, title: "a", status: "draft", tags: ["Rust", "web"] }),
    row({ id: 2, title: "b", status: "published", tags: ["rust"] }),
    row({ id: 3, title: "c", status: "scheduled" }),
    row({ id: 4, title: "d", status: "draft", problem: { code: "front_matter", message: "bad" } }),
    row({ id: 5, title: "e", status: "published", missing: true, tags: ["rust"] }),
  ];

  it("by status", () => {
    expect(titles(filterPosts(posts, { ...all, status: "draft" }))).toEqual(["a", "d"]);
    expect(titles(filterPosts(posts, { ...all, status: "published" }))).toEqual(["b", "e"]);
    expect(titles(filterPosts(posts, { ...all, status: "scheduled" }))).toEqual(["c"]);
    expect(titles(filterPosts(posts, { ...all, status: "problems" }))).toEqual(["d", "e"]);
    expect(filterPosts(posts, all)).toHaveLength(5);
  });

  it("by tag, as one tag whatever its case", () => {
    expect(titles(filterPosts(posts, { ...all, tag: "rust" }))).toEqual(["a", "b", "e"]);
    expect(titles(filterPosts(posts, { ...all, tag: "Web" }))).toEqual(["a"]);
    expect(titles(filterPosts(posts, { ...all, tag: "rust", status: "draft" }))).toEqual(["a"]);
  });

  it("puts the posts that need attention last, under a header that counts them", () => {
    const entries = arrange(posts, { ...all, sort: "title" });
    expect(entries.map((e) => (e.kind === "post" ? e.post.title : `header ${e.count}`))).toEqual([
      "a",
      "b",
      "c",
      "header 2",
      "d",
      "e",
    ]);
  });

  it("the Problems filter shows only those, still under their header", () => {
    const entries = arrange(posts, { ...all, status: "problems" });
    expect(entries.map((e) => (e.kind === "post" ? e.post.title : "header"))).toEqual(["header", "d", "e"]);
  });

  it("no header when nothing needs attention, nothing when nothing matches", () => {
    expect(arrange(posts, { ...all, status: "scheduled" }).map((e) => e.kind)).toEqual(["post"]);
    expect(arrange(posts, { ...all, tag: "nope" })).toEqual([]);
  });
});

describe("the virtual window", () => {
  it("the rows in view and the overscan beyond each edge", () => {
    // 520px shows rows 0..9; 10 more below, none above the top.
    expect(visibleRange(0, 520, 10_000)).toEqual({ start: 0, end: 20 });
    // Scrolled to row 100: rows 90..119.
    expect(visibleRange(100 * ROW_HEIGHT, 520, 10_000)).toEqual({ start: 90, end: 120 });
    // Half a row scrolled: the partly shown rows count.
    expect(visibleRange(100 * ROW_HEIGHT + 26, 520, 10_000)).toEqual({ start: 90, end: 121 });
  });

  it("stays inside the list", () => {
    expect(visibleRange(9_995 * ROW_HEIGHT, 520, 10_000)).toEqual({ start: 9_985, end: 10_000 });
    expect(visibleRange(0, 520, 3)).toEqual({ start: 0, end: 3 });
    expect(visibleRange(0, 520, 0)).toEqual({ start: 0, end: 0 });
    // Rubber-band scrolling goes past the ends.
    expect(visibleRange(-200, 520, 100)).toEqual({ start: 0, end: 20 });
    // A list scrolled further than it now reaches, after rows went away.
    expect(visibleRange(5_000 * ROW_HEIGHT, 520, 100)).toEqual({ start: 100, end: 100 });
  });

  it("takes its row height and overscan as given", () => {
    expect(visibleRange(100, 100, 1_000, 10, 2)).toEqual({ start: 8, end: 22 });
  });
});

describe("patching rows", () => {
  const a = row({ id: 1, title: "a" });
  const b = row({ id: 2, title: "b" });
  const c = row({ id: 3, title: "c" });

  it("replaces the rows answered, drops the ones asked and not answered, adds new ones", () => {
    const b2 = row({ id: 2, title: "b2" });
    const d = row({ id: 4, title: "d" });
    const out = patchRows([a, b, c], [2, 3, 4], [b2, d]);
    expect(out).toEqual([a, b2, d]);
    // The rows not asked about are the same objects.
    expect(out[0]).toBe(a);
  });

  it("asking about nothing changes nothing", () => {
    expect(patchRows([a, b], [], [])).toEqual([a, b]);
  });
});

// ---- The list in the DOM ----------------------------------------------------------------

let posts: PostRow[];
let tags: TagCount[];
let opened: number[];
let notices: string[];
let frames: (() => void)[];
let listPosts: ReturnType<typeof answering<[], PostRow[]>>;
let postsById: ReturnType<typeof answering<[number[]], PostRow[]>>;
let listTags: ReturnType<typeof answering<[], TagCount[]>>;
let library: Library;

const list = () => $<HTMLUListElement>("post-list");
const items = () => Array.from(list().querySelectorAll<HTMLLIElement>("[data-testid=post-item]"));
const item = (id: number) => list().querySelector<HTMLLIElement>(`[data-id="${id}"]`);
const ids = () =>
  items()
    .sort((x, y) => Number(x.dataset.index) - Number(y.dataset.index))
    .map((li) => Number(li.dataset.id));
const runFrames = () => frames.splice(0).forEach((f) => f());

function many(n: number): PostRow[] {
  return Array.from({ length: n }, (_, i) =>
    row({ id: i + 1, path: `p${i + 1}.md`, title: `Post ${i + 1}`, date: null, edited: i, tags: i % 2 ? ["odd"] : [] }),
  );
}

function choose(testid: string, value: string): void {
  const select = $<HTMLSelectElement>(testid);
  select.value = value;
  select.dispatchEvent(new Event("change"));
}

beforeEach(() => {
  document.body.innerHTML = `
    <select data-testid="sort">
      <option value="date"></option><option value="title"></option>
      <option value="edited"></option><option value="words"></option>
    </select>
    <select data-testid="status-filter">
      <option value="all"></option><option value="draft"></option><option value="published"></option>
      <option value="scheduled"></option><option value="problems"></option>
    </select>
    <select data-testid="tag-filter"><option value="">All tags</option></select>
    <ul data-testid="post-list"></ul>
    <p data-testid="list-empty" hidden></p>`;
  posts = [];
  tags = [];
  opened = [];
  notices = [];
  frames = [];
  listPosts = answering(() => posts);
  postsById = answering((asked: number[]) => posts.filter((p) => asked.includes(p.id)));
  listTags = answering(() => tags);
  library = createLibrary(
    libraryElements(),
    {
      api: { listPosts, postsById, listTags },
      open: async (id) => {
        opened.push(id);
      },
      say: (m) => notices.push(m),
      frame: (run) => frames.push(run),
    },
  );
});

describe("the list of 10,000 posts", () => {
  beforeEach(async () => {
    posts = many(10_000);
    choose("sort", "title");
    await library.refresh();
  });

  it("holds only the rows in view in the DOM, in a spacer as tall as all of them", () => {
    expect(items().length).toBeGreaterThan(10);
    expect(items().length).toBeLessThan(60);
    const spacer = list().querySelector<HTMLElement>(".list-spacer")!;
    expect(spacer.style.height).toBe(`${10_000 * ROW_HEIGHT}px`);
    expect(ids().slice(0, 3)).toEqual([1, 2, 3]);
    expect(item(2)!.style.top).toBe(`${ROW_HEIGHT}px`);
  });

  it("renders the window scrolled to, once per frame", () => {
    list().scrollTop = 5_000 * ROW_HEIGHT;
    list().dispatchEvent(new Event("scroll"));
    list().dispatchEvent(new Event("scroll"));
    // Nothing until the frame, and one frame for both events.
    expect(item(1)).not.toBeNull();
    expect(frames).toHaveLength(1);
    runFrames();
    expect(item(1)).toBeNull();
    expect(items().length).toBeLessThan(60);
    const shown = ids();
    // Sorted by title, "Post 5001" is row 5000.
    expect(shown).toContain(5001);
    expect(item(5001)!.style.top).toBe(`${5_000 * ROW_HEIGHT}px`);
    // One contiguous run of rows.
    const indices = items().map((li) => Number(li.dataset.index)).sort((x, y) => x - y);
    expect(indices[indices.length - 1]! - indices[0]!).toBe(indices.length - 1);
  });

  it("keeps the elements of rows that stay in view while scrolling", () => {
    const row5 = item(5);
    list().scrollTop = 3 * ROW_HEIGHT;
    list().dispatchEvent(new Event("scroll"));
    runFrames();
    expect(item(5)).toBe(row5);
  });

  it("Arrow Down and Up move the focus from row to row, scrolling as needed", () => {
    item(1)!.focus();
    const ev = press(item(1)!, "ArrowDown");
    expect(ev.defaultPrevented).toBe(true);
    expect(document.activeElement).toBe(item(2));
    // Past the rows in the DOM: the list scrolls and the row is made.
    for (let i = 0; i < 40; i++) press(document.activeElement!, "ArrowDown");
    expect((document.activeElement as HTMLElement).dataset.id).toBe("42");
    expect(list().scrollTop).toBeGreaterThan(0);
    press(document.activeElement!, "ArrowUp");
    expect((document.activeElement as HTMLElement).dataset.id).toBe("41");
    press(document.activeElement!, "Enter");
    expect(opened).toEqual([41]);
    // One tab stop: the focused row.
    expect(items().filter((li) => li.tabIndex === 0)).toEqual([document.activeElement]);
  });

  it("the focused row is kept while scrolled away, so the focus is not lost", () => {
    item(3)!.focus();
    list().scrollTop = 5_000 * ROW_HEIGHT;
    list().dispatchEvent(new Event("scroll"));
    runFrames();
    expect(document.activeElement).toBe(item(3));
  });

  it("the open post is marked and scrolled to", () => {
    library.markActive(7_000);
    expect(item(7_000)?.classList.contains("active")).toBe(true);
    expect(list().scrollTop).toBeGreaterThan(6_900 * ROW_HEIGHT);
    expect(items().filter((li) => li.classList.contains("active"))).toHaveLength(1);
  });
});

describe("sorting and filtering in the list", () => {
  beforeEach(async () => {
    posts = [
      row({ id: 1, path: "a.md", title: "Apple", status: "draft", date: "2024-01-01", tags: ["fruit", "red", "sweet", "round"], words: 1234 }),
      row({ id: 2, path: "b.md", title: "Banana", status: "published", date: "2024-06-01", tags: ["fruit"], words: 1 }),
      row({ id: 3, path: "c.md", title: "Cherry", status: "scheduled", date: null, problem: { code: "not_text", message: "c.md is not a text file" } }),
    ];
    tags = [
      { tag: "fruit", count: 2 },
      { tag: "red", count: 1 },
    ];
    await library.refresh();
  });

  it("shows each row's title, status, date, words and first two tags", () => {
    const apple = item(1)!;
    expect(apple.querySelector(".post-title")?.textContent).toBe("Apple");
    expect(apple.querySelector(".badge.status-draft")?.textContent).toBe("draft");
    expect(apple.querySelector(".post-date")?.textContent).toBe("2024-01-01");
    expect(Array.from(apple.querySelectorAll(".tag"), (t) => t.textContent)).toEqual(["fruit", "red", "+2"]);
    expect(apple.querySelector(".post-words")?.textContent).toBe("1,234 words");
    expect(item(2)!.querySelector(".post-words")?.textContent).toBe("1 word");
    expect(item(3)!.querySelector(".post-reason")?.textContent).toBe("c.md is not a text file");
  });

  it("sorts newest first by default, the problems last", () => {
    expect(ids()).toEqual([2, 1, 3]);
    expect(list().querySelector("[data-testid=attention-header]")?.textContent).toBe("Needs attention (1)");
  });

  it("follows the sort and the status filter", () => {
    choose("sort", "title");
    expect(ids()).toEqual([1, 2, 3]);
    choose("status-filter", "problems");
    expect(ids()).toEqual([3]);
    choose("status-filter", "published");
    expect(ids()).toEqual([2]);
    expect(list().querySelector("[data-testid=attention-header]")).toBeNull();
  });

  it("lists the tags with their counts, and filters by one", () => {
    const tag = $<HTMLSelectElement>("tag-filter");
    expect(Array.from(tag.options, (o) => o.textContent)).toEqual(["All tags", "fruit (2)", "red (1)"]);
    choose("tag-filter", "red");
    expect(ids()).toEqual([1]);
  });

  it("says when no post matches", () => {
    choose("status-filter", "scheduled");
    expect($("list-empty").hidden).toBe(true);
    choose("tag-filter", "red");
    expect(items()).toEqual([]);
    expect($("list-empty").hidden).toBe(false);
    expect($("list-empty").textContent).toBe("No posts match");
  });
});

describe("changed(ids)", () => {
  beforeEach(async () => {
    posts = many(200);
    choose("sort", "title");
    await library.refresh();
  });

  it("reads only those rows, and patches them in place", async () => {
    const untouched = item(1);
    const before = item(2);
    posts = posts.map((p) => (p.id === 2 ? { ...p, title: "Post 2 renamed" } : p)).filter((p) => p.id !== 3);
    posts.push(row({ id: 201, path: "new.md", title: "Post 1 new", tags: [] }));
    await library.changed([2, 3, 201]);
    expect(postsById.calls).toEqual([[[2, 3, 201]]]);
    expect(listPosts.calls).toHaveLength(1);
    // The rows the change did not touch keep their elements; the changed one is new.
    expect(item(1)).toBe(untouched);
    expect(item(2)).not.toBe(before);
    expect(item(2)!.querySelector(".post-title")?.textContent).toBe("Post 2 renamed");
    expect(item(3)).toBeNull();
    expect(ids().slice(0, 4)).toEqual([1, 201, 2, 4]);
    expect(library.posts()).toHaveLength(200);
    // The tag counts may have changed too.
    expect(listTags.calls).toHaveLength(2);
  });

  it("a row that is gone in the core goes from the list", async () => {
    posts = posts.filter((p) => p.id !== 1);
    await library.changed([1]);
    expect(item(1)).toBeNull();
    expect(library.posts().some((p) => p.id === 1)).toBe(false);
  });

  it("nothing to read for no ids", async () => {
    await library.changed([]);
    expect(postsById.calls).toEqual([]);
  });

  it("waits for a refresh on its way, so an older full list does not undo the patch", async () => {
    const slowList = fakeCommand<[], PostRow[]>();
    const slowLibrary = createLibrary(
      libraryElements(),
      { api: { listPosts: slowList, postsById, listTags }, open: async () => {}, say: () => {}, frame: (run) => run() },
    );
    const refreshed = slowLibrary.refresh();
    posts = posts.map((p) => (p.id === 1 ? { ...p, title: "Post 1 newer" } : p));
    const patched = slowLibrary.changed([1]);
    await settle();
    expect(postsById.calls).toEqual([]);
    slowList.last().resolve(many(200));
    await refreshed;
    await patched;
    expect(slowLibrary.posts().find((p) => p.id === 1)?.title).toBe("Post 1 newer");
  });

  it("keeps the chosen tag even when it is gone, counted 0", async () => {
    tags = [{ tag: "odd", count: 100 }];
    await library.refresh();
    choose("tag-filter", "odd");
    tags = [];
    await library.changed([1]);
    expect($<HTMLSelectElement>("tag-filter").value).toBe("odd");
    expect($<HTMLSelectElement>("tag-filter").selectedOptions[0]?.textContent).toBe("odd (0)");
  });

  it("a failure to read the tags is said, and the list still shows", async () => {
    const failing = createLibrary(
      libraryElements(),
      {
        api: { listPosts, postsById, listTags: () => Promise.reject({ code: "library", message: "locked" }) },
        open: async () => {},
        say: (m) => notices.push(m),
      },
    );
    await failing.refresh();
    expect(notices).toEqual(["locked"]);
    expect(failing.posts()).toHaveLength(200);
  });
});

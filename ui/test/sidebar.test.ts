// @vitest-environment happy-dom
// The post list and the new-post form (the list's sorting, filters and virtual window:
// library.test.ts).
import { beforeEach, describe, expect, it } from "vitest";
import type { PostRow } from "../src/api";
import { createSidebar, type Sidebar } from "../src/sidebar";
import { answering, appInfo, libraryElements, row, settle, site } from "./fakes";
import { byTestId as $ } from "./fakes";

let posts: PostRow[];
let opened: number[];
let created: number;
let notices: string[];
let listPosts: ReturnType<typeof answering<[], PostRow[]>>;
let newPost: ReturnType<typeof answering<[string], PostRow>>;
let postsById: ReturnType<typeof answering<[number[]], PostRow[]>>;
let sidebar: Sidebar;

const items = () => Array.from(document.querySelectorAll<HTMLLIElement>("[data-testid=post-item]"));

beforeEach(() => {
  document.body.innerHTML = `
    <button data-testid="new-post"></button>
    <form data-testid="new-post-form" hidden>
      <input data-testid="new-title" />
      <button type="submit" data-testid="create-post"></button>
      <button type="button" data-testid="cancel-new-post"></button>
    </form>
    <select data-testid="sort"><option value="date"></option><option value="title"></option></select>
    <select data-testid="status-filter"><option value="all"></option></select>
    <select data-testid="tag-filter"><option value="">All tags</option></select>
    <ul data-testid="post-list"></ul>
    <p data-testid="list-empty" hidden></p>
    <span data-testid="folder"></span>`;
  posts = [
    row({ id: 1, path: "a-broken.md", title: "a-broken", problem: { code: "front_matter", message: "the front matter is malformed: line 2" } }),
    row({ id: 2, path: "b-binary.md", title: "b-binary", problem: { code: "not_text", message: "b-binary.md is not a text file" } }),
    row({ id: 3, path: "c-fine.md", title: "Fine", status: "published", date: "2024-05-01" }),
    row({ id: 4, path: "gone.md", title: "", missing: true }),
  ];
  opened = [];
  created = 0;
  notices = [];
  listPosts = answering(() => posts);
  newPost = answering((title: string) => {
    const made = row({ id: 9, path: "trip-report.md", title });
    posts = [...posts, made];
    return made;
  });
  postsById = answering((ids: number[]) => posts.filter((p) => ids.includes(p.id)));
  sidebar = createSidebar(
    {
      ...libraryElements(),
      newPost: $("new-post"),
      form: $<HTMLFormElement>("new-post-form"),
      title: $<HTMLInputElement>("new-title"),
      cancel: $("cancel-new-post"),
      folder: $("folder"),
    },
    {
      api: { listPosts, newPost, postsById, listTags: async () => [] },
      frame: (run) => run(),
      open: async (id) => {
        opened.push(id);
      },
      created: () => created++,
      say: (m) => notices.push(m),
    },
  );
});

describe("post list", () => {
  it("lists every post with its path, status and date; the ones needing attention last", async () => {
    await sidebar.refresh();
    expect(items().map((li) => li.dataset.path)).toEqual(["c-fine.md", "a-broken.md", "b-binary.md", "gone.md"]);
    expect($("post-list").querySelector("[data-testid=attention-header]")?.textContent).toBe("Needs attention (3)");
    const fine = items()[0]!;
    expect(fine.querySelector(".post-title")?.textContent).toBe("Fine");
    expect(fine.querySelector(".badge.status-published")?.textContent).toBe("published");
    expect(fine.textContent).toContain("2024-05-01");
    // A post without a title shows its path.
    expect(items()[3]!.querySelector(".post-title")?.textContent).toBe("gone.md");
  });

  it("names a problem by its code, and shows the core's words on hover", async () => {
    // The message mentions "front matter" for the binary file too: the badge must not care.
    posts[1] = row({ id: 2, path: "b-binary.md", problem: { code: "not_text", message: "no front matter here: not a text file" } });
    await sidebar.refresh();
    const item = (path: string) => items().find((li) => li.dataset.path === path);
    const [broken, binary] = [item("a-broken.md"), item("b-binary.md")];
    expect(broken!.querySelector(".badge.problem")?.textContent).toBe("front matter error");
    expect(broken!.title).toBe("the front matter is malformed: line 2");
    expect(binary!.querySelector(".badge.problem")?.textContent).toBe("unreadable");
    expect(binary!.title).toBe("no front matter here: not a text file");
  });

  it("marks a post missing on disk", async () => {
    await sidebar.refresh();
    expect(items()[3]!.textContent).toContain("missing on disk");
  });

  it("opens a post on click and on Enter", async () => {
    await sidebar.refresh();
    items()[0]!.click();
    items()[3]!.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true }));
    expect(opened).toEqual([3, 4]);
  });

  it("marks the open post, also across a refresh", async () => {
    await sidebar.refresh();
    sidebar.markActive(3);
    expect(items().filter((li) => li.classList.contains("active")).map((li) => li.dataset.id)).toEqual(["3"]);
    await sidebar.refresh();
    expect(items().filter((li) => li.classList.contains("active")).map((li) => li.dataset.id)).toEqual(["3"]);
    sidebar.markActive(null);
    expect(items().some((li) => li.classList.contains("active"))).toBe(false);
  });

  it("shows the folder, and the scan's progress meanwhile", () => {
    sidebar.showScan({ done: 1200, total: 3400 });
    expect($("folder").textContent).toBe("Reading the folder… 1,200 / 3,400");
    sidebar.showFolder(
      appInfo({ folder: "/blog", library: "/lib.sqlite3", log: "/q.log", site: site({ title: "", footer: "", author: "" }) }),
    );
    expect($("folder").textContent).toBe("/blog");
    expect($("folder").title).toBe("Library: /lib.sqlite3");
  });
});

describe("new post", () => {
  it("the button shows and hides the form", () => {
    $("new-post").click();
    expect($("new-post-form").hidden).toBe(false);
    $("new-post").click();
    expect($("new-post-form").hidden).toBe(true);
    sidebar.toggleNewPost(true);
    $("cancel-new-post").click();
    expect($("new-post-form").hidden).toBe(true);
  });

  it("creates, lists and opens the post, ready for typing", async () => {
    sidebar.toggleNewPost(true);
    $<HTMLInputElement>("new-title").value = "  Trip Report ";
    $<HTMLFormElement>("new-post-form").requestSubmit();
    await settle();
    expect(newPost.calls).toEqual([["Trip Report"]]);
    expect($("new-post-form").hidden).toBe(true);
    expect(items().map((li) => li.dataset.path)).toContain("trip-report.md");
    // Only the new row is read, not the whole library again.
    expect(listPosts.calls).toEqual([]);
    expect(postsById.calls).toEqual([[[9]]]);
    expect(opened).toEqual([9]);
    expect(created).toBe(1);
  });

  it("asks for a title first", async () => {
    sidebar.toggleNewPost(true);
    $<HTMLInputElement>("new-title").value = "   ";
    $<HTMLFormElement>("new-post-form").requestSubmit();
    await settle();
    expect(newPost.calls).toEqual([]);
    expect(notices).toEqual(["Give the new post a title first."]);
  });
});

// @vitest-environment happy-dom
// Renaming, duplicating and trashing the open post, against a fake core.
import { beforeEach, describe, expect, it } from "vitest";
import type { OpenedPost, PostRow, Renamed, TrashedPost } from "../src/api";
import { createCurrent, type Current } from "../src/current";
import { edited } from "../src/post";
import { createPostActions, nextPost, type PostActions } from "../src/postactions";
import type { DraftOutcome } from "../src/saving";
import { fakeCommand, loggedFlows, openedPost, row, settle, state } from "./fakes";
import { byTestId as $ } from "./fakes";

let renamePost: ReturnType<typeof fakeCommand<[number, string], Renamed>>;
let duplicatePost: ReturnType<typeof fakeCommand<[number], PostRow>>;
let trashPost: ReturnType<typeof fakeCommand<[number], TrashedPost>>;
let openPost: ReturnType<typeof fakeCommand<[number], OpenedPost>>;
let current: Current;
let log: string[];
let saveWorks: boolean;
let draftOutcome: DraftOutcome;
let shown: PostRow[];
let actions: PostActions;


beforeEach(() => {
  document.body.innerHTML = `
    <button data-testid="rename"></button>
    <button data-testid="duplicate"></button>
    <button data-testid="trash"></button>
    <form data-testid="rename-form" hidden>
      <input data-testid="rename-title" />
      <button type="submit" data-testid="rename-confirm"></button>
      <button type="button" data-testid="rename-cancel"></button>
    </form>
    <div data-testid="rename-links" hidden></div>`;
  renamePost = fakeCommand();
  duplicatePost = fakeCommand();
  trashPost = fakeCommand();
  openPost = fakeCommand();
  current = createCurrent((s) => actions.follow(s));
  log = [];
  saveWorks = true;
  draftOutcome = "kept";
  shown = [
    row({ id: 1, path: "a.md", title: "A" }),
    row({ id: 2, path: "b.md", title: "B" }),
    row({ id: 3, path: "c.md", title: "C" }),
  ];
  actions = createPostActions(
    {
      rename: $<HTMLButtonElement>("rename"),
      duplicate: $<HTMLButtonElement>("duplicate"),
      trash: $<HTMLButtonElement>("trash"),
      form: $<HTMLFormElement>("rename-form"),
      title: $<HTMLInputElement>("rename-title"),
      confirm: $<HTMLButtonElement>("rename-confirm"),
      cancel: $("rename-cancel"),
      links: $("rename-links"),
    },
    {
      api: { renamePost, duplicatePost, trashPost, openPost },
      current,
      editor: {
        reloadFromDisk: (t) => log.push(`reload ${t}`),
        load: (t) => log.push(`load ${JSON.stringify(t)}`),
        setReadOnly: (r) => log.push(`readOnly ${r}`),
      },
      render: { schedule: () => log.push("render"), restart: () => log.push("restart") },
      save: async () => {
        log.push("save");
        if (saveWorks) {
          const s = current.get();
          if (s) current.set({ ...s, dirty: false, unkept: false });
        }
        return saveWorks;
      },
      ...loggedFlows(log, () => draftOutcome),
      shown: () => shown,
      trashed: () => log.push("trash panel"),
      say: (m, k) => log.push(k === "error" ? `error ${m}` : `say ${m}`),
    },
  );
  current.set(state({ post: row({ id: 2, path: "b.md", title: "B" }) }));
});

function submitRename(title: string): void {
  $<HTMLInputElement>("rename-title").value = title;
  $<HTMLFormElement>("rename-form").dispatchEvent(new Event("submit", { cancelable: true }));
}

const moved = row({ id: 2, path: "a-better-title.md", title: "A better title", disk_hash: "h2" });

describe("renaming", () => {
  it("the form opens with the title to edit; Esc closes it", () => {
    $("rename").click();
    expect($("rename-form").hidden).toBe(false);
    expect($<HTMLInputElement>("rename-title").value).toBe("B");
    expect(document.activeElement).toBe($("rename-title"));
    $("rename-title").dispatchEvent(new KeyboardEvent("keydown", { key: "Escape", bubbles: true, cancelable: true }));
    expect($("rename-form").hidden).toBe(true);
  });

  it("renames, takes in the rewritten file and reads the row again", async () => {
    actions.startRename();
    submitRename("  A better title ");
    await settle();
    expect(log).toEqual([]);
    expect(renamePost.last().args).toEqual([2, "A better title"]);
    renamePost.last().resolve({ post: moved, links: [] });
    await settle();
    expect(current.get()?.post).toEqual(moved);
    expect($("rename-form").hidden).toBe(true);
    expect(openPost.last().args).toEqual([2]);
    openPost.last().resolve(openedPost({ post: moved, text: "---\ntitle: A better title\n---\n", base: "h2" }));
    await settle();
    expect(log).toEqual([
      "say Renamed to a-better-title.md",
      "reload ---\ntitle: A better title\n---\n",
      "render",
      "list [2]",
      "history",
    ]);
    expect(current.get()).toMatchObject({ base: "h2", dirty: false, post: moved });
    expect($("rename-links").hidden).toBe(true);
  });

  it("saves unsaved edits first, and renames only once they are in the file", async () => {
    current.update(2, edited);
    actions.startRename();
    submitRename("A better title");
    await settle();
    expect(log).toEqual(["save"]);
    expect(renamePost.calls).toHaveLength(1);
  });

  it("a save that failed renames nothing, and the form stays", async () => {
    current.update(2, edited);
    saveWorks = false;
    actions.startRename();
    submitRename("A better title");
    await settle();
    expect(log).toEqual(["save"]);
    expect(renamePost.calls).toHaveLength(0);
    expect($("rename-form").hidden).toBe(false);
  });

  it("a taken path keeps the form open, with what was typed, and says why", async () => {
    actions.startRename();
    submitRename("Taken");
    await settle();
    renamePost.last().reject({ code: "path_taken", message: "taken.md is another post's file (“Taken”)" });
    await settle();
    expect(log).toEqual(["error taken.md is another post's file (“Taken”)"]);
    expect($("rename-form").hidden).toBe(false);
    expect($<HTMLInputElement>("rename-title").value).toBe("Taken");
    expect(current.get()?.post.path).toBe("b.md");
    // The author tries another title from the same form.
    submitRename("Not taken");
    await settle();
    expect(renamePost.last().args).toEqual([2, "Not taken"]);
  });

  it("an empty title keeps the form open", async () => {
    actions.startRename();
    submitRename("   ");
    await settle();
    renamePost.last().reject({ code: "empty_title", message: "a post needs a title" });
    await settle();
    expect(log).toEqual(["error a post needs a title"]);
    expect($("rename-form").hidden).toBe(false);
  });

  it("lists the links to the old path", async () => {
    actions.startRename();
    submitRename("A better title");
    await settle();
    renamePost.last().resolve({
      post: moved,
      links: [
        { path: "other.md", title: "Other", line: 7, text: "See [B](b.md) — 🦀" },
        { path: "notes/x.md", title: "X", line: 2, text: "<b.md>" },
      ],
    });
    await settle();
    const panel = $("rename-links");
    expect(panel.hidden).toBe(false);
    expect(panel.querySelector("p")?.textContent).toBe("2 links point to the old path:");
    expect(Array.from(panel.querySelectorAll("[data-testid=rename-link]"), (li) => li.textContent)).toEqual([
      "other.md:7 See [B](b.md) — 🦀",
      "notes/x.md:2 <b.md>",
    ]);
    // Text, not markup.
    expect(panel.querySelector("b")).toBeNull();
  });

  it("typing while the file moved keeps the typing: no reload over it", async () => {
    actions.startRename();
    submitRename("A better title");
    await settle();
    renamePost.last().resolve({ post: moved, links: [] });
    await settle();
    current.update(2, edited);
    draftOutcome = "conflict";
    openPost.last().resolve(openedPost({ post: moved, text: "rewritten", base: "h2" }));
    await settle();
    expect(log).toEqual(["say Renamed to a-better-title.md", "keepDraft", "merge", "list [2]", "history"]);
  });

  it("nothing open: nothing to rename, the buttons are off", () => {
    current.set(null);
    actions.startRename();
    expect($("rename-form").hidden).toBe(true);
    expect($<HTMLButtonElement>("rename").disabled).toBe(true);
    expect($<HTMLButtonElement>("trash").disabled).toBe(true);
  });
});

describe("duplicating", () => {
  it("keeps the draft, copies, and opens the copy", async () => {
    void actions.duplicate();
    await settle();
    expect(duplicatePost.last().args).toEqual([2]);
    duplicatePost.last().resolve(row({ id: 9, path: "b-copy.md" }));
    await settle();
    expect(log).toEqual(["keepDraft", "list [9]", "open 9", "say Duplicated as b-copy.md"]);
  });
});

describe("trashing", () => {
  it("keeps the draft first, then opens the post that took its place in the list", async () => {
    $("trash").click();
    await settle();
    expect(log).toEqual(["keepDraft"]);
    // The list read again no longer holds it.
    shown = shown.filter((p) => p.id !== 2);
    trashPost.last().resolve({ id: 2, path: "b.md", title: "B", trashed_at: 0, files: 1 });
    await settle();
    expect(log.slice(1)).toEqual(["say Moved “B” to the trash", "readOnly true", "list [2]", "trash panel", "open 3"]);
  });

  it("the last post in the list: the one before it opens", async () => {
    current.set(state({ post: row({ id: 3, path: "c.md", title: "C" }) }));
    void actions.trash();
    await settle();
    shown = shown.slice(0, 2);
    trashPost.last().resolve({ id: 3, path: "c.md", title: "C", trashed_at: 0, files: 1 });
    await settle();
    expect(log).toContain("open 2");
  });

  it("the last post of all: the empty state", async () => {
    void actions.trash();
    await settle();
    shown = [];
    trashPost.last().resolve({ id: 2, path: "b.md", title: "", trashed_at: 0, files: 1 });
    await settle();
    expect(log.slice(1)).toEqual([
      "say Moved “b.md” to the trash",
      "readOnly true",
      "list [2]",
      "trash panel",
      'load ""',
      "restart",
    ]);
    expect(current.get()).toBeNull();
  });

  it("a draft that could not be kept: nothing is trashed", async () => {
    draftOutcome = "failed";
    await actions.trash();
    expect(trashPost.calls).toHaveLength(0);
    expect(current.get()?.post.id).toBe(2);
  });

  it("a refusal is said, and the post stays open", async () => {
    void actions.trash();
    await settle();
    trashPost.last().reject({ code: "io", message: "permission denied" });
    await settle();
    expect(log).toEqual(["keepDraft", "error permission denied"]);
    expect(current.get()?.post.id).toBe(2);
  });
});

describe("nextPost", () => {
  const posts = [
    row({ id: 1 }),
    row({ id: 2, problem: { code: "front_matter", message: "bad" } }),
    row({ id: 3 }),
    row({ id: 4, missing: true }),
  ];
  it("the one at the index, skipping what cannot be edited, else the nearest before", () => {
    expect(nextPost(posts, 0)?.id).toBe(1);
    expect(nextPost(posts, 1)?.id).toBe(3);
    expect(nextPost(posts, 3)?.id).toBe(3);
    expect(nextPost(posts, 9)?.id).toBe(3);
    expect(nextPost(posts, -1)?.id).toBe(1);
    expect(nextPost([], 0)).toBeNull();
  });
});

// Changes on disk reaching the open post.
import { beforeEach, describe, expect, it } from "vitest";
import type { Change, OpenedPost, PostRow } from "../src/api";
import { createCurrent, type Current } from "../src/current";
import { followDisk, type Disk } from "../src/disk";
import { edited } from "../src/post";
import type { DraftOutcome } from "../src/saving";
import { fakeCommand, loggedFlows, openedPost, row, settle, state } from "./fakes";

let openPost: ReturnType<typeof fakeCommand<[number], OpenedPost>>;
let restoreToDisk: ReturnType<typeof fakeCommand<[number], PostRow>>;
let current: Current;
let draftOutcome: DraftOutcome;
let log: string[];
let reloaded: string[];
let disk: Disk;

const modified = (id = 1): Change => ({ kind: "modified", id, path: "post.md" });

beforeEach(() => {
  openPost = fakeCommand();
  restoreToDisk = fakeCommand();
  current = createCurrent(() => {});
  current.set(state({ base: "h1" }));
  draftOutcome = "kept";
  log = [];
  reloaded = [];
  disk = followDisk({
    api: { openPost, restoreToDisk },
    current,
    editor: { reloadFromDisk: (t) => reloaded.push(t) },
    render: { schedule: () => log.push("render"), assetsChanged: () => log.push("assets") },
    ...loggedFlows(log, () => draftOutcome),
    say: (m) => log.push(`say ${m}`),
  });
});

describe("following the disk", () => {
  it("a post with nothing unsaved reloads silently, at the file's new version", async () => {
    disk.changed([modified()]);
    await settle();
    const newer = openedPost({ text: "newer", base: "h2", post: row({ disk_hash: "h2" }) });
    openPost.last().resolve(newer);
    await disk.settled();
    expect(reloaded).toEqual(["newer"]);
    expect(current.get()).toMatchObject({ base: "h2", dirty: false, conflict: false });
    expect(log).toEqual(["list [1]", "render", "history"]);
  });

  it("a post with unkept edits keeps the draft, and the core's answer decides", async () => {
    current.update(1, edited);
    draftOutcome = "kept";
    disk.changed([modified()]);
    await disk.settled();
    expect(openPost.calls).toHaveLength(0);
    expect(reloaded).toEqual([]);
    expect(log).toEqual(["list [1]", "keepDraft", "history"]);

    draftOutcome = "conflict";
    disk.changed([modified()]);
    await disk.settled();
    expect(log.slice(3)).toEqual(["list [1]", "keepDraft", "merge", "history"]);
  });

  it("edits typed while the file was read are not overwritten", async () => {
    disk.changed([modified()]);
    await settle();
    current.update(1, edited);
    openPost.last().resolve(openedPost({ text: "newer", base: "h2" }));
    await disk.settled();
    expect(reloaded).toEqual([]);
    expect(log).toContain("keepDraft");
  });

  it("a conflict from the core opens the merge", async () => {
    disk.changed([{ kind: "conflict", id: 1, path: "post.md" }]);
    await disk.settled();
    expect(log).toEqual(["list [1]", "merge", "history"]);
  });

  it("a reload that finds a conflict opens the merge", async () => {
    disk.changed([modified()]);
    await settle();
    openPost.last().resolve(openedPost({ from_draft: true, conflict: true }));
    await disk.settled();
    expect(log).toContain("merge");
    expect(current.get()?.conflict).toBe(true);
  });

  it("removed, then back", async () => {
    disk.changed([{ kind: "removed", id: 1, path: "post.md" }]);
    await disk.settled();
    expect(current.get()?.post.missing).toBe(true);
    disk.changed([{ kind: "created", id: 1, path: "post.md" }]);
    await settle();
    expect(current.get()?.post.missing).toBe(false);
    openPost.last().resolve(openedPost());
    await disk.settled();
  });

  it("renamed", async () => {
    disk.changed([{ kind: "renamed", id: 1, from: "post.md", to: "moved.md" }]);
    await disk.settled();
    expect(current.get()?.post.path).toBe("moved.md");
  });

  it("an image changed: no row changed, the preview reloads its images", async () => {
    disk.changed([{ kind: "asset", id: 1, path: "img.png" }]);
    await disk.settled();
    expect(log).toEqual(["list []", "assets", "history"]);
  });

  it("changes to other posts only refresh their rows in the list", async () => {
    disk.changed([modified(7), { kind: "removed", id: 8, path: "x.md" }]);
    await disk.settled();
    expect(log).toEqual(["list [7,8]", "history"]);
    expect(openPost.calls).toHaveLength(0);
    expect(current.get()?.post.missing).toBe(false);
  });

  it("batches are handled one at a time, in order", async () => {
    disk.changed([modified()]);
    disk.changed([{ kind: "renamed", id: 1, from: "post.md", to: "moved.md" }]);
    await settle();
    expect(current.get()?.post.path).toBe("post.md");
    openPost.last().resolve(openedPost());
    await disk.settled();
    expect(current.get()?.post.path).toBe("moved.md");
  });

  it("a failed batch is said, and the next one still handled", async () => {
    disk.changed([modified()]);
    await settle();
    openPost.last().reject({ code: "io", message: "gone" });
    disk.changed([{ kind: "removed", id: 1, path: "post.md" }]);
    await disk.settled();
    expect(log).toContain("say gone");
    expect(current.get()?.post.missing).toBe(true);
  });

  it("restore writes the missing file back", async () => {
    current.set(state({ post: row({ missing: true, disk_hash: null }), base: null, dirty: true }));
    const done = disk.restore();
    await settle();
    expect(log).toEqual(["keepDraft"]);
    restoreToDisk.last().resolve(row({ disk_hash: "h3" }));
    await done;
    expect(current.get()).toMatchObject({ base: "h3", dirty: false });
    expect(current.get()?.post.missing).toBe(false);
    expect(log).toContain("say Restored post.md");
    expect(log).toContain("list [1]");
  });
});

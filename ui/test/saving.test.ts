// Keeping drafts and saving files against a fake core: the base sent with each write,
// the core's conflict answers, and the order of writes.
import { beforeEach, describe, expect, it } from "vitest";
import type { DraftSaved, PostRow } from "../src/api";
import { DRAFT_IDLE_MS } from "../src/autosave";
import { createCurrent, type Current } from "../src/current";
import { edited } from "../src/post";
import { createSaving, type Saving } from "../src/saving";
import type { NoticeKind } from "../src/status";
import { fakeClock, fakeCommand, row, settle, state, type FakeClock } from "./fakes";

let saveDraft: ReturnType<typeof fakeCommand<[number, string, string | null], DraftSaved>>;
let saveDraftShown: ReturnType<typeof fakeCommand<[number, number, string | null], DraftSaved>>;
let savePost: ReturnType<typeof fakeCommand<[number, string, string | null], PostRow>>;
let clock: FakeClock;
let current: Current;
let text: string;
/** The version of the text the preview holds, when it is the editor's. */
let held: number | null;
let notices: [string, NoticeKind | undefined][];
let merges: number;
let listed: (number[] | undefined)[];
let saving: Saving;

function type(more: string): void {
  text += more;
  const s = current.get();
  if (s) current.update(s.post.id, edited);
  saving.edited();
}

beforeEach(() => {
  saveDraft = fakeCommand();
  saveDraftShown = fakeCommand();
  savePost = fakeCommand();
  clock = fakeClock();
  current = createCurrent(() => {});
  current.set(state({ base: "h1" }));
  text = "text";
  held = null;
  notices = [];
  merges = 0;
  listed = [];
  saving = createSaving({
    api: { saveDraft, saveDraftShown, savePost },
    current,
    editor: { text: () => text },
    held: () => held,
    clock,
    say: (m, k) => notices.push([m, k]),
    merge: async () => {
      merges++;
    },
    listChanged: async (ids) => {
      listed.push(ids);
    },
  });
});

describe("keeping the draft", () => {
  it("sends the text with the base it was edited from", async () => {
    type("!");
    clock.advance(DRAFT_IDLE_MS);
    await settle();
    expect(saveDraft.last().args).toEqual([1, "text!", "h1"]);
    expect(saveDraftShown.calls).toHaveLength(0);
    expect(current.get()).toMatchObject({ dirty: true, unkept: false });
    saveDraft.last().resolve({ conflict: false });
    await settle();
    expect(merges).toBe(0);
  });

  it("does nothing when every edit is kept", async () => {
    expect(await saving.keepDraft()).toBe("nothing");
    expect(saveDraft.calls).toHaveLength(0);
  });

  it("opens the merge when the core answers that the file moved", async () => {
    type("!");
    clock.advance(DRAFT_IDLE_MS);
    await settle();
    saveDraft.last().resolve({ conflict: true });
    await settle();
    expect(current.get()?.conflict).toBe(true);
    expect(merges).toBe(1);
  });

  it("does not bring back a merge the author put off", async () => {
    current.set(state({ conflict: true }));
    type("!");
    const outcome = saving.keepDraft();
    await settle();
    saveDraft.last().resolve({ conflict: true });
    expect(await outcome).toBe("kept");
    clock.advance(DRAFT_IDLE_MS);
    await settle();
    expect(merges).toBe(0);
  });

  it("counts the edits as unkept again when keeping failed", async () => {
    type("!");
    const outcome = saving.keepDraft();
    await settle();
    saveDraft.last().reject({ code: "library", message: "disk full" });
    expect(await outcome).toBe("failed");
    expect(current.get()?.unkept).toBe(true);
    expect(notices).toEqual([["Could not keep the draft: disk full", "error"]]);
  });

  it("an edit made while the draft is on its way stays unkept", async () => {
    type("!");
    const outcome = saving.keepDraft();
    await settle();
    type("?");
    saveDraft.last().resolve({ conflict: false });
    expect(await outcome).toBe("kept");
    expect(current.get()?.unkept).toBe(true);
  });
});

describe("keeping the draft the preview holds", () => {
  it("names the preview's version instead of sending the text", async () => {
    held = 7;
    type("!");
    clock.advance(DRAFT_IDLE_MS);
    await settle();
    expect(saveDraftShown.last().args).toEqual([1, 7, "h1"]);
    expect(saveDraft.calls).toHaveLength(0);
    expect(current.get()).toMatchObject({ dirty: true, unkept: false });
    saveDraftShown.last().resolve({ conflict: false });
    await settle();
    expect(saveDraft.calls).toHaveLength(0);
    expect(merges).toBe(0);
    expect(notices).toEqual([]);
  });

  it("asks the preview at each keeping: a version no longer known sends the text", async () => {
    held = 7;
    type("!");
    const first = saving.keepDraft();
    await settle();
    saveDraftShown.last().resolve({ conflict: false });
    expect(await first).toBe("kept");
    held = null;
    type("?");
    const second = saving.keepDraft();
    await settle();
    expect(saveDraft.last().args).toEqual([1, "text!?", "h1"]);
    expect(saveDraftShown.calls).toHaveLength(1);
    saveDraft.last().resolve({ conflict: false });
    expect(await second).toBe("kept");
  });

  it("sends the text at once when the preview moved on", async () => {
    held = 7;
    type("!");
    const outcome = saving.keepDraft();
    await settle();
    expect(saveDraft.calls).toHaveLength(0);
    saveDraftShown.last().reject({ code: "preview_out_of_step", message: "the preview holds version 8" });
    await settle();
    expect(saveDraft.last().args).toEqual([1, "text!", "h1"]);
    saveDraft.last().resolve({ conflict: false });
    expect(await outcome).toBe("kept");
    expect(notices).toEqual([]);
    expect(current.get()).toMatchObject({ dirty: true, unkept: false });
  });

  it("sends the text as it is by then, the edits since still unkept", async () => {
    held = 7;
    type("!");
    const outcome = saving.keepDraft();
    await settle();
    type("?");
    saveDraftShown.last().reject({ code: "preview_out_of_step", message: "the preview holds version 8" });
    await settle();
    expect(saveDraft.last().args).toEqual([1, "text!?", "h1"]);
    saveDraft.last().resolve({ conflict: false });
    expect(await outcome).toBe("kept");
    expect(current.get()?.unkept).toBe(true);
  });

  it("opens the merge when the core answers that the file moved", async () => {
    held = 7;
    type("!");
    clock.advance(DRAFT_IDLE_MS);
    await settle();
    saveDraftShown.last().resolve({ conflict: true });
    await settle();
    expect(current.get()?.conflict).toBe(true);
    expect(merges).toBe(1);
  });

  it("says any other failure, sending no text", async () => {
    held = 7;
    type("!");
    const outcome = saving.keepDraft();
    await settle();
    saveDraftShown.last().reject({ code: "library", message: "disk full" });
    await settle();
    expect(saveDraft.calls).toHaveLength(0);
    expect(await outcome).toBe("failed");
    expect(current.get()?.unkept).toBe(true);
    expect(notices).toEqual([["Could not keep the draft: disk full", "error"]]);
  });

  it("says a failure of the text sent after the preview moved on", async () => {
    held = 7;
    type("!");
    const outcome = saving.keepDraft();
    await settle();
    saveDraftShown.last().reject({ code: "preview_out_of_step", message: "the preview holds version 8" });
    await settle();
    saveDraft.last().reject({ code: "library", message: "disk full" });
    expect(await outcome).toBe("failed");
    expect(current.get()?.unkept).toBe(true);
    expect(notices).toEqual([["Could not keep the draft: disk full", "error"]]);
  });

  it("Ctrl+S writes the text itself all the same", async () => {
    held = 7;
    type("!");
    const done = saving.save();
    await settle();
    expect(savePost.last().args).toEqual([1, "text!", "h1"]);
    savePost.last().resolve(row({ disk_hash: "h2" }));
    expect(await done).toBe(true);
    expect(saveDraftShown.calls).toHaveLength(0);
  });
});

describe("saving to the file", () => {
  it("writes against the base, then takes the file's new version", async () => {
    type("!");
    const done = saving.save();
    await settle();
    expect(savePost.last().args).toEqual([1, "text!", "h1"]);
    savePost.last().resolve(row({ disk_hash: "h2" }));
    await done;
    expect(current.get()).toMatchObject({ base: "h2", dirty: false, unkept: false });
    expect(notices).toEqual([["Saved post.md", undefined]]);
    // Only the saved post's row is read again.
    expect(listed).toEqual([[1]]);
    // The save took the draft's place: no draft afterwards.
    clock.advance(DRAFT_IDLE_MS * 5);
    expect(saveDraft.calls).toHaveLength(0);
  });

  it("a refusal for a moved file keeps the draft and opens the merge", async () => {
    type("!");
    const done = saving.save();
    await settle();
    savePost.last().reject({ code: "disk_changed", message: "changed on disk" });
    await settle();
    expect(saveDraft.last().args).toEqual([1, "text!", "h1"]);
    saveDraft.last().resolve({ conflict: true });
    await done;
    expect(merges).toBe(1);
    expect(current.get()).toMatchObject({ conflict: true, dirty: true, unkept: false });
    expect(notices).toEqual([]);
  });

  it("Ctrl+S while a merge is pending asks the core, which refuses", async () => {
    current.set(state({ conflict: true, dirty: true }));
    const done = saving.save();
    await settle();
    expect(savePost.calls).toHaveLength(1);
    savePost.last().reject({ code: "disk_changed", message: "changed on disk" });
    await done;
    expect(merges).toBe(1);
  });

  it("any other failure is said, and the draft kept", async () => {
    type("!");
    const done = saving.save();
    await settle();
    savePost.last().reject({ code: "io", message: "read-only file system" });
    await settle();
    saveDraft.last().resolve({ conflict: false });
    await done;
    expect(notices).toEqual([["Not saved: read-only file system", "error"]]);
    expect(merges).toBe(0);
    expect(current.get()).toMatchObject({ dirty: true, unkept: false });
  });

  it("typing during the save leaves the editor dirty", async () => {
    type("!");
    const done = saving.save();
    await settle();
    type("?");
    savePost.last().resolve(row({ disk_hash: "h2" }));
    await done;
    expect(current.get()).toMatchObject({ base: "h2", dirty: true, unkept: true });
  });

  it("writes go one at a time, each with the base of the one before", async () => {
    type("!");
    const first = saving.save();
    const second = saving.save();
    await settle();
    expect(savePost.calls).toHaveLength(1);
    savePost.last().resolve(row({ disk_hash: "h2" }));
    await first;
    await settle();
    expect(savePost.calls).toHaveLength(2);
    expect(savePost.last().args[2]).toBe("h2");
    savePost.last().resolve(row({ disk_hash: "h2" }));
    await second;
  });

  it("a draft asked for during a save is sent after it, with the new base", async () => {
    type("!");
    const done = saving.save();
    await settle();
    type("?");
    clock.advance(DRAFT_IDLE_MS);
    await settle();
    expect(saveDraft.calls).toHaveLength(0);
    savePost.last().resolve(row({ disk_hash: "h2" }));
    await done;
    await settle();
    expect(saveDraft.last().args).toEqual([1, "text!?", "h2"]);
  });

  it("nothing open, nothing saved", async () => {
    current.set(null);
    await saving.save();
    expect(savePost.calls).toHaveLength(0);
  });
});

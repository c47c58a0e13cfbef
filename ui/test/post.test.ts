// The open post's transitions, one by one, and the status line they lead to.
import { describe, expect, it } from "vitest";
import {
  conflicted,
  diskReloaded,
  draftFailed,
  draftKept,
  edited,
  foundOnDisk,
  markedMissing,
  merged,
  opened,
  renamed,
  renamedTo,
  restoredToDisk,
  revisionRestored,
  saved,
  saveStateText,
  syncConflicted,
} from "../src/post";
import { openedPost, row, state } from "./fakes";

describe("open post transitions", () => {
  it("opened: a file as it is on disk", () => {
    const s = opened(openedPost({ base: "h1" }));
    expect(s).toEqual(state({ base: "h1" }));
    expect(saveStateText(s)).toBe("Saved to file");
  });

  it("opened: a draft kept from an earlier session", () => {
    const s = opened(openedPost({ from_draft: true }));
    expect(s.dirty).toBe(true);
    expect(s.unkept).toBe(false);
    expect(saveStateText(s)).toBe("Draft restored · not saved to file");
  });

  it("syncConflicted: the open post's new row, and its merge due; the text untouched", () => {
    const before = edited(state({ base: "h1" }));
    const s = syncConflicted(before, row({ conflicted: true }));
    expect(s.post.conflicted).toBe(true);
    expect(s.conflict).toBe(true);
    expect(s.base).toBe("h1");
    expect(s.dirty).toBe(true);
  });

  it("opened: a draft whose file changed since", () => {
    const s = opened(openedPost({ from_draft: true, conflict: true, base: "h0" }));
    expect(s.conflict).toBe(true);
    expect(s.base).toBe("h0");
  });

  it("edited: dirty and unkept, and the note gives way", () => {
    const s = edited(opened(openedPost({ from_draft: true })));
    expect(s).toMatchObject({ dirty: true, unkept: true, note: null });
    expect(saveStateText(s)).toBe("Typing…");
  });

  it("draftKept: the edits are safe in the library, not yet in the file", () => {
    const s = draftKept(edited(state()));
    expect(s).toMatchObject({ dirty: true, unkept: false });
    expect(saveStateText(s)).toBe("Draft kept · not saved to file");
  });

  it("draftFailed: the edits are unkept again", () => {
    const s = draftFailed(draftKept(edited(state())));
    expect(s).toMatchObject({ dirty: true, unkept: true });
  });

  it("saved: the file is the editor's text, at the new version", () => {
    const written = row({ disk_hash: "h2", title: "Retitled" });
    const s = saved(draftKept(edited(state({ conflict: true }))), written, false);
    expect(s).toEqual(state({ post: written, base: "h2" }));
    expect(saveStateText(s)).toBe("Saved to file");
  });

  it("saved: typing while it was written leaves the editor dirty", () => {
    const s = saved(edited(state()), row({ disk_hash: "h2" }), true);
    expect(s).toMatchObject({ base: "h2", dirty: true, unkept: true });
    expect(saveStateText(s)).toBe("Typing…");
  });

  it("saved: typing that was kept as a draft meanwhile is dirty but kept", () => {
    const s = saved(draftKept(edited(state())), row({ disk_hash: "h2" }), true);
    expect(s).toMatchObject({ dirty: true, unkept: false });
  });

  it("diskReloaded: takes the file's new version and base", () => {
    const newer = openedPost({ post: row({ disk_hash: "h9" }), text: "newer", base: "h9" });
    const s = diskReloaded(state({ note: "revision restored" }), newer);
    expect(s).toEqual(state({ post: newer.post, base: "h9" }));
  });

  it("conflicted: a merge is pending, nothing else changes", () => {
    const before = draftKept(edited(state()));
    expect(conflicted(before)).toEqual({ ...before, conflict: true });
  });

  it("merged: clean, at the merge's version", () => {
    const written = row({ disk_hash: "h5" });
    const s = merged(conflicted(edited(state())), written);
    expect(s).toEqual(state({ post: written, base: "h5" }));
  });

  it("restoredToDisk: the file is back, at its new version", () => {
    const back = row({ disk_hash: "h3" });
    const s = restoredToDisk(markedMissing(draftKept(edited(state()))), back);
    expect(s).toMatchObject({ post: back, base: "h3", dirty: false });
  });

  it("restoredToDisk: edits made meanwhile are still not in the file", () => {
    const s = restoredToDisk(edited(state()), row({ disk_hash: "h3" }));
    expect(s).toMatchObject({ dirty: true, unkept: true });
  });

  it("revisionRestored: dirty, with its own words until the next edit", () => {
    const s = revisionRestored(state());
    expect(s.dirty).toBe(true);
    expect(saveStateText(s)).toBe("Restored · not saved to file");
    expect(saveStateText(edited(s))).toBe("Typing…");
    expect(saveStateText(draftKept(edited(s)))).toBe("Draft kept · not saved to file");
  });

  it("markedMissing and foundOnDisk", () => {
    const gone = markedMissing(state());
    expect(gone.post.missing).toBe(true);
    expect(foundOnDisk(gone).post.missing).toBe(false);
    const there = state();
    expect(foundOnDisk(there)).toBe(there);
  });

  it("renamed: only the path changes", () => {
    const before = edited(state());
    const s = renamed(before, "new-name.md");
    expect(s).toEqual({ ...before, post: { ...before.post, path: "new-name.md" } });
  });

  it("renamedTo: the new title and path; the base waits for the rewritten file", () => {
    const before = state({ base: "h1" });
    const moved = row({ path: "new-title.md", title: "New title", disk_hash: "h2" });
    const s = renamedTo(before, moved);
    expect(s).toEqual({ ...before, post: moved });
    expect(s.base).toBe("h1");
    expect(saveStateText(s)).toBe("Saved to file");
  });

  it("transitions leave the state they are given as it was", () => {
    const before = state();
    const copy = structuredClone(before);
    edited(before);
    markedMissing(before);
    renamed(before, "x.md");
    renamedTo(before, row({ path: "y.md" }));
    saved(before, row({ disk_hash: "h2" }), false);
    expect(before).toEqual(copy);
  });

  it("no post open", () => {
    expect(saveStateText(null)).toBe("No post open");
  });
});

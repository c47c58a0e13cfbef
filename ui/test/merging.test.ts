// The merge flow against a fake core and a fake merge panel the test answers for the
// author.
import { beforeEach, describe, expect, it } from "vitest";
import type { MergeView, PostRow } from "../src/api";
import { createCurrent, type Current } from "../src/current";
import type { MergeChoice } from "../src/merge";
import { createMerging, type Merging } from "../src/merging";
import { fakeCommand, loggedFlows, row, settle, state } from "./fakes";

let mergeView: ReturnType<typeof fakeCommand<[number, string, string | null], MergeView>>;
let acceptMerge: ReturnType<typeof fakeCommand<[number, string, string], PostRow>>;
let current: Current;
let text: string;
let loaded: string[];
let shows: { view: MergeView; decide(choice: MergeChoice): void }[];
let log: string[];
let merging: Merging;

function view(theirs_hash: string): MergeView {
  return { base: "b", mine: "m", theirs: "t", theirs_hash, chunks: [], clean: "merged", remote: null };
}

/**
 * Opens the merge, shows the file at `theirs_hash` and accepts `text`. The flow's promise
 * comes back wrapped: awaiting it here would wait for the core's answer the test gives.
 */
async function acceptShown(theirs_hash: string, text: string): Promise<{ done: Promise<void> }> {
  const done = merging.open();
  await settle();
  mergeView.last().resolve(view(theirs_hash));
  await settle();
  shows[0]?.decide({ accepted: text });
  await settle();
  return { done };
}

beforeEach(() => {
  mergeView = fakeCommand();
  acceptMerge = fakeCommand();
  current = createCurrent(() => {});
  current.set(state({ base: "h1", dirty: true }));
  text = "mine";
  loaded = [];
  shows = [];
  log = [];
  merging = createMerging({
    api: { mergeView, acceptMerge },
    current,
    editor: { text: () => text, load: (t) => loaded.push(t) },
    ...loggedFlows(log),
    inTurn: (write) => {
      log.push("inTurn");
      return write();
    },
    show: (v) => new Promise((decide) => shows.push({ view: v, decide })),
    render: { schedule: () => log.push("render") },
    say: (m) => log.push(`say ${m}`),
  });
});

describe("merging", () => {
  it("keeps the draft, then asks for the merge against the base hash", async () => {
    void merging.open();
    await settle();
    expect(log).toEqual(["keepDraft"]);
    expect(mergeView.last().args).toEqual([1, "mine", "h1"]);
    mergeView.last().resolve(view("h2"));
    await settle();
    expect(current.get()?.conflict).toBe(true);
    expect(shows).toHaveLength(1);
  });

  it("writes the accepted text against the disk version shown, and is clean after", async () => {
    const { done } = await acceptShown("h2", "merged text");
    expect(acceptMerge.last().args).toEqual([1, "merged text", "h2"]);
    acceptMerge.last().resolve(row({ disk_hash: "h3" }));
    await done;
    expect(loaded).toEqual(["merged text"]);
    expect(current.get()).toMatchObject({ base: "h3", conflict: false, dirty: false });
    expect(log).toContain("say Merged and saved");
    expect(log).toContain("render");
    expect(log).toContain("list [1]");
  });

  it("put off: the conflict stays, nothing is written", async () => {
    const done = merging.open();
    await settle();
    mergeView.last().resolve(view("h2"));
    await settle();
    shows[0]?.decide({ accepted: null });
    await done;
    expect(acceptMerge.calls).toHaveLength(0);
    expect(current.get()?.conflict).toBe(true);
  });

  it("reopens against the newer file when the file moved again", async () => {
    const { done } = await acceptShown("h2", "merged text");
    acceptMerge.last().reject({ code: "disk_changed", message: "changed again" });
    await settle();
    expect(mergeView.calls).toHaveLength(2);
    mergeView.last().resolve(view("h4"));
    await settle();
    shows[1]?.decide({ accepted: "merged again" });
    await settle();
    expect(acceptMerge.last().args).toEqual([1, "merged again", "h4"]);
    acceptMerge.last().resolve(row({ disk_hash: "h5" }));
    await done;
    expect(current.get()?.base).toBe("h5");
  });

  it("a post left meanwhile is not merged into the next one", async () => {
    const done = merging.open();
    await settle();
    current.set(state({ post: row({ id: 2 }) }));
    mergeView.last().resolve(view("h2"));
    await done;
    expect(shows).toHaveLength(0);
    expect(current.get()?.conflict).toBe(false);
  });

  it("says what went wrong", async () => {
    const done = merging.open();
    await settle();
    mergeView.last().reject({ code: "io", message: "cannot read the file" });
    await done;
    expect(log).toContain("say cannot read the file");
  });
});

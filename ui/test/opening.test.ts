// Opening a post.
import { beforeEach, describe, expect, it } from "vitest";
import type { OpenedPost } from "../src/api";
import { createCurrent, type Current } from "../src/current";
import { createOpening, type Opening } from "../src/opening";
import { fakeCommand, loggedFlows, openedPost, row, settle, state } from "./fakes";

let openPost: ReturnType<typeof fakeCommand<[number], OpenedPost>>;
let current: Current;
let log: string[];
let opening: Opening;

beforeEach(() => {
  openPost = fakeCommand();
  current = createCurrent(() => {});
  log = [];
  opening = createOpening({
    api: { openPost },
    current,
    editor: {
      load: (t) => log.push(`load ${t}`),
      setReadOnly: (r) => log.push(`readOnly ${r}`),
    },
    render: { restart: () => log.push("render") },
    ...loggedFlows(log),
    closeMerge: () => log.push("closeMerge"),
    say: (m) => log.push(`say ${m}`),
  });
});

describe("opening a post", () => {
  it("keeps the draft of the post left, then loads the new one", async () => {
    const done = opening.open(1);
    await settle();
    expect(log).toEqual(["keepDraft"]);
    openPost.last().resolve(openedPost({ text: "hello", base: "h1" }));
    await done;
    // No readOnly false: load makes the text writable itself (editor.test.ts).
    expect(log).toEqual(["keepDraft", "load hello", "closeMerge", "render", "history"]);
    expect(current.get()).toEqual(state({ base: "h1" }));
  });

  it("a draft whose file changed opens the merge at once", async () => {
    const done = opening.open(1);
    await settle();
    openPost.last().resolve(openedPost({ from_draft: true, conflict: true }));
    await done;
    expect(log).toContain("merge");
    expect(current.get()?.conflict).toBe(true);
  });

  it("when two opens race, the last asked for wins", async () => {
    const first = opening.open(1);
    const second = opening.open(2);
    await settle();
    openPost.calls[1]?.resolve(openedPost({ post: row({ id: 2 }), text: "two" }));
    await second;
    openPost.calls[0]?.resolve(openedPost({ text: "one" }));
    await first;
    expect(current.get()?.post.id).toBe(2);
    expect(log.filter((l) => l.startsWith("load"))).toEqual(["load two"]);
  });

  it("a file that cannot be opened is said", async () => {
    const done = opening.open(1);
    await settle();
    openPost.last().reject({ code: "not_text", message: "b-binary.md is not a text file" });
    await done;
    expect(log).toContain("say b-binary.md is not a text file");
    expect(current.get()).toBeNull();
  });

  it("opens the last post, else the first that can be edited", async () => {
    const posts = [
      row({ id: 1, problem: { code: "front_matter", message: "bad" } }),
      row({ id: 2, missing: true }),
      row({ id: 3 }),
      row({ id: 4 }),
    ];
    void opening.openFirst(posts, 4);
    await settle();
    expect(openPost.last().args).toEqual([4]);
    void opening.openFirst(posts, null);
    await settle();
    expect(openPost.last().args).toEqual([3]);
  });

  it("no post to open: the editor is read-only", async () => {
    await opening.openFirst([], null);
    expect(log).toEqual(["readOnly true"]);
    expect(current.get()).toBeNull();
  });
});

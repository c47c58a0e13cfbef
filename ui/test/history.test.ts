// The History panel's one list: the library's revisions and the post's git commits,
// newest first.
import { describe, expect, it } from "vitest";
import type { GitVersion, RevisionInfo } from "../src/api";
import { versions } from "../src/history";

const revision = (id: number, at: number): RevisionInfo => ({
  id,
  source: id === 3 ? "remote" : "editor",
  created_at: at,
  bytes: 10,
  note: id === 3 ? "from abc1234 by Ben: crust" : null,
});

const commit = (short: string, at: number): GitVersion => ({
  commit: short.padEnd(40, "0"),
  short,
  author: "Ben",
  at,
  subject: `Edit ${short}`,
});

describe("the history's versions", () => {
  it("interleaves revisions and commits by time, newest first", () => {
    const list = versions([revision(3, 3000), revision(2, 2000), revision(1, 1000)], [commit("bbb", 2500), commit("aaa", 500)]);
    expect(list.map((v) => (v.kind === "revision" ? `r${v.id}` : v.short))).toEqual(["r3", "bbb", "r2", "r1", "aaa"]);
    expect(list[0]).toMatchObject({ kind: "revision", note: "from abc1234 by Ben: crust" });
  });

  it("puts the library's revision first when a commit has the same time", () => {
    const list = versions([revision(1, 1000)], [commit("aaa", 1000)]);
    expect(list.map((v) => v.kind)).toEqual(["revision", "commit"]);
  });

  it("is the library's history alone outside git", () => {
    expect(versions([revision(1, 1000)], [])).toHaveLength(1);
  });
});

// @vitest-environment happy-dom
// Git in the status bar: the branch against its upstream, Sync and its summary, the errors,
// a conflict opening its merge; and the list's marks of posts not yet committed.
import { beforeEach, describe, expect, it } from "vitest";
import type { CommandError, FileState, RepoStatus, SyncReport } from "../src/api";
import { createSyncing, REFRESH_MS, statusText } from "../src/syncing";
import { answering, byTestId as $, fakeClock, fakeCommand, row, settle } from "./fakes";
import { listOf } from "./lists";

const status = (over: Partial<RepoStatus> = {}): RepoStatus => ({
  branch: "main",
  upstream: "origin/main",
  ahead: 1,
  behind: 2,
  busy: null,
  files: [{ path: "bread.md", state: "changed" }],
  ...over,
});

const report = (over: Partial<SyncReport> = {}): SyncReport => ({
  committed: { id: "abc1234", message: 'Edit "Bread"; 1 post' },
  upstream: "origin/main",
  pulled: 2,
  pushed: 1,
  changed: ["winter.md"],
  merged: [],
  conflicted: [],
  took_ms: 420,
  summary: 'Committed Edit "Bread"; 1 post (abc1234); pulled 2 commits; pushed 1 commit — origin/main, 0.4 s',
  ...over,
});

beforeEach(() => {
  document.body.innerHTML = `
    <span data-testid="sync-bar" hidden>
      <span data-testid="sync-status"></span>
      <button type="button" data-testid="sync">Sync</button>
      <span data-testid="sync-summary" hidden></span>
    </span>
    <p data-testid="sync-repo"></p>
    <div data-testid="sync-init-form" hidden>
      <input data-testid="sync-init-remote" />
      <button type="button" data-testid="sync-init"></button>
    </div>`;
});

function setUp(repo: RepoStatus | null) {
  let current: RepoStatus | null = repo;
  const repoStatus = answering(() => current);
  const sync = fakeCommand<[], SyncReport>();
  // A new repository: its branch, no upstream until the first sync pushes.
  const initRepository = answering((_remote: string) => {
    current = status({ upstream: null, ahead: 0, behind: 0, files: [] });
    return current;
  });
  const marks: Map<string, FileState>[] = [];
  const log: string[] = [];
  const clock = fakeClock();
  const syncing = createSyncing(
    {
      bar: $("sync-bar"), status: $("sync-status"), button: $<HTMLButtonElement>("sync"), summary: $("sync-summary"),
      repo: $("sync-repo"), initForm: $("sync-init-form"), initRemote: $<HTMLInputElement>("sync-init-remote"),
      init: $<HTMLButtonElement>("sync-init"),
    },
    {
      api: { repoStatus, sync, initRepository },
      say: (m, kind) => log.push(`say ${kind ?? "info"}: ${m}`),
      clock,
      marked: (states) => marks.push(new Map(states)),
      listChanged: async () => void log.push("list"),
      conflicted: async (path) => void log.push(`conflicted ${path}`),
    },
  );
  void syncing.read();
  return { syncing, repoStatus, sync, initRepository, marks, log, clock, set: (s: RepoStatus | null) => (current = s) };
}

describe("the status bar's git", () => {
  it("shows the branch ahead and behind, and marks the changed posts", async () => {
    const t = setUp(status());
    await settle();
    expect($("sync-bar").hidden).toBe(false);
    expect($("sync-status").textContent).toBe("main ↑1 ↓2");
    expect($("sync-status").title).toContain("1 commit ahead of origin/main, 2 commits behind");
    expect(t.marks.at(-1)?.get("bread.md")).toBe("changed");
  });

  it("shows nothing for a folder outside git, and offers to make it a repository", async () => {
    const t = setUp(null);
    await settle();
    expect($("sync-bar").hidden).toBe(true);
    expect(t.marks.at(-1)?.size).toBe(0);
    expect($("sync-init-form").hidden).toBe(false);
    expect($("sync-repo").textContent).toContain("not in a git repository");
    $("sync-init").click();
    await settle();
    expect(t.initRepository.calls).toHaveLength(0);
    expect(t.log.at(-1)).toContain("say error: Give the remote's address");
    $<HTMLInputElement>("sync-init-remote").value = " git@codeberg.org:ada/blog.git ";
    $("sync-init-remote").dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true, cancelable: true }));
    await settle();
    expect(t.initRepository.calls).toEqual([["git@codeberg.org:ada/blog.git"]]);
    expect($("sync-bar").hidden).toBe(false);
    expect($("sync-status").textContent).toBe("main (no upstream)");
    expect($("sync-init-form").hidden).toBe(true);
    expect($("sync-repo").textContent).toBe("On main, with no upstream yet: the first sync pushes it.");
  });

  it("says what the repository is in the middle of", () => {
    expect(statusText(status({ busy: "a rebase" }))).toBe("main · a rebase in progress");
    expect(statusText(status({ upstream: null }))).toBe("main (no upstream)");
    expect(statusText(status({ branch: null, busy: "a detached HEAD (no branch is checked out)" }))).toBe(
      "detached HEAD · a detached HEAD in progress",
    );
  });

  it("reads the status again once after a burst of saves", async () => {
    const t = setUp(status());
    await settle();
    const before = t.repoStatus.calls.length;
    t.syncing.refresh();
    t.syncing.refresh();
    t.syncing.refresh();
    t.clock.advance(REFRESH_MS);
    await settle();
    expect(t.repoStatus.calls.length).toBe(before + 1);
  });
});

describe("Sync", () => {
  it("syncs once at a time, shows the summary and the new status", async () => {
    const t = setUp(status());
    await settle();
    $("sync").click();
    $("sync").click();
    expect(t.sync.calls).toHaveLength(1);
    expect($<HTMLButtonElement>("sync").disabled).toBe(true);
    expect($("sync-summary").textContent).toBe("Syncing…");
    t.set(status({ ahead: 0, behind: 0, files: [] }));
    t.sync.last().resolve(report());
    await settle();
    expect($("sync-summary").textContent).toBe(report().summary);
    expect($("sync-status").textContent).toBe("main ↑0 ↓0");
    expect(t.marks.at(-1)?.size).toBe(0);
    expect(t.log).toContain("list");
    expect($<HTMLButtonElement>("sync").disabled).toBe(false);
  });

  it("opens the first post both machines changed on the same lines", async () => {
    const t = setUp(status());
    await settle();
    $("sync").click();
    t.sync.last().resolve(report({ conflicted: ["bread.md", "winter.md"] }));
    await settle();
    expect(t.log.filter((l) => l.startsWith("conflicted"))).toEqual(["conflicted bread.md"]);
  });

  it("shows why a sync failed, and can sync again", async () => {
    const t = setUp(status());
    await settle();
    $("sync").click();
    const error: CommandError = {
      code: "unreachable",
      message: "cannot reach origin (/gone.git): fetching: does not appear to be a git repository",
    };
    t.sync.last().reject(error);
    await settle();
    expect($("sync-summary").textContent).toBe(error.message);
    expect($("sync-summary").classList.contains("error")).toBe(true);
    expect(t.log).toContain(`say error: ${error.message}`);
    $("sync").click();
    expect(t.sync.calls).toHaveLength(2);
  });
});

describe("the list's git marks", () => {
  it("marks new and edited posts, and a conflicted one", async () => {
    const library = await listOf([
      row({ id: 1, path: "bread.md", title: "Bread" }),
      row({ id: 2, path: "winter.md", title: "Winter" }),
      row({ id: 3, path: "same.md", title: "Same", conflicted: true }),
    ]);
    library.gitChanged(
      new Map<string, FileState>([
        ["bread.md", "changed"],
        ["winter.md", "new"],
      ]),
    );
    const mark = (id: number) => document.querySelector(`li[data-id="${id}"] [data-testid=git-mark]`)?.textContent;
    expect(mark(1)).toBe("edited");
    expect(mark(2)).toBe("new");
    expect(mark(3)).toBeUndefined();
    expect(document.querySelector(`li[data-id="3"] [data-testid=sync-conflict]`)).not.toBeNull();
    // Committed: the marks go.
    library.gitChanged(new Map());
    expect(document.querySelectorAll("[data-testid=git-mark]")).toHaveLength(0);
  });
});

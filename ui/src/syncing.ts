// Git in the status bar: the branch and how far it is ahead of and behind its upstream,
// the list's marks of posts not yet committed, and Sync (commit, pull, merge, push) with
// its one-line summary. Nothing shows for a folder outside git. A post both machines
// changed on the same lines opens in the merge panel the app already has.
import { asCommandError, type Api, type FileState, type RepoStatus } from "./api";
import type { Clock, TimerId } from "./clock";
import type { Say } from "./status";

export interface SyncingElements {
  /** Around the status and the button: hidden outside git. */
  bar: HTMLElement;
  /** "main ↑1 ↓2". */
  status: HTMLElement;
  /** "Sync". */
  button: HTMLButtonElement;
  /** What the last sync did, or why it failed. */
  summary: HTMLElement;
  /** Settings: the repository in words. */
  repo: HTMLElement;
  /** Settings: the remote to make the folder a repository with, shown outside git. */
  initForm: HTMLElement;
  initRemote: HTMLInputElement;
  init: HTMLButtonElement;
}

export interface SyncingDeps {
  api: Pick<Api, "repoStatus" | "sync" | "initRepository">;
  say: Say;
  clock: Clock;
  /** How each file stands against HEAD, for the list's marks. */
  marked(states: ReadonlyMap<string, FileState>): void;
  /** The sync wrote files or flagged posts: the list reads its rows again. */
  listChanged(): Promise<void>;
  /** The post a sync flagged: opened, its merge shown (the open post's merge if it is one). */
  conflicted(path: string): Promise<void>;
}

export interface Syncing {
  /** Reads how the repository stands now (once a folder is open). */
  read(): Promise<void>;
  /** Reads how the repository stands again (soon: saves come in runs). */
  refresh(): void;
  running(): boolean;
}

/** Saves and disk changes come in bursts: one `git status` after the burst. */
export const REFRESH_MS = 400;

export function createSyncing(els: SyncingElements, deps: SyncingDeps): Syncing {
  let running = false;
  let timer: TimerId | undefined;

  function show(status: RepoStatus | null): void {
    els.bar.hidden = status === null;
    els.initForm.hidden = status !== null;
    els.repo.textContent = repoText(status);
    if (!status) {
      deps.marked(new Map());
      return;
    }
    els.status.textContent = statusText(status);
    els.status.title = statusTitle(status);
    els.status.dataset.ahead = String(status.ahead);
    els.status.dataset.behind = String(status.behind);
    els.status.classList.toggle("busy", status.busy !== null);
    deps.marked(new Map(status.files.map((f) => [f.path, f.state])));
  }

  async function read(): Promise<void> {
    try {
      show(await deps.api.repoStatus());
    } catch (e) {
      // A repository git cannot read is shown as none; Sync would say why.
      els.status.title = asCommandError(e).message;
    }
  }

  function refresh(): void {
    deps.clock.clearTimeout(timer);
    timer = deps.clock.setTimeout(() => void read(), REFRESH_MS);
  }

  function tell(text: string, error = false): void {
    els.summary.textContent = text;
    els.summary.title = text;
    els.summary.classList.toggle("error", error);
    els.summary.hidden = false;
  }

  async function sync(): Promise<void> {
    if (running) return;
    running = true;
    els.button.disabled = true;
    els.button.setAttribute("aria-busy", "true");
    tell("Syncing…");
    try {
      const report = await deps.api.sync();
      tell(report.summary);
      await deps.listChanged();
      await read();
      const first = report.conflicted[0];
      if (first !== undefined) await deps.conflicted(first);
    } catch (e) {
      const error = asCommandError(e);
      tell(error.message, true);
      deps.say(error.message, "error");
      await read();
    } finally {
      running = false;
      els.button.disabled = false;
      els.button.removeAttribute("aria-busy");
    }
  }

  async function init(): Promise<void> {
    const remote = els.initRemote.value.trim();
    if (!remote) {
      deps.say("Give the remote's address first, as git clone takes it.", "error");
      return;
    }
    els.init.disabled = true;
    try {
      show(await deps.api.initRepository(remote));
      deps.say(`This folder is a git repository now, sharing with ${remote}: Sync commits and pushes`);
    } catch (e) {
      deps.say(asCommandError(e).message, "error");
    } finally {
      els.init.disabled = false;
    }
  }

  els.button.addEventListener("click", () => void sync());
  els.init.addEventListener("click", () => void init());
  els.initRemote.addEventListener("keydown", (ev) => {
    // Inside the settings form: Enter makes the repository, it does not save settings.
    if (ev.key !== "Enter") return;
    ev.preventDefault();
    void init();
  });
  return { read, refresh, running: () => running };
}

/** "main ↑1 ↓2"; "main (no upstream)"; "main · rebase in progress". */
export function statusText(s: RepoStatus): string {
  const branch = s.branch ?? "detached HEAD";
  if (s.busy) return `${branch} · ${s.busy.split(" (")[0]} in progress`;
  if (!s.upstream) return `${branch} (no upstream)`;
  return `${branch} ↑${s.ahead} ↓${s.behind}`;
}

/** The Settings line about the repository. */
export function repoText(s: RepoStatus | null): string {
  if (!s) return "This folder is not in a git repository. Give a remote to make it one; the first sync pushes.";
  const branch = s.branch ?? "No branch is checked out";
  return s.upstream ? `On ${branch}, sharing with ${s.upstream}.` : `On ${branch}, with no upstream yet: the first sync pushes it.`;
}

function statusTitle(s: RepoStatus): string {
  const branch = s.branch ?? "No branch";
  const parts = [
    s.upstream
      ? `${branch}: ${commits(s.ahead)} ahead of ${s.upstream}, ${commits(s.behind)} behind, as last fetched`
      : `${branch} has no upstream yet: the first sync pushes it`,
  ];
  const pending = s.files.length;
  if (pending > 0) parts.push(`${pending} ${pending === 1 ? "file" : "files"} not yet committed`);
  if (s.busy) parts.push(`In the middle of ${s.busy}: sync leaves the repository alone`);
  return parts.join(". ");
}

function commits(n: number): string {
  return `${n} ${n === 1 ? "commit" : "commits"}`;
}

// The history panel: every revision of the open post, a diff of any of them against the
// editor's text, and restore (which is itself recorded, so nothing is destroyed).
import * as api from "./api";
import { button, note } from "./dom";

const SOURCES: Record<api.RevisionSource, string> = {
  disk: "from disk",
  editor: "saved",
  new: "created",
  draft: "unsaved draft",
  merge: "merge",
  restore: "restored",
  remote: "from another machine",
};

export interface HistoryHooks {
  current(): { id: number; text: string } | null;
  restored(text: string): void;
  failed(e: api.CommandError): void;
}

export function createHistory(panel: HTMLElement, hooks: HistoryHooks) {
  const list = document.createElement("ul");
  list.className = "revision-list";
  list.dataset.testid = "revision-list";
  const diff = document.createElement("div");
  diff.className = "revision-diff";
  diff.dataset.testid = "revision-diff";
  const restore = button("Restore this version", "restore-revision", "button primary");
  restore.disabled = true;
  const close = button("Close");
  close.addEventListener("click", () => (panel.hidden = true));
  const head = document.createElement("header");
  head.className = "history-head";
  const title = document.createElement("strong");
  title.textContent = "History";
  head.append(title, restore, close);
  panel.append(head, list, diff);

  /** The version chosen: a revision of the library's, or a git commit. */
  let selected: Version | null = null;

  async function select(version: Version): Promise<void> {
    const c = hooks.current();
    if (!c) return;
    selected = version;
    const key = keyOf(version);
    for (const li of list.querySelectorAll<HTMLLIElement>("li")) {
      li.classList.toggle("active", li.dataset.key === key);
    }
    try {
      const lines =
        version.kind === "revision"
          ? await api.diffRevision(c.id, version.id, c.text)
          : await api.diffGitVersion(c.id, version.commit, c.text);
      diff.replaceChildren(
        ...(lines.length === 0 ? [note("Same as the editor's text.")] : lines.map(diffLine)),
      );
      restore.disabled = false;
    } catch (e) {
      hooks.failed(api.asCommandError(e));
    }
  }

  restore.addEventListener("click", async () => {
    const c = hooks.current();
    if (!c || selected === null) return;
    try {
      hooks.restored(
        selected.kind === "revision"
          ? await api.restoreRevision(c.id, selected.id)
          : await api.restoreGitVersion(c.id, selected.commit),
      );
      await refresh();
    } catch (e) {
      hooks.failed(api.asCommandError(e));
    }
  });

  async function refresh(): Promise<void> {
    const c = hooks.current();
    if (!c) return;
    const [revisions, commits] = await Promise.all([api.history(c.id), api.gitHistory(c.id)]);
    list.replaceChildren(...versions(revisions, commits).map((v) => item(v)));
    diff.replaceChildren(note("Choose a version to compare it with the editor."));
    restore.disabled = true;
    selected = null;
  }

  function item(v: Version): HTMLLIElement {
    const li = document.createElement("li");
    li.dataset.testid = "revision-item";
    li.dataset.key = keyOf(v);
    const when = new Date(v.at).toLocaleString();
    if (v.kind === "revision") {
      li.dataset.id = String(v.id);
      li.dataset.source = v.source;
      li.textContent = `${when} · ${SOURCES[v.source] ?? v.source}`;
      // A remote version says which commit, and whose, it came from.
      if (v.note) li.title = v.note;
    } else {
      li.dataset.source = "git";
      li.dataset.commit = v.commit;
      li.textContent = `${when} · git ${v.short} · ${v.author}: ${v.subject}`;
      li.title = `Commit ${v.commit} by ${v.author}`;
    }
    li.addEventListener("click", () => void select(v));
    return li;
  }

  return {
    async toggle(): Promise<void> {
      panel.hidden = !panel.hidden;
      if (!panel.hidden) await refresh();
    },
    async refreshIfOpen(): Promise<void> {
      if (!panel.hidden) await refresh();
    },
  };
}

/** A version of the post the history lists: the library's revision, or a git commit. */
export type Version =
  | { kind: "revision"; id: number; source: api.RevisionSource; note: string | null; at: number }
  | { kind: "commit"; commit: string; short: string; author: string; subject: string; at: number };

function keyOf(v: Version): string {
  return v.kind === "revision" ? `r${v.id}` : `c${v.commit}`;
}

/** Both histories in one list, newest first; at the same time the library's comes first. */
export function versions(revisions: api.RevisionInfo[], commits: api.GitVersion[]): Version[] {
  const all: Version[] = [
    ...revisions.map((r): Version => ({ kind: "revision", id: r.id, source: r.source, note: r.note, at: r.created_at })),
    ...commits.map((c): Version => ({ kind: "commit", commit: c.commit, short: c.short, author: c.author, subject: c.subject, at: c.at })),
  ];
  // Stable: each history keeps its own order among equal times.
  return all.sort((a, b) => b.at - a.at || (a.kind === b.kind ? 0 : a.kind === "revision" ? -1 : 1));
}

function diffLine(l: api.DiffLine): HTMLDivElement {
  const d = document.createElement("div");
  d.className = `diff-${l.kind}`;
  d.textContent = l.kind === "gap" ? "⋯" : `${l.kind === "add" ? "+" : l.kind === "del" ? "−" : " "} ${l.text}`;
  return d;
}

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

  let selected: number | null = null;

  async function select(revision: number): Promise<void> {
    const c = hooks.current();
    if (!c) return;
    selected = revision;
    for (const li of list.querySelectorAll<HTMLLIElement>("li")) {
      li.classList.toggle("active", Number(li.dataset.id) === revision);
    }
    try {
      const lines = await api.diffRevision(c.id, revision, c.text);
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
      hooks.restored(await api.restoreRevision(c.id, selected));
      await refresh();
    } catch (e) {
      hooks.failed(api.asCommandError(e));
    }
  });

  async function refresh(): Promise<void> {
    const c = hooks.current();
    if (!c) return;
    const revisions = await api.history(c.id);
    list.replaceChildren(
      ...revisions.map((r) => {
        const li = document.createElement("li");
        li.dataset.testid = "revision-item";
        li.dataset.id = String(r.id);
        li.dataset.source = r.source;
        const when = new Date(r.created_at).toLocaleString();
        li.textContent = `${when} · ${SOURCES[r.source] ?? r.source}`;
        // A remote version says which commit, and whose, it came from.
        if (r.note) li.title = r.note;
        li.addEventListener("click", () => void select(r.id));
        return li;
      }),
    );
    diff.replaceChildren(note("Choose a version to compare it with the editor."));
    restore.disabled = true;
    selected = null;
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

function diffLine(l: api.DiffLine): HTMLDivElement {
  const d = document.createElement("div");
  d.className = `diff-${l.kind}`;
  d.textContent = l.kind === "gap" ? "⋯" : `${l.kind === "add" ? "+" : l.kind === "del" ? "−" : " "} ${l.text}`;
  return d;
}

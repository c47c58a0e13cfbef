// The trash: posts moved out of the folder, kept in the library with their history and
// drafts until the author empties it. Emptying is the one step here that cannot be
// undone, so it asks first, in the panel (the webview blocks window.confirm).
import { asCommandError, type Api, type TrashedPost } from "./api";
import { button } from "./dom";
import type { Say } from "./status";

export interface TrashElements {
  toggle: HTMLElement;
  panel: HTMLElement;
}

export interface TrashDeps {
  api: Pick<Api, "listTrash" | "restoreFromTrash" | "emptyTrash">;
  listChanged(ids?: number[]): Promise<void>;
  open(id: number): Promise<void>;
  say: Say;
}

export interface Trash {
  toggle(): Promise<void>;
  refresh(): Promise<void>;
  refreshIfOpen(): Promise<void>;
}

export function createTrash(els: TrashElements, deps: TrashDeps): Trash {
  const { panel } = els;
  const { say } = deps;
  const head = document.createElement("header");
  head.className = "history-head";
  const title = document.createElement("strong");
  title.textContent = "Trash";
  const empty = button("Empty trash", "empty-trash");
  const close = button("Close", "trash-close");
  head.append(title, empty, close);

  // The second step of emptying: says how much goes, for good.
  const confirmRow = document.createElement("div");
  confirmRow.className = "trash-confirm";
  confirmRow.hidden = true;
  const question = document.createElement("span");
  const confirm = button("Delete for good", "empty-trash-confirm", "button danger");
  const keep = button("Keep them", "empty-trash-cancel");
  confirmRow.append(question, confirm, keep);

  const list = document.createElement("ul");
  list.className = "trash-items";
  const none = document.createElement("p");
  none.className = "muted";
  none.dataset.testid = "trash-empty";
  none.textContent = "The trash is empty.";
  none.hidden = true;
  panel.replaceChildren(head, confirmRow, list, none);

  let count = 0;
  let busy = false;

  function show(items: TrashedPost[]): void {
    count = items.length;
    list.replaceChildren(...items.map(item));
    none.hidden = count > 0;
    empty.disabled = count === 0;
    confirmRow.hidden = true;
  }

  async function refresh(): Promise<void> {
    try {
      show(await deps.api.listTrash());
    } catch (e) {
      say(asCommandError(e).message, "error");
    }
  }

  /** Runs `change` unless another is under way, says a failure, then reads the panel again. */
  async function oneAtATime(change: () => Promise<void>): Promise<void> {
    if (busy) return;
    busy = true;
    try {
      await change();
    } catch (e) {
      say(asCommandError(e).message, "error");
    } finally {
      busy = false;
    }
    await refresh();
  }

  function restore(id: number): Promise<void> {
    return oneAtATime(async () => {
      const row = await deps.api.restoreFromTrash(id);
      say(`Restored ${row.path}`);
      await deps.listChanged([row.id]);
      await deps.open(row.id);
    });
  }

  function emptyForGood(): Promise<void> {
    return oneAtATime(async () => {
      const n = await deps.api.emptyTrash();
      say(n === 1 ? "Deleted 1 post for good" : `Deleted ${n} posts for good`);
    });
  }

  function item(t: TrashedPost): HTMLLIElement {
    const li = document.createElement("li");
    li.dataset.testid = "trash-item";
    const text = document.createElement("div");
    const name = document.createElement("strong");
    name.textContent = t.title || t.path;
    const where = document.createElement("span");
    where.className = "muted trash-where";
    const files = t.files > 1 ? ` · ${t.files} files` : "";
    where.textContent = `${t.path} · trashed ${new Date(t.trashed_at).toLocaleString()}${files}`;
    text.append(name, where);
    const restoreButton = button("Restore", "restore-from-trash");
    restoreButton.dataset.id = String(t.id);
    restoreButton.dataset.path = t.path;
    restoreButton.addEventListener("click", () => void restore(t.id));
    li.append(text, restoreButton);
    return li;
  }

  empty.addEventListener("click", () => {
    if (count === 0) return;
    question.textContent = count === 1 ? "Delete 1 post for good?" : `Delete ${count} posts for good?`;
    confirmRow.hidden = false;
    confirm.focus();
  });
  confirm.addEventListener("click", () => void emptyForGood());
  keep.addEventListener("click", () => (confirmRow.hidden = true));
  close.addEventListener("click", () => (panel.hidden = true));
  els.toggle.addEventListener("click", () => void toggle());

  async function toggle(): Promise<void> {
    panel.hidden = !panel.hidden;
    if (!panel.hidden) await refresh();
  }

  return {
    toggle,
    refresh,
    async refreshIfOpen() {
      if (!panel.hidden) await refresh();
    },
  };
}

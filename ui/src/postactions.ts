// What the author does to the open post as a whole: rename it (a new title, and the file
// moved to the new slug), duplicate it, move it to the trash.
import { asCommandError, type Api, type LinkFrom, type PostRow } from "./api";
import type { Current } from "./current";
import { button } from "./dom";
import { diskReloaded, renamedTo, type OpenPost } from "./post";
import type { RenderLoop } from "./render";
import type { DraftOutcome } from "./saving";
import type { Say } from "./status";

export interface PostActionsElements {
  rename: HTMLButtonElement;
  duplicate: HTMLButtonElement;
  trash: HTMLButtonElement;
  form: HTMLFormElement;
  title: HTMLInputElement;
  confirm: HTMLButtonElement;
  cancel: HTMLElement;
  /** Lists the lines of other posts that link to a renamed post's old path. */
  links: HTMLElement;
}

export interface PostActionsDeps {
  api: Pick<Api, "renamePost" | "duplicatePost" | "trashPost" | "openPost">;
  current: Current;
  editor: { reloadFromDisk(text: string): void; load(text: string): void; setReadOnly(readOnly: boolean): void };
  render: Pick<RenderLoop, "schedule" | "restart">;
  /** The save of the Save button; true if the text reached the file. */
  save(): Promise<boolean>;
  keepDraft(): Promise<DraftOutcome>;
  inTurn<T>(write: () => Promise<T>): Promise<T>;
  merge(): Promise<void>;
  listChanged(ids?: number[]): Promise<void>;
  /** The posts as the list shows them, in its order. */
  shown(): readonly PostRow[];
  open(id: number): Promise<void>;
  historyChanged(): Promise<void>;
  /** A post went to the trash. */
  trashed(): void;
  say: Say;
}

export interface PostActions {
  /** F2: the rename form, with the title to edit. */
  startRename(): void;
  rename(): Promise<void>;
  duplicate(): Promise<void>;
  trash(): Promise<void>;
  /** Called on every change of the open post. */
  follow(s: OpenPost | null): void;
}

export function createPostActions(els: PostActionsElements, deps: PostActionsDeps): PostActions {
  const { current, say } = deps;
  /** The post the rename form is for. */
  let renaming: number | null = null;
  /** One action at a time: a second click while a rename or trash runs would act twice. */
  let busy = false;

  function closeForm(): void {
    els.form.hidden = true;
    renaming = null;
  }

  function startRename(): void {
    const s = current.get();
    if (!s) return;
    // Asked again while the form is open: what the author typed stays.
    if (renaming === s.post.id && !els.form.hidden) {
      els.title.focus();
      return;
    }
    renaming = s.post.id;
    els.title.value = s.post.title;
    els.form.hidden = false;
    els.title.focus();
    els.title.select();
  }

  async function rename(): Promise<void> {
    const s = current.get();
    if (!s || busy || renaming !== s.post.id) return;
    const id = s.post.id;
    const title = els.title.value.trim();
    busy = true;
    els.confirm.disabled = true;
    try {
      // The core moves files, not drafts: the edits reach the file first, or nothing moves.
      if (s.dirty && !(await deps.save())) return;
      if (current.get()?.post.id !== id) return;
      const done = await deps.inTurn(() => deps.api.renamePost(id, title));
      current.update(id, (now) => renamedTo(now, done.post));
      closeForm();
      showLinks(done.links);
      say(`Renamed to ${done.post.path}`);
      await takeRenamedText(id);
      await deps.listChanged([id]);
      await deps.historyChanged();
    } catch (e) {
      // The form stays, with what the author typed, to try another title.
      say(asCommandError(e).message, "error");
      if (!els.form.hidden) els.title.focus();
    } finally {
      busy = false;
      els.confirm.disabled = false;
    }
  }

  /** The core rewrote the title line: the editor takes that version, as from disk. */
  async function takeRenamedText(id: number): Promise<void> {
    const o = await deps.api.openPost(id);
    const now = current.get();
    if (now?.post.id !== id) return;
    if (now.unkept) {
      // Typed while the file moved: those edits are the author's, and the core tells
      // whether they now stand on an older file.
      if ((await deps.keepDraft()) === "conflict") void deps.merge();
      return;
    }
    deps.editor.reloadFromDisk(o.text);
    current.update(id, (st) => diskReloaded(st, o));
    deps.render.schedule();
  }

  function showLinks(links: LinkFrom[]): void {
    if (links.length === 0) {
      els.links.hidden = true;
      els.links.replaceChildren();
      return;
    }
    const head = document.createElement("p");
    head.textContent =
      links.length === 1 ? "1 link points to the old path:" : `${links.length} links point to the old path:`;
    const list = document.createElement("ul");
    for (const link of links) {
      const li = document.createElement("li");
      li.dataset.testid = "rename-link";
      li.title = link.title;
      const where = document.createElement("code");
      where.textContent = `${link.path}:${link.line}`;
      li.append(where, ` ${link.text}`);
      list.append(li);
    }
    const close = button("Close");
    close.addEventListener("click", () => (els.links.hidden = true));
    els.links.replaceChildren(head, list, close);
    els.links.hidden = false;
  }

  async function duplicate(): Promise<void> {
    const s = current.get();
    if (!s || busy) return;
    busy = true;
    try {
      // The copy is made from what the library holds: the last keystrokes go there first.
      await deps.keepDraft();
      const row = await deps.inTurn(() => deps.api.duplicatePost(s.post.id));
      await deps.listChanged([row.id]);
      await deps.open(row.id);
      say(`Duplicated as ${row.path}`);
    } catch (e) {
      say(asCommandError(e).message, "error");
    } finally {
      busy = false;
    }
  }

  async function trash(): Promise<void> {
    const s = current.get();
    if (!s || busy) return;
    const id = s.post.id;
    busy = true;
    try {
      const index = deps.shown().findIndex((p) => p.id === id);
      // The draft goes to the trash with the post: nothing typed is lost, even there.
      if ((await deps.keepDraft()) === "failed") return;
      const gone = await deps.inTurn(() => deps.api.trashPost(id));
      say(`Moved “${gone.title || gone.path}” to the trash`);
      // Before anything else can write to it: the post is not in the folder any more.
      if (current.get()?.post.id === id) {
        current.set(null);
        deps.editor.setReadOnly(true);
      }
      await deps.listChanged([id]);
      deps.trashed();
      if (current.get() !== null) return;
      const next = nextPost(deps.shown(), index);
      if (next) {
        await deps.open(next.id);
      } else {
        deps.editor.load("");
        deps.render.restart();
      }
    } catch (e) {
      say(asCommandError(e).message, "error");
    } finally {
      busy = false;
    }
  }

  els.rename.addEventListener("click", startRename);
  els.duplicate.addEventListener("click", () => void duplicate());
  els.trash.addEventListener("click", () => void trash());
  els.cancel.addEventListener("click", closeForm);
  els.form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    void rename();
  });
  els.form.addEventListener("keydown", (ev) => {
    if (ev.key !== "Escape") return;
    ev.preventDefault();
    closeForm();
  });

  let followed: number | null | undefined;
  return {
    startRename,
    rename,
    duplicate,
    trash,
    follow(s) {
      const id = s?.post.id ?? null;
      if (id === followed) return;
      followed = id;
      for (const b of [els.rename, els.duplicate, els.trash]) b.disabled = id === null;
      // The form and the links were about the post left.
      if (renaming !== null && renaming !== id) closeForm();
      els.links.hidden = true;
    },
  };
}

/**
 * The post to open once the one at `index` of the list left it: the one that took its
 * place, else the nearest before it; one that can be edited, as at start-up.
 */
export function nextPost(shown: readonly PostRow[], index: number): PostRow | null {
  const ok = (p: PostRow | undefined) => p !== undefined && !p.problem && !p.missing;
  const from = Math.max(0, index);
  for (let i = from; i < shown.length; i++) if (ok(shown[i])) return shown[i]!;
  for (let i = Math.min(from, shown.length) - 1; i >= 0; i--) if (ok(shown[i])) return shown[i]!;
  return null;
}

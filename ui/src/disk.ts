// The content folder changing under the window: other programs edit, rename and delete
// posts while one is open. A post with nothing unsaved follows the disk silently; one
// with edits asks the core, which answers conflict or not.
import { asCommandError, type Change, type Api } from "./api";
import type { Current } from "./current";
import { diskReloaded, foundOnDisk, markedMissing, renamed, restoredToDisk } from "./post";
import type { RenderLoop } from "./render";
import type { DraftOutcome } from "./saving";
import type { Say } from "./status";

export interface DiskDeps {
  api: Pick<Api, "openPost" | "restoreToDisk">;
  current: Current;
  editor: { reloadFromDisk(text: string): void };
  render: Pick<RenderLoop, "schedule" | "assetsChanged">;
  keepDraft(): Promise<DraftOutcome>;
  inTurn<T>(write: () => Promise<T>): Promise<T>;
  merge(): Promise<void>;
  /** These posts' rows changed (none: only files they link to did). */
  listChanged(ids?: number[]): Promise<void>;
  historyChanged(): Promise<void>;
  say: Say;
}

export interface Disk {
  /** A batch of changes from the folder watcher (the "disk-change" event). */
  changed(changes: Change[]): void;
  /** Writes the open post, missing on disk, back to its path. */
  restore(): Promise<void>;
  /** Resolves once every batch received so far is handled. */
  settled(): Promise<void>;
}

export function followDisk(deps: DiskDeps): Disk {
  const { current, say } = deps;
  // One batch at a time, in order: two handlers racing could apply an older version of
  // the file after a newer one.
  let queue: Promise<void> = Promise.resolve();

  /** Not awaited: a merge waits for the author, and the next batch must not. */
  function mergeIfNew(outcome: DraftOutcome): void {
    if (outcome === "conflict") void deps.merge();
  }

  /** The open post's file was written by another program. */
  async function follow(id: number): Promise<void> {
    if (current.get()?.unkept) {
      mergeIfNew(await deps.keepDraft());
      return;
    }
    const o = await deps.api.openPost(id);
    const now = current.get();
    if (now?.post.id !== id) return;
    if (now.unkept) {
      // Typed while the file was read: those edits are the author's, not the disk's.
      mergeIfNew(await deps.keepDraft());
      return;
    }
    deps.editor.reloadFromDisk(o.text);
    current.update(id, (s) => diskReloaded(s, o));
    deps.render.schedule();
    if (o.conflict) void deps.merge();
  }

  async function apply(changes: Change[]): Promise<void> {
    // Only the rows these changes touch are read again, not the whole library's.
    await deps.listChanged(changes.filter((c) => c.kind !== "asset").map((c) => c.id));
    for (const change of changes) {
      const id = current.get()?.post.id;
      if (change.id !== id) continue;
      switch (change.kind) {
        case "modified":
        case "created":
          current.update(id, foundOnDisk);
          await follow(id);
          break;
        case "conflict":
          void deps.merge();
          break;
        case "removed":
          current.update(id, markedMissing);
          break;
        case "renamed":
          current.update(id, (s) => renamed(s, change.to));
          break;
        case "asset":
          deps.render.assetsChanged();
          break;
      }
    }
    await deps.historyChanged();
  }

  return {
    changed(changes) {
      queue = queue.then(() => apply(changes)).catch((e: unknown) => say(asCommandError(e).message, "error"));
    },
    async restore() {
      const s = current.get();
      if (!s) return;
      const id = s.post.id;
      await deps.keepDraft();
      try {
        const row = await deps.inTurn(() => deps.api.restoreToDisk(id));
        current.update(id, (now) => restoredToDisk(now, row));
        say(`Restored ${row.path}`);
        await deps.listChanged([row.id]);
      } catch (e) {
        say(asCommandError(e).message, "error");
      }
    },
    settled: () => queue,
  };
}

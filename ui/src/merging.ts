// Merging the editor's text with a file that changed on disk under it: the three-way
// view, then writing the author's result. The core decides that there is a conflict;
// this only shows it and carries out the author's choice.
import { asCommandError, type Api, type MergeView } from "./api";
import type { Current } from "./current";
import type { MergeChoice } from "./merge";
import { conflicted, merged } from "./post";
import type { RenderLoop } from "./render";
import type { Say } from "./status";

export interface MergingDeps {
  api: Pick<Api, "mergeView" | "acceptMerge">;
  current: Current;
  editor: { text(): string; load(text: string): void };
  keepDraft(): Promise<unknown>;
  inTurn<T>(write: () => Promise<T>): Promise<T>;
  /** Shows the merge until the author accepts or puts it off (merge.ts). */
  show(view: MergeView): Promise<MergeChoice>;
  render: Pick<RenderLoop, "schedule">;
  listChanged(ids?: number[]): Promise<void>;
  say: Say;
}

export interface Merging {
  /** Shows the merge of the open post; resolves once the author decided. */
  open(): Promise<void>;
}

export function createMerging(deps: MergingDeps): Merging {
  const { current, editor, say } = deps;
  const stillOpen = (id: number) => current.get()?.post.id === id;

  async function open(): Promise<void> {
    const s = current.get();
    if (!s) return;
    const id = s.post.id;
    // The author's side goes to the library before anything is decided.
    await deps.keepDraft();
    if (!stillOpen(id)) return;
    // Read after the draft: the base is whatever the last write left.
    const base = current.get()?.base ?? null;
    try {
      const view = await deps.api.mergeView(id, editor.text(), base);
      if (!stillOpen(id)) return;
      current.update(id, conflicted);
      const choice = await deps.show(view);
      if (choice.accepted === null || !stillOpen(id)) return;
      const text = choice.accepted;
      const row = await deps.inTurn(() => deps.api.acceptMerge(id, text, view.theirs_hash));
      if (!stillOpen(id)) return;
      editor.load(text);
      current.update(id, (now) => merged(now, row));
      say("Merged and saved");
      deps.render.schedule();
      await deps.listChanged([id]);
    } catch (e) {
      const error = asCommandError(e);
      // The file moved on again while the author merged: merge against the newer one.
      if (error.code === "disk_changed") return open();
      say(error.message, "error");
    }
  }

  return { open };
}

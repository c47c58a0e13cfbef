// Keeping the draft in the library (autosave) and saving the post to its file.
//
// Every write names the file version the text is based on, and the core refuses (or, for
// a draft, reports) a file that moved on. So writes go one at a time, each reading the
// base when its turn comes: a draft sent with the base from before a save that is still
// on its way would otherwise be taken for a conflict.
import { asCommandError, type Api, type DraftSaved } from "./api";
import { createAutosave } from "./autosave";
import type { Clock } from "./clock";
import type { Current } from "./current";
import { conflicted, draftFailed, draftKept, saved } from "./post";
import type { Say } from "./status";

/**
 * What keeping the draft came to. "conflict": the core found that the file changed under
 * the edits, and the ui did not know yet; an already known conflict answers "kept", so
 * that typing on while a merge is put off does not bring the merge back every keystroke.
 */
export type DraftOutcome = "nothing" | "kept" | "conflict" | "failed";

export interface SavingDeps {
  api: Pick<Api, "saveDraft" | "saveDraftShown" | "savePost">;
  current: Current;
  editor: { text(): string };
  /**
   * The version of the text the core's preview holds, when that is known to be exactly
   * the editor's text (see RenderLoop.held); null sends the text itself.
   */
  held(): number | null;
  clock: Clock;
  say: Say;
  /** The file changed under the edits: show the merge. */
  merge(): Promise<void>;
  /** A file was written: its title, status and date in the list may have changed. */
  listChanged(ids?: number[]): Promise<void>;
}

export interface Saving {
  /** The author changed the text: keep the draft soon. */
  edited(): void;
  /** Keeps the editor's text as the draft now, if it has edits not yet kept. */
  keepDraft(): Promise<DraftOutcome>;
  /**
   * Writes the editor's text to the file (Ctrl+S, the Save button); true if it was
   * written (a failure is said here, and a moved file brings the merge).
   */
  save(): Promise<boolean>;
  /** Runs a write to the open post after the writes already asked for. */
  inTurn<T>(write: () => Promise<T>): Promise<T>;
}

export function createSaving(deps: SavingDeps): Saving {
  const { current, editor, say } = deps;
  let writes: Promise<unknown> = Promise.resolve();

  function inTurn<T>(write: () => Promise<T>): Promise<T> {
    const run = writes.then(write);
    writes = run.catch(() => undefined);
    return run;
  }

  const autosave = createAutosave(() => {
    void keepDraft().then((outcome) => {
      if (outcome === "conflict") void deps.merge();
    });
  }, deps.clock);

  /**
   * How the editor's text, as it is now, goes to the library: by the version the core's
   * preview holds when it holds that very text (a long post is not sent again on every
   * autosave), else the text itself.
   */
  function keeping(id: number, base: string | null): () => Promise<DraftSaved> {
    const version = deps.held();
    if (version === null) {
      const text = editor.text();
      return () => deps.api.saveDraft(id, text, base);
    }
    return async () => {
      try {
        return await deps.api.saveDraftShown(id, version, base);
      } catch (e) {
        // A render got to the core first: the text goes after all, with the edits since,
        // which stay unkept all the same and are kept again later.
        if (asCommandError(e).code !== "preview_out_of_step") throw e;
        return deps.api.saveDraft(id, editor.text(), base);
      }
    };
  }

  async function keepNow(): Promise<DraftOutcome> {
    autosave.cancel();
    const s = current.get();
    if (!s || !s.unkept) return "nothing";
    const id = s.post.id;
    const known = s.conflict;
    // Decided before the edits are marked kept: edits made after stay unkept.
    const keep = keeping(id, s.base);
    current.update(id, draftKept);
    try {
      const answer = await keep();
      if (!answer.conflict) return "kept";
      current.update(id, conflicted);
      return known ? "kept" : "conflict";
    } catch (e) {
      current.update(id, draftFailed);
      say(`Could not keep the draft: ${asCommandError(e).message}`, "error");
      return "failed";
    }
  }

  function keepDraft(): Promise<DraftOutcome> {
    return inTurn(keepNow);
  }

  /** "merge": the file is not the version the text is based on; a number: that post was saved. */
  async function saveNow(): Promise<number | "merge" | "failed" | "nothing"> {
    const s = current.get();
    if (!s) return "nothing";
    autosave.cancel();
    const id = s.post.id;
    const text = editor.text();
    try {
      const row = await deps.api.savePost(id, text, s.base);
      current.update(id, (now) => saved(now, row, editor.text() !== text));
      say(`Saved ${row.path}`);
      return id;
    } catch (e) {
      const error = asCommandError(e);
      // The text is still in the editor; keep it in the library too.
      const kept = await keepNow();
      // A refusal for a moved file is said by the conflict banner and the merge.
      if (error.code !== "disk_changed") say(`Not saved: ${error.message}`, "error");
      if (error.code === "disk_changed" || kept === "conflict") {
        current.update(id, conflicted);
        return "merge";
      }
      return "failed";
    }
  }

  return {
    edited: () => autosave.edited(),
    keepDraft,
    async save() {
      const outcome = await inTurn(saveNow);
      // Only the saved post's row is read again, not the whole library's.
      if (typeof outcome === "number") await deps.listChanged([outcome]);
      // Not awaited: the merge waits for the author's decision.
      if (outcome === "merge") void deps.merge();
      return typeof outcome === "number";
    },
    inTurn,
  };
}

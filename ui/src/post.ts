// The open post's state. It changes only through the named transitions below, each a
// pure function from one state to the next, so every path through saving, drafts,
// merges and disk changes reads as a sequence of these words.
//
// Whether the file on disk moved under the editor is the core's call: the ui keeps the
// hash of the file version its text is based on (`base`), sends it with every write, and
// records here what the core answered.
import type { OpenedPost, PostRow } from "./api";

/** Says more than the usual save state until the author's next edit. */
export type Note = "draft restored" | "revision restored";

export interface OpenPost {
  readonly post: PostRow;
  /** Content hash of the file version the editor's text is based on; null: no file known. */
  readonly base: string | null;
  /** The editor's text differs from the file. */
  readonly dirty: boolean;
  /** Edits not yet kept as a draft in the library: a crash now would lose them. */
  readonly unkept: boolean;
  /** The file changed on disk under the edits, and the author has not merged yet. */
  readonly conflict: boolean;
  readonly note: Note | null;
}

export function opened(o: OpenedPost): OpenPost {
  return {
    post: o.post,
    base: o.base,
    dirty: o.from_draft,
    unkept: false,
    conflict: o.conflict,
    note: o.from_draft ? "draft restored" : null,
  };
}

/** The author changed the text. */
export function edited(s: OpenPost): OpenPost {
  return { ...s, dirty: true, unkept: true, note: null };
}

/**
 * The editor's text was handed to the library as the draft. Taken as kept as soon as it
 * is sent, so that an edit made while the draft is on its way counts as unkept again.
 */
export function draftKept(s: OpenPost): OpenPost {
  return { ...s, unkept: false };
}

/** Keeping the draft failed: the edits are unkept again. */
export function draftFailed(s: OpenPost): OpenPost {
  return { ...s, unkept: true };
}

/**
 * The text was written to the file, which is now version `row.disk_hash`.
 * `editedSince`: the author typed while it was written, so the editor differs again.
 */
export function saved(s: OpenPost, row: PostRow, editedSince: boolean): OpenPost {
  return {
    ...s,
    post: row,
    base: row.disk_hash,
    dirty: editedSince,
    unkept: editedSince && s.unkept,
    conflict: false,
    note: null,
  };
}

/** A newer file was taken into the editor, which had nothing unsaved. */
export function diskReloaded(_s: OpenPost, o: OpenedPost): OpenPost {
  return { ...opened(o), note: null };
}

/** The core found that the file changed under the edits. */
export function conflicted(s: OpenPost): OpenPost {
  return { ...s, conflict: true };
}

/** A git sync met another machine's change to the same lines of the open post (`row`). */
export function syncConflicted(s: OpenPost, row: PostRow): OpenPost {
  return { ...s, post: row, conflict: true };
}

/** The author's merge was written: the editor holds the file's new version. */
export function merged(s: OpenPost, row: PostRow): OpenPost {
  return {
    ...s,
    post: row,
    base: row.disk_hash,
    dirty: false,
    unkept: false,
    conflict: false,
    note: null,
  };
}

/**
 * The missing file was written back from the draft. Edits made while that was under way
 * are still unkept, and so not in the file.
 */
export function restoredToDisk(s: OpenPost, row: PostRow): OpenPost {
  return { ...s, post: row, base: row.disk_hash, dirty: s.unkept, note: null };
}

/** A revision from the history was put in the editor (and kept as the draft by the core). */
export function revisionRestored(s: OpenPost): OpenPost {
  return { ...s, dirty: true, note: "revision restored" };
}

export function markedMissing(s: OpenPost): OpenPost {
  return { ...s, post: { ...s.post, missing: true } };
}

/** The file is there again (created or modified on disk). */
export function foundOnDisk(s: OpenPost): OpenPost {
  return s.post.missing ? { ...s, post: { ...s.post, missing: false } } : s;
}

export function renamed(s: OpenPost, path: string): OpenPost {
  return { ...s, post: { ...s.post, path } };
}

/**
 * The author renamed the post: it has a new title, and lives at `row.path`. The core
 * rewrote the title line, but the editor's text is not that version until it is taken
 * in (diskReloaded), so the base stays: a save before then is refused, not a revert.
 */
export function renamedTo(s: OpenPost, row: PostRow): OpenPost {
  return { ...s, post: row };
}

/** The status bar's words for the open post's state. */
export function saveStateText(s: OpenPost | null): string {
  if (!s) return "No post open";
  if (s.unkept) return "Typing…";
  if (s.note === "draft restored") return "Draft restored · not saved to file";
  if (s.note === "revision restored") return "Restored · not saved to file";
  if (s.dirty) return "Draft kept · not saved to file";
  return "Saved to file";
}

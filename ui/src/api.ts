// The one file that names the shell's commands and events. Everything else in the ui
// calls these typed functions.
import { invoke } from "@tauri-apps/api/core";
import { listen, type UnlistenFn } from "@tauri-apps/api/event";

export interface Site {
  title: string;
  footer: string;
  author: string;
  lang: string;
}

export interface AppInfo {
  folder: string;
  library: string;
  site: Site;
  last_post: number | null;
}

export interface PostRow {
  id: number;
  path: string;
  title: string;
  status: string;
  date: string | null;
  words: number;
  problem: string | null;
  missing: boolean;
  has_draft: boolean;
}

export interface OpenedPost {
  post: PostRow;
  text: string;
  from_draft: boolean;
  /** The file changed on disk after the draft was started: merge before saving. */
  conflict: boolean;
}

/** What happened to a post on disk. */
export type Change =
  | { kind: "created"; id: number; path: string }
  | { kind: "modified"; id: number; path: string }
  | { kind: "conflict"; id: number; path: string }
  | { kind: "removed"; id: number; path: string }
  | { kind: "renamed"; id: number; from: string; to: string }
  | { kind: "asset"; id: number; path: string };

export interface RevisionInfo {
  id: number;
  source: string;
  created_at: number;
  bytes: number;
}

export interface DiffLine {
  kind: "same" | "add" | "del" | "gap";
  text: string;
}

export type Chunk =
  | { kind: "resolved"; text: string }
  | { kind: "conflict"; base: string; mine: string; theirs: string };

export interface MergeView {
  base: string;
  mine: string;
  theirs: string;
  chunks: Chunk[];
  clean: string | null;
}

export interface ScanProgress {
  done: number;
  total: number;
}

/** The page around an article's body. */
export interface Shell {
  head: string;
  tail: string;
}

/** What changed in the article since the render the window shows (see preview.ts). */
export interface PreviewPatch {
  /** The text version this patch applies to; 0 when it is the whole article. */
  from: number;
  version: number;
  shell: Shell | null;
  start: number;
  removed: number;
  inserted: string[];
  title: string;
  words: number;
  minutes: number;
}

/** One editor change: `from..to` (UTF-16 offsets in the text before the batch) replaced. */
export interface TextEdit {
  from: number;
  to: number;
  insert: string;
}

/** What every failed command rejects with; the ui branches on `code`. */
export interface CommandError {
  code: string;
  message: string;
}

export function isCommandError(e: unknown): e is CommandError {
  return typeof e === "object" && e !== null && "code" in e && "message" in e;
}

/** Turns anything a command threw into a CommandError. */
export function asCommandError(e: unknown): CommandError {
  if (isCommandError(e)) return e;
  return { code: "ipc", message: String(e) };
}

export const appInfo = (): Promise<AppInfo> => invoke("app_info");
export const listPosts = (): Promise<PostRow[]> => invoke("list_posts");
export const openPost = (id: number): Promise<OpenedPost> => invoke("open_post", { id });
/** The whole text, as text version `version`: the reply is the whole article. */
export const render = (
  text: string,
  version: number,
  path: string | null,
  assetVersion: number,
): Promise<PreviewPatch> => invoke("render", { text, version, path, assetVersion });
/** Edits to text version `base`, making `version`; `length` is the text's length after. */
export const renderEdits = (
  base: number,
  version: number,
  edits: TextEdit[],
  length: number,
  path: string | null,
  assetVersion: number,
): Promise<PreviewPatch> =>
  invoke("render_edits", { base, version, edits, length, path, assetVersion });
export const saveDraft = (id: number, text: string): Promise<void> =>
  invoke("save_draft", { id, text });
export const savePost = (id: number, text: string): Promise<PostRow> =>
  invoke("save_post", { id, text });
export const newPost = (title: string): Promise<PostRow> => invoke("new_post", { title });
export const saveSettings = (site: Site): Promise<Site> => invoke("save_settings", { site });
export const history = (id: number): Promise<RevisionInfo[]> => invoke("history", { id });
export const diffRevision = (id: number, revision: number, current: string): Promise<DiffLine[]> =>
  invoke("diff_revision", { id, revision, current });
export const restoreRevision = (id: number, revision: number): Promise<string> =>
  invoke("restore_revision", { id, revision });
export const restoreToDisk = (id: number): Promise<PostRow> => invoke("restore_to_disk", { id });
export const mergeView = (id: number, mine: string, base: string | null): Promise<MergeView> =>
  invoke("merge_view", { id, mine, base });
export const acceptMerge = (id: number, text: string): Promise<PostRow> =>
  invoke("accept_merge", { id, text });

export const onDiskChange = (f: (changes: Change[]) => void): Promise<UnlistenFn> =>
  listen<Change[]>("disk-change", (e) => f(e.payload));
export const onScanProgress = (f: (p: ScanProgress) => void): Promise<UnlistenFn> =>
  listen<ScanProgress>("scan-progress", (e) => f(e.payload));
export const onScanDone = (f: (files: number) => void): Promise<UnlistenFn> =>
  listen<number>("scan-done", (e) => f(e.payload));
export const onSyncError = (f: (e: CommandError) => void): Promise<UnlistenFn> =>
  listen<CommandError>("sync-error", (e) => f(e.payload));

// The one file that names the shell's commands and events. Everything else in the ui
// calls these typed functions and takes its types from here; the types themselves come
// from bindings.ts, generated from the Rust side (src-tauri/src/ipc.rs), so a command's
// arguments and result are written once, in Rust.
import { Channel, invoke } from "@tauri-apps/api/core";
import { listen, type UnlistenFn } from "@tauri-apps/api/event";

// ---- Types: generated from the Rust types, nowhere else -----------------------------

export type * from "./bindings";
import type {
  Change,
  CommandError,
  Commands,
  FieldEdit,
  ErrorCode,
  Events,
  ExportProgress,
  ImportSource,
  PublishProgress,
  Target,
  OpenRequest,
  OutsideChoice,
  OutsideFile,
  MenuAction,
  ScanProgress,
  Site,
  TextEdit,
} from "./bindings";

// ---- Errors --------------------------------------------------------------------------

// A record rather than a list, so that a code added on the Rust side fails the type
// check here instead of being taken for an ipc failure at run time.
const KNOWN_CODES: Record<ErrorCode, true> = {
  io: true,
  not_text: true,
  too_large: true,
  front_matter: true,
  library_open: true,
  library_too_new: true,
  library_damaged: true,
  library_read_only: true,
  not_a_post: true,
  library: true,
  path_escape: true,
  library_inside_folder: true,
  no_folder: true,
  folder_missing: true,
  no_such_post: true,
  no_such_revision: true,
  watch: true,
  unknown_setting: true,
  empty_title: true,
  unsaved: true,
  path_taken: true,
  preview_out_of_step: true,
  template: true,
  disk_changed: true,
  bad_setting: true,
  duplicate_slug: true,
  output_inside_folder: true,
  cancelled: true,
  not_an_image: true,
  image_too_big: true,
  publish_target: true,
  file_alone: true,
  not_a_repository: true,
  repository_busy: true,
  sync_conflict: true,
  missing_tool: true,
  unreachable: true,
  auth_refused: true,
  no_keyring: true,
  branch_moved: true,
  remote_failed: true,
  malformed_export: true,
  not_an_export: true,
  internal: true,
  ipc: true,
};

export function isCommandError(e: unknown): e is CommandError {
  return (
    typeof e === "object" &&
    e !== null &&
    "code" in e &&
    "message" in e &&
    typeof e.code === "string" &&
    typeof e.message === "string" &&
    Object.hasOwn(KNOWN_CODES, e.code)
  );
}

/** Turns anything a command threw into a CommandError; what the core did not send is "ipc". */
export function asCommandError(e: unknown): CommandError {
  if (isCommandError(e)) return e;
  const message =
    typeof e === "object" && e !== null && "message" in e && typeof e.message === "string"
      ? e.message
      : String(e);
  return { code: "ipc", message };
}

// ---- Commands ----------------------------------------------------------------------

/** The one call into the shell: each command takes its arguments as one struct. */
function call<K extends keyof Commands>(name: K, args: Commands[K]["args"]): Promise<Commands[K]["result"]> {
  return invoke(name, { args });
}

export const appInfo = () => call("app_info", {});
export const listPosts = () => call("list_posts", {});
export const openPost = (id: number) => call("open_post", { id });
/** The whole text, as text version `version`: the reply is the whole article. */
export const render = (text: string, version: number, path: string | null, assetVersion: number) =>
  call("render", { text, version, path, assetVersion });
/** Edits to text version `base`, making `version`; `length` is the text's length after. */
export const renderEdits = (
  base: number,
  version: number,
  edits: TextEdit[],
  length: number,
  path: string | null,
  assetVersion: number,
) => call("render_edits", { base, version, edits, length, path, assetVersion });
/** Keeps `text` as the post's draft, based on file version `base` (a content hash). */
export const saveDraft = (id: number, text: string, base: string | null) =>
  call("save_draft", { id, text, base });
/**
 * Keeps the text the preview holds at text version `version` as the draft, without sending
 * it again; rejects with "preview_out_of_step" if the preview holds another version.
 */
export const saveDraftShown = (id: number, version: number, base: string | null) =>
  call("save_draft_shown", { id, version, base });
/** Writes the file; rejects with "disk_changed", writing nothing, if it is not version `base`. */
export const savePost = (id: number, text: string, base: string | null) =>
  call("save_post", { id, text, base });
export const newPost = (title: string) => call("new_post", { title });
export const saveSettings = (site: Site) => call("save_settings", { site });
export const history = (id: number) => call("history", { id });
export const diffRevision = (id: number, revision: number, current: string) =>
  call("diff_revision", { id, revision, current });
export const restoreRevision = (id: number, revision: number) =>
  call("restore_revision", { id, revision });
export const restoreToDisk = (id: number) => call("restore_to_disk", { id });
/** The three-way merge of `mine` with the file; `base` is the hash of the merge base version. */
export const mergeView = (id: number, mine: string, base: string | null) =>
  call("merge_view", { id, mine, base });
/** Writes a merge; `base` is the view's `theirs_hash`: rejects "disk_changed" if the file moved on. */
export const acceptMerge = (id: number, text: string, base: string) =>
  call("accept_merge", { id, text, base });

/** Exports `text`, the open post as the editor holds it, as one HTML file where the author picks (`null`: they cancelled the dialog). */
export const exportPost = (id: number, text: string) => call("export_post", { id, text });
/**
 * Exports the blog into a folder the author picks (`null`: they cancelled the dialog),
 * reporting progress as pages render; rejects with "cancelled" after `cancelExport`.
 * Progress comes on a channel of its own, passed beside `args`.
 */
export function exportSite(onProgress: (p: ExportProgress) => void): Promise<Commands["export_site"]["result"]> {
  const channel = new Channel<ExportProgress>();
  channel.onmessage = onProgress;
  return invoke("export_site", { args: {}, onProgress: channel });
}
export const cancelExport = () => call("cancel_export", {});
/**
 * Imports a blog from `source`'s export, which the author picks in a dialog (`null`: they
 * cancelled it); rejects with "malformed_export" or "not_an_export", nothing written.
 */
export const importBlog = (source: ImportSource) => call("import_blog", { source });
/** The publish targets of the content folder's `quire.toml`. */
export const publishTargets = () => call("publish_targets", {});
/**
 * Publishes to the target `name` (`null`: the only one): the plan, then each step, come
 * on a channel passed beside `args`. Answers `confirm` with the plan, sending nothing,
 * when it deletes much of the site and `confirmed` is false; rejects with "cancelled"
 * after `cancelPublish`.
 */
export function publish(
  name: string | null,
  confirmed: boolean,
  onProgress: (p: PublishProgress) => void,
  token: string | null = null,
): Promise<Commands["publish"]["result"]> {
  const channel = new Channel<PublishProgress>();
  channel.onmessage = onProgress;
  return invoke("publish", { args: { name, confirmed, token }, onProgress: channel });
}
/** Keeps a token for target `name` in the system keyring; rejects with "no_keyring" if none answers. */
export const rememberPublishToken = (name: string, token: string) =>
  call("remember_publish_token", { name, token });
export const cancelPublish = () => call("cancel_publish", {});
/** Opens the address the last publish sent the site to, in the system's browser. */
export const openSite = () => call("open_site", {});
/** Sets a publish target in `quire.toml`; answers the targets now set. */
export const savePublishTarget = (target: Target) => call("save_publish_target", { target });
/** Removes a publish target from `quire.toml`; answers the targets left. */
export const removePublishTarget = (name: string) => call("remove_publish_target", { name });
/** The git repository the content folder is in, as it stands; `null` outside git. */
export const repoStatus = () => call("repo_status", {});
/** Commits the saved changes, pulls, merges and pushes; conflicts are flagged, never marked up. */
export const sync = () => call("sync", {});
/** The git commits that changed post `id`, newest first; none outside git. */
export const gitHistory = (id: number) => call("git_history", { id });
/** Line diff from post `id` as `commit` has it to the editor's text. */
export const diffGitVersion = (id: number, commit: string, current: string) =>
  call("diff_git_version", { id, commit, current });
/** Puts post `id` as `commit` has it back in the editor as a draft; answers the text. */
export const restoreGitVersion = (id: number, commit: string) => call("restore_git_version", { id, commit });
/** Makes the content folder a git repository with the remote `origin`. */
export const initRepository = (remote: string) => call("init_repository", { remote });
/** Shows what the last export wrote in the system's file manager. */
export const revealExport = () => call("reveal_export", {});
/** The custom theme's article stylesheet for the preview (`null`: the built-in look). */
export const themeCss = () => call("theme_css", {});
/**
 * Full-text search, as the author types it: the core parses the query language and
 * never fails on a query it cannot parse. `pending`: posts not indexed yet.
 */
export const searchPosts = (query: string) => call("search_posts", { query });
/** Every tag in the library with its number of posts, for the list's tag filter. */
export const listTags = () => call("list_tags", {});
/** The rows of these posts; an id missing from the answer was deleted from the library. */
export const postsById = (ids: number[]) => call("posts_by_id", { ids });


/**
 * Gives the post a new title and moves its file to the new slug; answers the lines of
 * other posts that link to the old path. Rejects "unsaved" while the post has a draft.
 */
export const renamePost = (id: number, title: string) => call("rename_post", { id, title });
/** A draft copy of the post, beside it. */
export const duplicatePost = (id: number) => call("duplicate_post", { id });
/** Moves the post, its draft and history to the library's trash, restorable until emptied. */
export const trashPost = (id: number) => call("trash_post", { id });
export const listTrash = () => call("list_trash", {});
/** Puts a trashed post back at its old path; rejects "path_taken" if something lives there. */
export const restoreFromTrash = (id: number) => call("restore_from_trash", { id });
/** Deletes the trashed posts for good; answers how many. */
export const emptyTrash = () => call("empty_trash", {});
/** The front matter of `text` as the metadata form shows it; rejects "front_matter". */
export const frontForm = (text: string) => call("front_form", { text });
/** `text` with only the edited keys' lines of its front matter changed. */
export const editFront = (text: string, edits: FieldEdit[]) => call("edit_front", { text, edits });

/**
 * Copies an image beside the post and answers the Markdown link to insert. The image goes
 * as the request's raw body (a JSON array of a photo's bytes would be four times its
 * size); the arguments ride in a header, as JSON with every non-ASCII character escaped
 * (headers carry ASCII only). Rejects "not_an_image" or "image_too_big", writing nothing.
 */
export function addImage(id: number, name: string, bytes: Uint8Array): Promise<Commands["add_image"]["result"]> {
  const args: Commands["add_image"]["args"] = { id, name };
  const json = JSON.stringify(args).replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
  return invoke("add_image", bytes, { headers: { "quire-args": json } });
}
/** The spell checker's languages: the system's dictionaries and the chosen ones. */
export const spellCheck = () => call("spell_check", {});
/** Checks spelling in `languages` (none: off). */
export const chooseSpelling = (languages: string[]) => call("choose_spelling", { languages });
/** Asks for a content folder in a dialog and switches to it; `null` if cancelled. */
export const chooseFolder = () => call("choose_folder", {});
/** Opens the file outside the content folder the window was told of: its folder, or the file alone. */
export const openOutside = (choice: OutsideChoice) => call("open_outside", { choice });
/** Starts a blog in the default folder (`~/Documents/Quire`) and switches to it. */
export const startNewFolder = () => call("start_new_folder", {});

/**
 * The commands as functions, for the modules that take the ones they use as a parameter
 * (so that their tests hand them fakes): `Pick<Api, "savePost" | ...>`.
 */
export const api = {
  appInfo,
  listPosts,
  openPost,
  render,
  renderEdits,
  saveDraft,
  saveDraftShown,
  savePost,
  newPost,
  saveSettings,
  history,
  diffRevision,
  restoreRevision,
  restoreToDisk,
  mergeView,
  acceptMerge,
  exportPost,
  exportSite,
  cancelExport,
  importBlog,
  publishTargets,
  publish,
  rememberPublishToken,
  cancelPublish,
  openSite,
  savePublishTarget,
  removePublishTarget,
  repoStatus,
  sync,
  initRepository,
  gitHistory,
  diffGitVersion,
  restoreGitVersion,
  themeCss,
  revealExport,
  searchPosts,
  listTags,
  postsById,
  renamePost,
  duplicatePost,
  trashPost,
  listTrash,
  restoreFromTrash,
  emptyTrash,
  frontForm,
  editFront,
  addImage,
  spellCheck,
  chooseSpelling,
  chooseFolder,
  startNewFolder,
  openOutside,
};
export type Api = typeof api;

// ---- Events --------------------------------------------------------------------------

function on<K extends keyof Events>(name: K, f: (payload: Events[K]) => void): Promise<UnlistenFn> {
  return listen<Events[K]>(name, (e) => f(e.payload));
}

export const onDiskChange = (f: (changes: Change[]) => void) => on("disk-change", f);
export const onScanProgress = (f: (p: ScanProgress) => void) => on("scan-progress", f);
export const onScanDone = (f: (files: number) => void) => on("scan-done", f);
/** The words of the posts the start-up scan listed are counted. */
export const onWordsCounted = (f: () => void) => on("words-counted", () => f());
export const onSyncError = (f: (e: CommandError) => void) => on("sync-error", f);
/** A later launch on this library named a post to open (the window came to the front). */
export const onOpenRequest = (f: (r: OpenRequest) => void) => on("open-request", f);
export const onOutsideFile = (f: (o: OutsideFile) => void) => on("outside-file", f);
export const onMenuAction = (f: (m: MenuAction) => void) => on("menu-action", f);

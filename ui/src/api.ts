// The one file that names the shell's commands and events. Everything else in the ui
// calls these typed functions.
import { invoke } from "@tauri-apps/api/core";

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
}

export interface Preview {
  html: string;
  title: string;
  words: number;
  minutes: number;
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
export const render = (text: string, path: string | null): Promise<Preview> =>
  invoke("render", { text, path });
export const saveDraft = (id: number, text: string): Promise<void> =>
  invoke("save_draft", { id, text });
export const savePost = (id: number, text: string): Promise<PostRow> =>
  invoke("save_post", { id, text });
export const newPost = (title: string): Promise<PostRow> => invoke("new_post", { title });

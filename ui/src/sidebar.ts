// The library sidebar: the new-post form and the folder line at the foot; the list of
// posts itself is library.ts.
import { asCommandError, type AppInfo, type Api, type PostRow, type ScanProgress } from "./api";
import { createLibrary, type LibraryElements } from "./library";
import type { Say } from "./status";

export interface SidebarElements extends LibraryElements {
  newPost: HTMLElement;
  form: HTMLFormElement;
  title: HTMLInputElement;
  cancel: HTMLElement;
  folder: HTMLElement;
}

export interface SidebarDeps {
  api: Pick<Api, "listPosts" | "newPost" | "postsById" | "listTags">;
  open(id: number): Promise<void>;
  /** A new post was created and opened: the author starts typing. */
  created(): void;
  say: Say;
  /** Runs `run` before the next paint; tests pass their own. */
  frame?: (run: () => void) => void;
}

export interface Sidebar {
  refresh(): Promise<void>;
  /** Reads again only the rows of these posts: a change on disk or a save touched them. */
  changed(ids: number[]): Promise<void>;
  posts(): readonly PostRow[];
  /** The posts the list shows, in its order. */
  shown(): PostRow[];
  markActive(id: number | null): void;
  toggleNewPost(show: boolean): void;
  showFolder(info: AppInfo): void;
  showScan(progress: ScanProgress): void;
}

export function createSidebar(els: SidebarElements, deps: SidebarDeps): Sidebar {
  const library = createLibrary(els, {
    api: deps.api,
    open: deps.open,
    say: deps.say,
    ...(deps.frame ? { frame: deps.frame } : {}),
  });

  function toggleNewPost(show: boolean): void {
    els.form.hidden = !show;
    if (show) {
      els.title.value = "";
      els.title.focus();
    }
  }

  async function create(): Promise<void> {
    const title = els.title.value.trim();
    if (!title) {
      deps.say("Give the new post a title first.", "error");
      return;
    }
    try {
      const row = await deps.api.newPost(title);
      toggleNewPost(false);
      await library.changed([row.id]);
      await deps.open(row.id);
      deps.created();
    } catch (e) {
      deps.say(asCommandError(e).message, "error");
    }
  }

  els.newPost.addEventListener("click", () => toggleNewPost(els.form.hidden));
  els.cancel.addEventListener("click", () => toggleNewPost(false));
  els.form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    void create();
  });

  return {
    refresh: library.refresh,
    changed: library.changed,
    posts: library.posts,
    shown: library.shown,
    markActive: library.markActive,
    toggleNewPost,
    showFolder(info) {
      els.folder.textContent = info.folder;
      els.folder.title = `Library: ${info.library}`;
    },
    showScan(p) {
      els.folder.textContent = `Reading the folder… ${p.done.toLocaleString("en")} / ${p.total.toLocaleString("en")}`;
    },
  };
}

// The library sidebar: the new-post form and the folder line at the foot; the list of
// posts itself is library.ts.
import { asCommandError, type AppInfo, type Api, type ScanProgress } from "./api";
import { createLibrary, type Library, type LibraryDeps, type LibraryElements } from "./library";

export interface SidebarElements extends LibraryElements {
  newPost: HTMLElement;
  form: HTMLFormElement;
  title: HTMLInputElement;
  cancel: HTMLElement;
  folder: HTMLElement;
}

/** What the list needs, and what the form adds: it makes posts, and says when one is made. */
export interface SidebarDeps extends LibraryDeps {
  api: LibraryDeps["api"] & Pick<Api, "newPost">;
  /** A new post was created and opened: the author starts typing. */
  created(): void;
}

/** The list, and the new-post form and folder line around it. */
export interface Sidebar extends Library {
  toggleNewPost(show: boolean): void;
  showFolder(info: AppInfo): void;
  showScan(progress: ScanProgress): void;
}

export function createSidebar(els: SidebarElements, deps: SidebarDeps): Sidebar {
  const library = createLibrary(els, deps);

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
    ...library,
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

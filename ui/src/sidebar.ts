// The library sidebar: the list of posts with their badges, the open one marked, the
// new-post form, and the folder line at the foot.
import { asCommandError, type AppInfo, type Api, type PostRow, type ScanProgress } from "./api";
import type { Say } from "./status";

export interface SidebarElements {
  list: HTMLUListElement;
  newPost: HTMLElement;
  form: HTMLFormElement;
  title: HTMLInputElement;
  cancel: HTMLElement;
  folder: HTMLElement;
}

export interface SidebarDeps {
  api: Pick<Api, "listPosts" | "newPost">;
  open(id: number): Promise<void>;
  /** A new post was created and opened: the author starts typing. */
  created(): void;
  say: Say;
}

export interface Sidebar {
  refresh(): Promise<void>;
  posts(): readonly PostRow[];
  markActive(id: number | null): void;
  toggleNewPost(show: boolean): void;
  showFolder(info: AppInfo): void;
  showScan(progress: ScanProgress): void;
}

export function createSidebar(els: SidebarElements, deps: SidebarDeps): Sidebar {
  let posts: PostRow[] = [];
  let active: number | null = null;

  function item(p: PostRow): HTMLLIElement {
    const li = document.createElement("li");
    li.dataset.testid = "post-item";
    li.dataset.id = String(p.id);
    li.dataset.path = p.path;
    li.tabIndex = 0;
    li.classList.toggle("active", p.id === active);
    const title = document.createElement("span");
    title.className = "post-title";
    title.textContent = p.title || p.path;
    const meta = document.createElement("span");
    meta.className = "post-meta";
    meta.append(badge(p.status, `status-${p.status}`));
    if (p.problem) {
      meta.append(badge(p.problem.code === "front_matter" ? "front matter error" : "unreadable", "problem"));
      li.title = p.problem.message;
    }
    if (p.missing) meta.append(badge("missing on disk", "problem"));
    if (p.date) meta.append(document.createTextNode(p.date));
    li.append(title, meta);
    li.addEventListener("click", () => void deps.open(p.id));
    li.addEventListener("keydown", (ev) => {
      if (ev.key === "Enter") void deps.open(p.id);
    });
    return li;
  }

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
      await refresh();
      await deps.open(row.id);
      deps.created();
    } catch (e) {
      deps.say(asCommandError(e).message, "error");
    }
  }

  async function refresh(): Promise<void> {
    posts = await deps.api.listPosts();
    els.list.replaceChildren(...posts.map(item));
  }

  els.newPost.addEventListener("click", () => toggleNewPost(els.form.hidden));
  els.cancel.addEventListener("click", () => toggleNewPost(false));
  els.form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    void create();
  });

  return {
    refresh,
    posts: () => posts,
    markActive(id) {
      // Called on every change of the open post, keystrokes included.
      if (id === active) return;
      active = id;
      for (const li of els.list.querySelectorAll<HTMLLIElement>("li")) {
        li.classList.toggle("active", Number(li.dataset.id) === id);
      }
    },
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

function badge(text: string, kind: string): HTMLSpanElement {
  const span = document.createElement("span");
  span.className = `badge ${kind}`;
  span.textContent = text;
  return span;
}

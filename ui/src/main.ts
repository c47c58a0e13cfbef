// The editor window: library sidebar, Markdown editor, live article preview, status bar.
import "./style.css";
import "../../crates/core/templates/article.css";
import * as api from "./api";
import { createEditor } from "./editor";
import { createHistory } from "./history";
import { showMerge } from "./merge";
import { createArticleView } from "./preview";

/** Autosave this long after the last keystroke… */
const DRAFT_IDLE_MS = 300;
/**
 * …and at least this often while the author keeps typing, so that a crash or kill -9
 * loses at most the last second. A draft save costs well under a millisecond.
 */
const DRAFT_MAX_MS = 700;

const el = <T extends HTMLElement>(testid: string): T => {
  const found = document.querySelector<T>(`[data-testid="${testid}"]`);
  if (!found) throw new Error(`missing element ${testid}`);
  return found;
};

const postList = el<HTMLUListElement>("post-list");
const preview = el<HTMLDivElement>("preview");
const previewError = el<HTMLDivElement>("preview-error");
const wordCount = el<HTMLSpanElement>("word-count");
const readingTime = el<HTMLSpanElement>("reading-time");
const saveState = el<HTMLSpanElement>("save-state");
const notice = el<HTMLSpanElement>("notice");
const postPath = el<HTMLSpanElement>("post-path");
const newPostForm = el<HTMLFormElement>("new-post-form");
const newTitle = el<HTMLInputElement>("new-title");
const missingBanner = el<HTMLSpanElement>("missing-banner");
const conflictBanner = el<HTMLSpanElement>("conflict-banner");
const mergePanel = el<HTMLDivElement>("merge");
const folderFoot = el<HTMLElement>("folder");

interface Current {
  post: api.PostRow;
  /** The editor differs from the file on disk. */
  dirty: boolean;
  /** The editor differs from the last draft saved to the library. */
  unsavedDraft: boolean;
  firstUnsavedAt: number | null;
  /** The last text known to be on disk (the merge base), when this session knows it. */
  synced: string | null;
  /** The file changed on disk under unsaved edits and the author has not merged yet. */
  conflict: boolean;
}

let current: Current | null = null;
let posts: api.PostRow[] = [];
let draftTimer: number | undefined;
const article = createArticleView(preview);
/** The newest render asked for, and the newest shown: an older answer is dropped. */
let renderSeq = 0;
let shownSeq = 0;
/**
 * Text versions for the core's preview: each request names a new one. `coreVersion` is
 * the one the core is taken to hold; `wholeText` makes the next request send the whole
 * text (a post opened, or the core and the editor may differ).
 */
let textVersion = 0;
let coreVersion = 0;
let wholeText = true;
/** When the render in flight was asked for (0: none in flight). */
let renderSince = 0;
let renderPending = false;
/** Bumped when an image a post shows changes on disk, to get past the webview's cache. */
let assetVersion = 0;
let stallTimer: number | undefined;
/**
 * Past this long without an answer the preview asks again: a reply lost between webview
 * and core must not freeze the preview for the rest of the session.
 */
const RENDER_STALL_MS = 1000;

const editor = createEditor(el("editor"), {
  onChange: () => {
    if (!current) return;
    current.dirty = true;
    current.unsavedDraft = true;
    current.firstUnsavedAt ??= Date.now();
    showSaveState();
    scheduleRender();
    scheduleDraft();
  },
  onSave: () => void save(),
});

function say(message: string, kind: "info" | "error" = "info"): void {
  notice.textContent = message;
  notice.dataset.kind = kind;
  notice.hidden = false;
  if (kind === "info") {
    window.setTimeout(() => {
      if (notice.textContent === message) notice.hidden = true;
    }, 4000);
  }
}

function showSaveState(state?: string): void {
  if (state) {
    saveState.textContent = state;
  } else if (!current) {
    saveState.textContent = "No post open";
  } else if (current.unsavedDraft) {
    saveState.textContent = "Typing…";
  } else if (current.dirty) {
    saveState.textContent = "Draft kept · not saved to file";
  } else {
    saveState.textContent = "Saved to file";
  }
}

// Rendering: one request in flight at a time, the newest text wins, and a request that
// never comes back does not stop the preview.
function scheduleRender(): void {
  if (renderSince && performance.now() - renderSince < RENDER_STALL_MS) {
    renderPending = true;
    stallTimer ??= window.setTimeout(() => {
      stallTimer = undefined;
      // The request in flight may or may not have reached the core.
      wholeText = true;
      if (renderPending) scheduleRender();
    }, RENDER_STALL_MS);
    return;
  }
  void renderNow();
}

async function renderNow(): Promise<void> {
  const seq = ++renderSeq;
  renderSince = performance.now();
  renderPending = false;
  const path = current?.post.path ?? null;
  const version = ++textVersion;
  const edits = editor.takeEdits();
  const base = coreVersion;
  // Taken to hold this version from now on: if it does not, it refuses the next edits
  // and the text is sent whole.
  coreVersion = version;
  const whole = wholeText || edits === null;
  wholeText = false;
  try {
    const result = whole
      ? await api.render(editor.text(), version, path, assetVersion)
      : await api.renderEdits(base, version, edits.edits, edits.length, path, assetVersion);
    if (!article.apply(result)) {
      // Made for another version than the one on screen: ask for the whole article.
      wholeText = true;
      renderPending = true;
      return;
    }
    shownSeq = Math.max(shownSeq, seq);
    // Which text version the preview shows, also when it changed nothing on the page.
    preview.dataset.rendered = String(result.version);
    previewError.hidden = true;
    wordCount.textContent = `${result.words.toLocaleString("en")} ${result.words === 1 ? "word" : "words"}`;
    readingTime.textContent = `${result.minutes} min read`;
  } catch (e) {
    const err = api.asCommandError(e);
    // Anything but a render error leaves the core's text unknown: send it whole, at once
    // if these were edits (a whole text that failed waits for the next keystroke).
    if (err.code === "preview_out_of_step" || err.code === "ipc") {
      wholeText = true;
      if (!whole) {
        renderPending = true;
        return;
      }
    }
    if (seq < shownSeq) return;
    shownSeq = seq;
    // Keep the last good preview: a half-typed front matter line should not blank it.
    previewError.textContent = err.message;
    previewError.dataset.code = err.code;
    previewError.hidden = false;
  } finally {
    if (seq === renderSeq) {
      renderSince = 0;
      if (renderPending) void renderNow();
    }
  }
}

function scheduleDraft(): void {
  window.clearTimeout(draftTimer);
  const since = current?.firstUnsavedAt ?? Date.now();
  const wait = Math.max(0, Math.min(DRAFT_IDLE_MS, since + DRAFT_MAX_MS - Date.now()));
  draftTimer = window.setTimeout(() => void flushDraft(), wait);
}

async function flushDraft(): Promise<void> {
  window.clearTimeout(draftTimer);
  const c = current;
  if (!c || !c.unsavedDraft) return;
  const text = editor.text();
  c.unsavedDraft = false;
  c.firstUnsavedAt = null;
  try {
    await api.saveDraft(c.post.id, text);
    if (current === c) showSaveState();
  } catch (e) {
    c.unsavedDraft = true;
    say(`Could not keep the draft: ${api.asCommandError(e).message}`, "error");
  }
}

async function save(): Promise<void> {
  const c = current;
  if (!c) return;
  if (c.conflict) {
    // Saving now would overwrite what arrived on disk: merge first.
    await openMerge();
    return;
  }
  window.clearTimeout(draftTimer);
  const text = editor.text();
  try {
    const row = await api.savePost(c.post.id, text);
    c.post = row;
    c.synced = text;
    if (editor.text() === text) {
      c.dirty = false;
      c.unsavedDraft = false;
      c.firstUnsavedAt = null;
    }
    showSaveState();
    say(`Saved ${row.path}`);
    await refreshList();
  } catch (e) {
    const err = api.asCommandError(e);
    // The text is still in the editor; keep it in the library too.
    await flushDraft();
    say(`Not saved: ${err.message}`, "error");
  }
}

async function open(id: number): Promise<void> {
  await flushDraft();
  try {
    const opened = await api.openPost(id);
    current = {
      post: opened.post,
      dirty: opened.from_draft,
      unsavedDraft: false,
      firstUnsavedAt: null,
      synced: opened.from_draft ? null : opened.text,
      conflict: opened.conflict,
    };
    editor.load(opened.text);
    editor.setReadOnly(false);
    postPath.textContent = opened.post.path;
    showSaveState(opened.from_draft ? "Draft restored · not saved to file" : undefined);
    showBanners();
    markActive();
    mergePanel.hidden = true;
    await renderNow();
    await history.refreshIfOpen();
    if (opened.conflict) await openMerge();
  } catch (e) {
    const err = api.asCommandError(e);
    say(err.message, "error");
  }
}

function showBanners(): void {
  missingBanner.hidden = !current?.post.missing;
  conflictBanner.hidden = !current?.conflict;
}

/** Shows the three-way merge of the editor's text with the file on disk. */
async function openMerge(): Promise<void> {
  const c = current;
  if (!c) return;
  await flushDraft();
  try {
    const view = await api.mergeView(c.post.id, editor.text(), c.synced);
    c.conflict = true;
    showBanners();
    const choice = await showMerge(mergePanel, view);
    if (current !== c || choice.accepted === null) return;
    const row = await api.acceptMerge(c.post.id, choice.accepted);
    c.post = row;
    c.conflict = false;
    c.dirty = false;
    c.unsavedDraft = false;
    c.synced = choice.accepted;
    editor.load(choice.accepted);
    showBanners();
    showSaveState();
    say("Merged and saved");
    await renderNow();
    await refreshList();
  } catch (e) {
    say(api.asCommandError(e).message, "error");
  }
}

/** A post changed on disk: follow it when the editor is clean, merge when it is not. */
async function diskChanged(changes: api.Change[]): Promise<void> {
  await refreshList();
  const c = current;
  if (!c) return;
  for (const change of changes) {
    if (change.id !== c.post.id) continue;
    switch (change.kind) {
      case "modified":
      case "created": {
        c.post.missing = false;
        if (c.dirty || c.unsavedDraft) {
          await openMerge();
        } else {
          const opened = await api.openPost(c.post.id);
          c.post = opened.post;
          c.synced = opened.text;
          editor.reloadFromDisk(opened.text);
          scheduleRender();
        }
        break;
      }
      case "conflict":
        await openMerge();
        break;
      case "removed":
        c.post.missing = true;
        break;
      case "renamed":
        c.post.path = change.to;
        postPath.textContent = change.to;
        break;
      case "asset":
        assetVersion++;
        scheduleRender();
        break;
    }
    showBanners();
  }
  await history.refreshIfOpen();
}

async function restoreToDisk(): Promise<void> {
  const c = current;
  if (!c) return;
  await flushDraft();
  try {
    c.post = await api.restoreToDisk(c.post.id);
    c.synced = editor.text();
    c.dirty = false;
    showBanners();
    showSaveState();
    say(`Restored ${c.post.path}`);
    await refreshList();
  } catch (e) {
    say(api.asCommandError(e).message, "error");
  }
}

const history = createHistory(el("history-panel"), {
  current: () => (current ? { id: current.post.id, text: editor.text() } : null),
  restored: (text) => {
    if (!current) return;
    // Restoring is an edit like any other: the text becomes the draft, saved when asked.
    editor.reloadFromDisk(text);
    current.dirty = true;
    showSaveState("Restored · not saved to file");
    scheduleRender();
  },
  failed: (e) => say(e.message, "error"),
});

function markActive(): void {
  for (const li of postList.querySelectorAll<HTMLLIElement>("li")) {
    li.classList.toggle("active", Number(li.dataset.id) === current?.post.id);
  }
}

function postItem(p: api.PostRow): HTMLLIElement {
  const li = document.createElement("li");
  li.dataset.testid = "post-item";
  li.dataset.id = String(p.id);
  li.dataset.path = p.path;
  li.tabIndex = 0;
  const title = document.createElement("span");
  title.className = "post-title";
  title.textContent = p.title || p.path;
  const meta = document.createElement("span");
  meta.className = "post-meta";
  const status = document.createElement("span");
  status.className = `badge status-${p.status}`;
  status.textContent = p.status;
  meta.append(status);
  if (p.problem) {
    const bad = document.createElement("span");
    bad.className = "badge problem";
    bad.textContent = p.problem.includes("front matter") ? "front matter error" : "unreadable";
    li.title = p.problem;
    meta.append(bad);
  }
  if (p.missing) {
    const gone = document.createElement("span");
    gone.className = "badge problem";
    gone.textContent = "missing on disk";
    meta.append(gone);
  }
  if (p.date) meta.append(document.createTextNode(p.date));
  li.append(title, meta);
  li.addEventListener("click", () => void open(p.id));
  li.addEventListener("keydown", (ev) => {
    if (ev.key === "Enter") void open(p.id);
  });
  return li;
}

async function refreshList(): Promise<void> {
  posts = await api.listPosts();
  postList.replaceChildren(...posts.map(postItem));
  markActive();
}

function toggleNewPost(show: boolean): void {
  newPostForm.hidden = !show;
  if (show) {
    newTitle.value = "";
    newTitle.focus();
  }
}

async function createPost(): Promise<void> {
  const title = newTitle.value.trim();
  if (!title) {
    say("Give the new post a title first.", "error");
    return;
  }
  try {
    const row = await api.newPost(title);
    toggleNewPost(false);
    await refreshList();
    await open(row.id);
    editor.focus();
  } catch (e) {
    say(api.asCommandError(e).message, "error");
  }
}

el("new-post").addEventListener("click", () => toggleNewPost(newPostForm.hidden));
el("cancel-new-post").addEventListener("click", () => toggleNewPost(false));
newPostForm.addEventListener("submit", (ev) => {
  ev.preventDefault();
  void createPost();
});
el("save").addEventListener("click", () => void save());
el("history-toggle").addEventListener("click", () => void history.toggle());

const settingsPanel = el<HTMLFormElement>("settings-panel");
let site: api.Site | null = null;
function field(name: string): HTMLInputElement {
  return settingsPanel.elements.namedItem(name) as HTMLInputElement;
}
el("settings-toggle").addEventListener("click", () => {
  if (!site) return;
  field("author").value = site.author;
  field("title").value = site.title;
  field("footer").value = site.footer;
  settingsPanel.hidden = !settingsPanel.hidden;
});
el("settings-cancel").addEventListener("click", () => (settingsPanel.hidden = true));
settingsPanel.addEventListener("submit", (ev) => {
  ev.preventDefault();
  if (!site) return;
  const wanted = { ...site, author: field("author").value, title: field("title").value, footer: field("footer").value };
  void api
    .saveSettings(wanted)
    .then((stored) => {
      site = stored;
      settingsPanel.hidden = true;
      say("Settings saved");
      scheduleRender();
    })
    .catch((e) => say(api.asCommandError(e).message, "error"));
});
el("restore-to-disk").addEventListener("click", () => void restoreToDisk());
el("open-merge").addEventListener("click", () => void openMerge());
window.addEventListener("keydown", (ev) => {
  if ((ev.ctrlKey || ev.metaKey) && ev.key.toLowerCase() === "s") {
    ev.preventDefault();
    void save();
  } else if ((ev.ctrlKey || ev.metaKey) && ev.key.toLowerCase() === "n") {
    ev.preventDefault();
    toggleNewPost(true);
  }
});
// Closing the window: the last few hundred milliseconds of typing go to the library.
window.addEventListener("beforeunload", () => void flushDraft());

async function start(): Promise<void> {
  try {
    // Listen first: the folder scan starts with the window and may finish before the list.
    // One batch at a time, in order: two handlers racing could apply an older version of
    // the file after a newer one.
    let diskQueue = Promise.resolve();
    await api.onDiskChange((changes) => {
      diskQueue = diskQueue
        .then(() => diskChanged(changes))
        .catch((e) => say(api.asCommandError(e).message, "error"));
    });
    await api.onScanProgress((p) => {
      folderFoot.textContent = `Reading the folder… ${p.done.toLocaleString("en")} / ${p.total.toLocaleString("en")}`;
    });
    await api.onSyncError((e) => say(e.message, "error"));
    const info = await api.appInfo();
    site = info.site;
    folderFoot.title = `Library: ${info.library}`;
    await api.onScanDone(() => {
      folderFoot.textContent = info.folder;
      void refreshList().then(async () => {
        if (!current) {
          const first = posts.find((p) => !p.problem && !p.missing);
          if (first) await open(first.id);
        }
      });
    });
    folderFoot.textContent = info.folder;
    await refreshList();
    const first = posts.find((p) => p.id === info.last_post) ?? posts.find((p) => !p.problem && !p.missing);
    if (first) {
      await open(first.id);
    } else {
      editor.setReadOnly(true);
      showSaveState();
    }
  } catch (e) {
    say(api.asCommandError(e).message, "error");
  }
}

void start();

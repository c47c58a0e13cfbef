// The editor window: library sidebar, Markdown editor, live article preview, status bar.
// Only the wiring lives here; each module holds one concern and is handed what it uses.
import "./style.css";
import "../../crates/core/templates/article.css";
import "../../crates/core/templates/align.css";
import "../../crates/core/templates/highlight.css";
import {
  api, asCommandError, onDiskChange, onMenuAction, onOpenRequest, onOutsideFile, onScanDone, onScanProgress, onSyncError, onWordsCounted,
} from "./api";
import { createAppearance, editorLook } from "./appearance";
import { windowClock as clock } from "./clock";
import { createCurrent } from "./current";
import { createDictionaries } from "./dictionaries";
import { followDisk } from "./disk";
import { createEditor } from "./editor";
import { createExporting } from "./exporting";
import { formattingKeymap } from "./formatting";
import { createHistory } from "./history";
import { createImages, refuseStrayFiles } from "./images";
import { showMerge } from "./merge";
import { createMerging } from "./merging";
import { createMetadata, type MetaField, type MetaKey } from "./metadata";
import { createOpening } from "./opening";
import { createOutline } from "./outline";
import { edited, revisionRestored, syncConflicted } from "./post";
import { createPostActions } from "./postactions";
import { createMenuActions } from "./menu";
import { createOutside } from "./outside";
import { createPublishing } from "./publishing";
import { createSyncing } from "./syncing";
import { createPublishTargets } from "./publishtargets";
import { createArticleView } from "./preview";
import { createRenderLoop } from "./render";
import { createQuickOpen } from "./quickopen";
import { createSaving } from "./saving";
import { createScrollSync } from "./scrollsync";
import { createSearch } from "./search";
import { createSettings, type Settings } from "./settings";
import { createImporting } from "./importing";
import { createShortcuts, type ShortcutActions } from "./shortcuts";
import { createSidebar } from "./sidebar";
import { spelling } from "./spelling";
import { shortcodes } from "./shortcodes";
import { createStartNotices } from "./startup";
import { createThemeStyle } from "./theme";
import { createTrash } from "./trash";
import { createNotice, createPostStatus, createPreviewStatus, createSelectionStatus } from "./status";
import { createWritingModes } from "./writingmodes";

const el = <T extends HTMLElement = HTMLElement>(testid: string): T => {
  const found = document.querySelector<T>(`[data-testid="${testid}"]`);
  if (!found) throw new Error(`missing element ${testid}`);
  return found;
};

const say = createNotice(el("notice"), clock);
const showPostStatus = createPostStatus({
  saveState: el("save-state"), postPath: el("post-path"),
  missingBanner: el("missing-banner"), conflictBanner: el("conflict-banner"),
  conflictText: el("conflict-text"),
});
// The hooks below name modules made further down; none is called before all exist.
const current = createCurrent((s) => {
  showPostStatus(s);
  sidebar.markActive(s?.post.id ?? null);
  search.markActive(s?.post.id ?? null);
  postActions.follow(s);
  metadata.follow(s !== null);
});

// Before the editor, whose every state takes the writing modes as they stand.
const appearance = createAppearance({ toggle: el("theme-toggle"), root: document.documentElement }, { storage: localStorage });
const modes = createWritingModes(
  {
    focus: el("focus-mode"), typewriter: el("typewriter"), distractionFree: el("distraction-free"),
    root: document.documentElement,
  },
  { storage: localStorage, reconfigure: (effects) => editor.reconfigure(effects), focusEditor: () => editor.focus() },
);

// Before the editor too: pasting and dropping images is part of its every state.
const images = createImages({
  api,
  say,
  postId: () => current.get()?.post.id ?? null,
  // The core's default until the settings are read.
  limitMb: () => settings.site()?.image_limit_mb ?? 20,
});
// A file let go anywhere else would have the webview open it in the window's place.
refuseStrayFiles(document);

// The settings are made after the editor, which asks for its extensions at once.
let siteSettings: Settings | null = null;
const editor = createEditor(el("editor"), {
  onChange: () => {
    const s = current.get();
    if (!s) return;
    current.update(s.post.id, edited);
    saving.edited();
    render.schedule();
  },
  onText: (source) => metadata.textChanged(source),
  onSelection: createSelectionStatus(el("selection-count")),
}, {
  extensions: () => [
    formattingKeymap(), editorLook, modes.extension(), images.extension(), spelling(),
    shortcodes(siteSettings?.site()?.dialect_found ?? "quire"),
  ],
});

const metadata = createMetadata(
  {
    form: el<HTMLFormElement>("metadata-form"), toggle: el("metadata-toggle"),
    fields: el<HTMLFieldSetElement>("meta-fields"),
    inputs: {
      title: el("meta-title"), author: el("meta-author"), avatar: el("meta-avatar"), date: el("meta-date"),
      label: el("meta-label"), tags: el("meta-tags"), summary: el("meta-summary"), cover: el("meta-cover"),
      status: el("meta-status"), slug: el("meta-slug"),
    } satisfies Record<MetaKey, MetaField>,
    tagList: el<HTMLDataListElement>("meta-tag-list"), other: el("meta-other"), problem: el("meta-problem"),
  },
  { api, editor, clock, say },
);

const preview = el("preview");
const article = createArticleView(preview);
const render = createRenderLoop({
  api,
  editor,
  article,
  clock,
  path: () => current.get()?.post.path ?? null,
  ...createPreviewStatus({
    preview, previewError: el("preview-error"), wordCount: el("word-count"), readingTime: el("reading-time"),
    charCount: el("char-count"),
  }),
  outlined: (headings) => outline.show(headings),
});
const scrollSync = createScrollSync(
  // The article scrolls in the box around it (style.css), under the pane's panels.
  { preview, pane: preview.parentElement ?? preview },
  {
    article,
    editor,
    frame: (f) => requestAnimationFrame(() => f()),
    observeSize: (target, f) => new ResizeObserver(() => f()).observe(target),
  },
);
const outline = createOutline(
  { panel: el("outline"), toggle: el("outline-toggle") },
  { go: (line) => scrollSync.showLine(line), cursorLine: () => editor.cursorLine(), storage: localStorage },
);
editor.onCursor(() => outline.cursorMoved());

const sidebar = createSidebar(
  {
    list: el("post-list"), newPost: el("new-post"), form: el("new-post-form"),
    title: el("new-title"), cancel: el("cancel-new-post"), folder: el("folder"),
    sort: el("sort"), status: el("status-filter"), tag: el("tag-filter"), empty: el("list-empty"),
  },
  { api, open: (id) => opening.open(id), created: () => editor.focus(), say },
);
const search = createSearch(
  {
    input: el("search"), library: el("library"), pane: el("search-pane"),
    results: el("search-results"), pending: el("search-pending"), empty: el("search-empty"),
  },
  { api, open: (id) => opening.open(id), clock, say },
);
const quickOpen = createQuickOpen(
  { dialog: el("quick-open"), input: el("quick-open-input"), list: el("quick-open-list") },
  { posts: () => sidebar.posts(), open: (id) => opening.open(id) },
);
const syncing = createSyncing(
  {
    bar: el("sync-bar"), status: el("sync-status"), button: el<HTMLButtonElement>("sync"), summary: el("sync-summary"),
    repo: el("sync-repo"), initForm: el("sync-init-form"), initRemote: el<HTMLInputElement>("sync-init-remote"),
    init: el<HTMLButtonElement>("sync-init"),
  },
  {
    api, say, clock,
    marked: (states) => sidebar.gitChanged(states),
    listChanged: () => listChanged(),
    // The post's merge opens with it (its `conflict`); the open one's merge opens now.
    conflicted: async (path) => {
      const post = sidebar.posts().find((p) => p.path === path);
      if (!post) return;
      if (current.get()?.post.id !== post.id) return opening.open(post.id);
      current.update(post.id, (s) => syncConflicted(s, post));
      await merge();
    },
  },
);
/** Posts changed: with their ids only their rows are read again, else every row. */
async function listChanged(ids?: number[]): Promise<void> {
  if (ids?.length === 0) return;
  search.refresh();
  // A save or a change on disk moves the posts' marks against git.
  syncing.refresh();
  await (ids ? sidebar.changed(ids) : sidebar.refresh());
}
const merge = () => merging.open();

const saving = createSaving({ api, current, editor, clock, say, listChanged, merge, held: () => render.held() });
const { keepDraft, inTurn } = saving;

const mergePanel = el("merge");
const merging = createMerging({
  api, current, editor, keepDraft, inTurn, render, listChanged, say,
  show: (view) => showMerge(mergePanel, view),
});

/** The open post and the editor's text, for the panels that act on what the author sees. */
function openText(): { id: number; text: string } | null {
  const s = current.get();
  return s ? { id: s.post.id, text: editor.text() } : null;
}

const history = createHistory(el("history-panel"), {
  current: openText,
  restored: (text) => {
    const s = current.get();
    if (!s) return;
    // Restoring is an edit like any other: the core keeps the text as the draft.
    editor.reloadFromDisk(text);
    current.update(s.post.id, revisionRestored);
    render.schedule();
  },
  failed: (e) => say(e.message, "error"),
});
const historyChanged = () => history.refreshIfOpen();

const opening = createOpening({
  api, current, editor, render, merge, historyChanged, say,
  // The details form's last edit reaches the text before the post is left.
  keepDraft: async () => {
    await metadata.flush();
    return keepDraft();
  },
  closeMerge: () => (mergePanel.hidden = true),
});
const trash = createTrash(
  { toggle: el("trash-toggle"), panel: el("trash-list") },
  { api, listChanged, open: (id) => opening.open(id), say },
);
const postActions = createPostActions(
  {
    rename: el<HTMLButtonElement>("rename"), duplicate: el<HTMLButtonElement>("duplicate"),
    trash: el<HTMLButtonElement>("trash"), form: el<HTMLFormElement>("rename-form"),
    title: el<HTMLInputElement>("rename-title"), confirm: el<HTMLButtonElement>("rename-confirm"),
    cancel: el("rename-cancel"), links: el("rename-links"),
  },
  {
    api, current, editor, render, keepDraft, inTurn, merge, listChanged, historyChanged, say,
    save: () => saving.save(),
    shown: () => sidebar.shown(),
    open: (id) => opening.open(id),
    trashed: () => void trash.refreshIfOpen(),
  },
);
const disk = followDisk({
  api, current, editor, render, keepDraft, inTurn, merge, listChanged, historyChanged, say,
});

// Last in the head, after the built-in stylesheets, so the theme's rules win.
const themeElement = document.createElement("style");
themeElement.dataset.testid = "theme-style";
document.head.append(themeElement);
const theme = createThemeStyle(themeElement, { api, say });

// The targets in Settings; after a change the Publish panel reads them again when it opens
// next, so a chooser or "no target" help it shows now, read before, is closed.
const publishTargets = createPublishTargets(
  {
    list: el("publish-target-list"), add: el<HTMLButtonElement>("target-add"),
    empty: el("publish-targets-empty"), problem: el("publish-targets-problem"),
  },
  {
    api,
    say,
    changed: () => {
      const stale = !el("publish-chooser").hidden || !el("publish-help").hidden;
      if (stale && !publishing.running()) el("publish-panel").hidden = true;
    },
  },
);
const settings = (siteSettings = createSettings(
  {
    form: el("settings-panel"), toggle: el("settings-toggle"), cancel: el("settings-cancel"),
    library: el("settings-library"), log: el("settings-log"),
    folder: el("settings-folder"), chooseFolder: el<HTMLButtonElement>("choose-folder"),
  },
  {
    api,
    saved: () => {
      void theme.refresh();
      render.schedule();
    },
    say,
    dictionaries: createDictionaries(el("spellcheck-languages"), { api }),
    targets: publishTargets,
    appearance,
    keepDraft: async () => {
      await metadata.flush();
      return keepDraft();
    },
    reload: () => location.reload(),
    hold: (held) => editor.hold(held),
  },
));
const startNotices = createStartNotices(
  {
    missing: el("folder-missing"), missingTitle: el("folder-missing-title"),
    missingMessage: el("folder-missing-message"), missingHint: el("folder-missing-hint"),
    missingError: el("folder-missing-error"), choose: el<HTMLButtonElement>("folder-missing-choose"),
    create: el<HTMLButtonElement>("folder-missing-create"),
    behind: el("app"),
    salvaged: el("library-notice"), salvagedText: el("library-notice-text"), dismiss: el("library-notice-dismiss"),
    readOnly: el("read-only-notice"),
  },
  { api, reload: () => location.reload(), hold: (held) => editor.hold(held) },
);

const outside = createOutside(
  {
    dialog: el("outside"), message: el("outside-message"), error: el("outside-error"),
    folder: el<HTMLButtonElement>("outside-folder"), file: el<HTMLButtonElement>("outside-file"),
    cancel: el<HTMLButtonElement>("outside-cancel"), behind: el("app"), note: el("alone-note"),
  },
  { api, reload: () => location.reload() },
);

createImporting(
  {
    open: el("import"), panel: el("import-panel"),
    sources: ["import-wordpress", "import-ghost", "import-medium"].map((id) => el<HTMLButtonElement>(id)),
    summary: el("import-summary"), images: el<HTMLUListElement>("import-images"),
    close: el<HTMLButtonElement>("import-close"),
  },
  { api, say },
);

createExporting(
  {
    exportPost: el("export"), exportSite: el("export-site"), panel: el("export-panel"),
    progress: el<HTMLProgressElement>("export-progress"), summary: el("export-summary"),
    cancel: el<HTMLButtonElement>("export-cancel"), reveal: el<HTMLButtonElement>("export-reveal"),
  },
  {
    api,
    current: openText,
    say,
  },
);

const publishing = createPublishing(
  {
    open: el("publish"), panel: el("publish-panel"), chooser: el("publish-chooser"),
    target: el<HTMLSelectElement>("publish-target"), start: el<HTMLButtonElement>("publish-start"),
    help: el("publish-help"), plan: el("publish-plan"), progress: el<HTMLProgressElement>("publish-progress"),
    summary: el("publish-summary"), confirm: el<HTMLButtonElement>("publish-confirm"),
    cancel: el<HTMLButtonElement>("publish-cancel"), openSite: el<HTMLButtonElement>("publish-open"),
    token: el("publish-token"), tokenLabel: el("publish-token-label"),
    tokenInput: el<HTMLInputElement>("publish-token-input"),
    tokenRemember: el<HTMLInputElement>("publish-token-remember"),
    tokenSend: el<HTMLButtonElement>("publish-token-send"), tokenNote: el("publish-token-note"),
  },
  // What each target has is in the library: the list's "changed since publish" marks move.
  { api, say, published: () => void listChanged().catch((e: unknown) => say(asCommandError(e).message, "error")) },
);

el("save").addEventListener("click", () => void saving.save());
el("history-toggle").addEventListener("click", () => void history.toggle());
el("restore-to-disk").addEventListener("click", () => void disk.restore());
el("open-merge").addEventListener("click", () => void merge());
el("quick-open-toggle").addEventListener("click", () => quickOpen.show());
const shortcutActions: ShortcutActions = {
    save: () => void saving.save(),
    newPost: () => sidebar.toggleNewPost(true),
    quickOpen: () => quickOpen.toggle(),
    search: () => {
      quickOpen.close();
      search.focus();
    },
    rename: () => postActions.startRename(),
    duplicate: () => void postActions.duplicate(),
    trash: () => void postActions.trash(),
    metadata: () => metadata.toggle(),
    history: () => void history.toggle(),
    outline: () => outline.toggle(),
    // The export and settings panels open from their buttons only; a click is the same act.
    exportPost: () => el("export").click(),
    exportSite: () => el("export-site").click(),
    trashPanel: () => void trash.toggle(),
    settings: () => el("settings-toggle").click(),
    theme: () => appearance.cycle(),
    focusMode: () => modes.toggle("focus"),
    typewriter: () => modes.toggle("typewriter"),
    distractionFree: () => modes.toggle("distraction-free"),
    leave: () => modes.leave(),
};
const shortcuts = createShortcuts({ help: el("shortcuts-help"), toggle: el("shortcuts-toggle") }, shortcutActions);
const menuAction = createMenuActions({
  actions: shortcutActions,
  editor,
  click: (testid) => el(testid).click(),
  theme: (choice) => appearance.set(choice),
  restart: () => location.reload(),
});
shortcuts.bind(window);
shortcuts.label(document);
// Closing the window: the last few hundred milliseconds of typing go to the library.
window.addEventListener("beforeunload", () => void keepDraft());

async function start(): Promise<void> {
  try {
    // Listen first: the folder scan starts with the window and may finish before the list.
    await onDiskChange(disk.changed);
    await onScanProgress(sidebar.showScan);
    await onSyncError((e) => say(e.message, "error"));
    // Another launch on this library named a file: this window opens it, as a click would.
    await onOpenRequest((r) => void opening.open(r.id));
    await onOutsideFile(outside.show);
    await onMenuAction((m) => {
      if (!menuAction(m.action)) say(`The menu's "${m.action}" is not known to this window`, "error");
    });
    const info = await api.appInfo();
    // With no folder open the core answers every other command with that same error.
    if (!startNotices.show(info)) return;
    if (info.open_error) say(info.open_error.message, "error");
    outside.alone(info.alone);
    if (info.outside) outside.show(info.outside);
    void theme.refresh();
    settings.load(info);
    await onScanDone(() => {
      sidebar.showFolder(info);
      void sidebar
        .refresh()
        .then(() => (current.get() ? undefined : opening.openFirst(sidebar.posts(), null)))
        .catch((e: unknown) => say(asCommandError(e).message, "error"));
    });
    // Counted after the scan listed the posts: the list reads them again.
    await onWordsCounted(() => {
      void sidebar.refresh().catch((e: unknown) => say(asCommandError(e).message, "error"));
    });
    sidebar.showFolder(info);
    void syncing.read();
    await sidebar.refresh();
    await opening.openFirst(sidebar.posts(), info.last_post);
  } catch (e) {
    say(asCommandError(e).message, "error");
  }
}

void start();

// @vitest-environment happy-dom
// The whole window as main.ts wires it, on the real index.html, with the shell's IPC
// faked: start-up, one save per Ctrl+S, and the texts the end-to-end tests look for.
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { OpenedPost, PostRow } from "../src/api";
import { appInfo, byTestId as $, form, openedPost, row, settle, site } from "./fakes";
import { article, fakeCore, fakeEvent, fakeShell, showPage } from "./shell";

const shell = fakeShell();
const { calls, handlers, listeners } = shell;
vi.mock("@tauri-apps/api/core", () => fakeCore(shell));
vi.mock("@tauri-apps/api/event", () => fakeEvent(shell));

const POST = row({ id: 1, path: "shared.md", title: "Shared post", disk_hash: "h1" });
const info = appInfo({ site: site({ title: "Blog", footer: "" }), last_post: 1 });

const render = (args: Record<string, unknown>) =>
  article(args, {
    shell: { head: '<article><h1 class="q-title">Shared post</h1><div class="q-body">', tail: "</div></article>" },
    inserted: ['<p data-line-offset="0">The first paragraph.</p>\n'],
    title: "Shared post",
    words: 3,
    chars: 20,
  });

const count = (cmd: string) => calls.filter((c) => c.cmd === cmd).length;

function pressCtrlS(target: Element): void {
  target.dispatchEvent(new KeyboardEvent("keydown", { key: "s", ctrlKey: true, bubbles: true, cancelable: true }));
}

beforeAll(async () => {
  showPage();
  handlers.app_info = () => info;
  handlers.list_posts = (): PostRow[] => [POST];
  handlers.list_tags = () => [];
  // The rows of the asked ids, as list_posts has them now.
  handlers.posts_by_id = (args) =>
    (handlers.list_posts!({}) as PostRow[]).filter((p) => (args.ids as number[]).includes(p.id));
  handlers.open_post = (): OpenedPost => openedPost({ post: POST, text: "---\ntitle: Shared post\n---\nThe first paragraph.\n" });
  handlers.render = render;
  handlers.render_edits = render;
  handlers.save_draft = () => ({ conflict: false });
  handlers.save_draft_shown = () => ({ conflict: false });
  handlers.front_form = () =>
    form({ title: "Shared post", date: "2024-05-01", tags: ["rust", "web"] }, [{ key: "weight", text: "weight: 3" }]);
  await import("../src/main");
  for (let i = 0; i < 10 && $("post-path").textContent !== "shared.md"; i++) await settle();
  await settle();
});

beforeEach(() => {
  calls.length = 0;
});

describe("the window", () => {
  it("opens the last post, shows its article and where things are", () => {
    expect($("post-path").textContent).toBe("shared.md");
    expect($("save-state").textContent).toBe("Saved to file");
    expect($("preview").querySelector(".q-title")?.textContent).toBe("Shared post");
    expect($("preview").dataset.rendered).toBeDefined();
    expect($("word-count").textContent).toBe("3 words");
    expect($("folder").textContent).toBe(info.folder);
    expect($("settings-library").textContent).toBe(`Library: ${info.library}`);
    expect($("settings-log").textContent).toBe(`Logs: ${info.log}`);
    expect($("post-list").querySelector("li.active")?.getAttribute("data-path")).toBe("shared.md");
  });

  it("one Ctrl+S in the editor is one save", async () => {
    handlers.save_post = () => ({ ...POST, disk_hash: "h2" });
    pressCtrlS(document.querySelector("[data-testid=editor] .cm-content")!);
    await settle();
    expect(count("save_post")).toBe(1);
    expect(calls.find((c) => c.cmd === "save_post")?.args).toMatchObject({ id: 1, base: "h1" });
    expect($("notice").textContent).toBe("Saved shared.md");
    expect($("save-state").textContent).toBe("Saved to file");
  });

  it("one Ctrl+S outside the editor is one save, against the new base", async () => {
    pressCtrlS($("post-list"));
    await settle();
    expect(count("save_post")).toBe(1);
    expect(calls.find((c) => c.cmd === "save_post")?.args).toMatchObject({ base: "h2" });
  });

  it("a save refused for a moved file opens the merge", async () => {
    handlers.save_post = () => Promise.reject({ code: "disk_changed", message: "changed on disk" });
    handlers.merge_view = () => ({
      base: "a\n",
      mine: "b\n",
      theirs: "c\n",
      theirs_hash: "h3",
      chunks: [{ kind: "conflict", base: "a\n", mine: "b\n", theirs: "c\n" }],
      clean: null,
      remote: null,
    });
    $("save").click();
    await settle();
    await settle();
    expect(count("save_post")).toBe(1);
    expect(calls.find((c) => c.cmd === "merge_view")?.args).toMatchObject({ id: 1, base: "h2" });
    expect($("merge").hidden).toBe(false);
    expect($("conflict-banner").hidden).toBe(false);

    handlers.accept_merge = () => ({ ...POST, disk_hash: "h4" });
    $("merge").querySelector<HTMLElement>("[data-testid=merge-accept]")!.click();
    await settle();
    expect(calls.find((c) => c.cmd === "accept_merge")?.args).toMatchObject({ text: "b\nc\n", base: "h3" });
    expect($("notice").textContent).toBe("Merged and saved");
    expect($("conflict-banner").hidden).toBe(true);
    expect($("merge").hidden).toBe(true);
  });

  it("a removed file shows the banner and the badge, and restores", async () => {
    handlers.list_posts = () => [{ ...POST, missing: true }];
    listeners["disk-change"]?.({ payload: [{ kind: "removed", id: 1, path: "shared.md" }] });
    await settle();
    expect($("missing-banner").hidden).toBe(false);
    expect($("post-list").textContent).toContain("missing on disk");

    handlers.list_posts = () => [POST];
    handlers.restore_to_disk = () => ({ ...POST, disk_hash: "h5" });
    $("restore-to-disk").click();
    await settle();
    expect($("missing-banner").hidden).toBe(true);
    expect($("notice").textContent).toBe("Restored shared.md");
  });

  it("exports the open post and says where it went", async () => {
    handlers.export_post = () => ({ path: "/home/ada/shared-post.html" });
    $("export").click();
    await settle();
    expect(calls.find((c) => c.cmd === "export_post")?.args).toEqual({ id: 1, text: "b\nc\n" });
    expect($("export-panel").hidden).toBe(false);
    expect($("export-summary").textContent).toBe("Exported to /home/ada/shared-post.html");
    $("export-cancel").click();
    expect($("export-panel").hidden).toBe(true);
  });

  it("Ctrl+P finds a post by its title and opens it", async () => {
    document.body.dispatchEvent(new KeyboardEvent("keydown", { key: "p", ctrlKey: true, bubbles: true, cancelable: true }));
    expect($("quick-open").hidden).toBe(false);
    const input = $("quick-open-input") as HTMLInputElement;
    input.value = "shrd";
    input.dispatchEvent(new Event("input"));
    expect(Array.from(document.querySelectorAll<HTMLElement>("[data-testid=quick-open-item]"), (li) => li.dataset.path)).toEqual(["shared.md"]);
    input.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true, cancelable: true }));
    await settle();
    expect($("quick-open").hidden).toBe(true);
    expect(calls.filter((c) => c.cmd === "open_post").map((c) => c.args)).toEqual([{ id: 1 }]);
  });

  it("Ctrl+Shift+F goes to the search, whose results take the list's place", async () => {
    handlers.search_posts = () => ({
      hits: [{ post: POST, snippet: [{ text: "The ", hit: false }, { text: "first", hit: true }] }],
      pending: 0,
    });
    document.body.dispatchEvent(new KeyboardEvent("keydown", { key: "F", ctrlKey: true, shiftKey: true, bubbles: true, cancelable: true }));
    const input = $("search") as HTMLInputElement;
    expect(document.activeElement).toBe(input);
    input.value = "first";
    input.dispatchEvent(new Event("input"));
    await new Promise((done) => setTimeout(done, 120));
    await settle();
    expect(calls.find((c) => c.cmd === "search_posts")?.args).toEqual({ query: "first" });
    expect($("library").hidden).toBe(true);
    expect($("search-results").querySelector("mark")?.textContent).toBe("first");
    input.dispatchEvent(new KeyboardEvent("keydown", { key: "Escape", bubbles: true, cancelable: true }));
    expect($("library").hidden).toBe(false);
  });

  it("the details form shows the open post's front matter; Ctrl+Shift+D hides and shows it", async () => {
    const title = $("meta-title") as HTMLInputElement;
    expect(title.value).toBe("Shared post");
    expect(($("meta-tags") as HTMLInputElement).value).toBe("rust, web");
    expect(($("meta-date") as HTMLInputElement).value).toBe("2024-05-01");
    expect($("meta-other").textContent).toBe("weight: 3");
    expect($("metadata-toggle").title).toBe("Show or hide the post's details: title, date, tags… (Ctrl+Shift+D)");
    const ctrlShiftD = () =>
      document.querySelector("[data-testid=editor] .cm-content")!.dispatchEvent(
        new KeyboardEvent("keydown", { key: "D", keyCode: 68, ctrlKey: true, shiftKey: true, bubbles: true, cancelable: true }),
      );
    ctrlShiftD();
    expect($("metadata-form").hidden).toBe(true);
    ctrlShiftD();
    expect($("metadata-form").hidden).toBe(false);
  });

  it("F2 renames the open post, which then lives at its new path", async () => {
    const renamedRow = { ...POST, path: "new-title.md", title: "New title", disk_hash: "h9" };
    handlers.rename_post = () => ({ post: renamedRow, links: [{ path: "other.md", title: "Other", line: 3, text: "[x](shared.md)" }] });
    const openBefore = handlers.open_post!;
    handlers.open_post = (): OpenedPost => openedPost({ post: renamedRow, base: "h9", text: "---\ntitle: New title\n---\n" });
    handlers.list_posts = () => [renamedRow];
    expect($("rename").title).toContain("F2");
    document.body.dispatchEvent(new KeyboardEvent("keydown", { key: "F2", bubbles: true, cancelable: true }));
    expect($("rename-form").hidden).toBe(false);
    const input = $("rename-title") as HTMLInputElement;
    expect(input.value).toBe("Shared post");
    input.value = "New title";
    $("rename-confirm").click();
    await settle();
    await settle();
    expect(calls.find((c) => c.cmd === "rename_post")?.args).toEqual({ id: 1, title: "New title" });
    expect($("post-path").textContent).toBe("new-title.md");
    expect($("rename-form").hidden).toBe(true);
    expect($("rename-links").textContent).toContain("1 link points to the old path:");
    expect($("rename-links").textContent).toContain("other.md:3 [x](shared.md)");
    expect(document.querySelector("[data-testid=editor] .cm-content")?.textContent).toContain("title: New title");
    expect($("post-list").querySelector("li.active")?.getAttribute("data-path")).toBe("new-title.md");
    handlers.open_post = openBefore;
    handlers.list_posts = () => [POST];
  });

  it("F1 lists every shortcut; the toolbar's tooltips name their keys", () => {
    expect($("shortcuts-help").hidden).toBe(true);
    document.body.dispatchEvent(new KeyboardEvent("keydown", { key: "F1", bubbles: true, cancelable: true }));
    expect($("shortcuts-help").hidden).toBe(false);
    expect($("shortcuts-help").querySelector("[data-action=quickOpen] kbd")?.textContent).toBe("Ctrl+P");
    expect($("shortcuts-help").querySelector("[data-action=italic] kbd")?.textContent).toBe("Ctrl+I");
    document.body.dispatchEvent(new KeyboardEvent("keydown", { key: "Escape", bubbles: true, cancelable: true }));
    expect($("shortcuts-help").hidden).toBe(true);
    expect($("quick-open-toggle").title).toBe("Open a post by its title (Ctrl+P)");
    expect($("save").title).toBe("Save to file (Ctrl+S)");
    expect($("history-toggle").title).toBe("Every version of this post (Ctrl+Shift+H)");
    expect($("focus-mode").title).toBe("Dim all but the paragraph you are writing (F8)");
  });

  it("the writing modes: F8 focus, F11 distraction-free which Escape leaves", () => {
    const key = (k: string) => document.body.dispatchEvent(new KeyboardEvent("keydown", { key: k, bubbles: true, cancelable: true }));
    key("F8");
    expect($("focus-mode").getAttribute("aria-pressed")).toBe("true");
    expect(localStorage.getItem("quire.focus")).toBe("on");
    key("F8");
    expect($("focus-mode").getAttribute("aria-pressed")).toBe("false");
    key("F11");
    expect(document.documentElement.dataset.mode).toBe("distraction-free");
    key("Escape");
    expect(document.documentElement.dataset.mode).toBeUndefined();
  });

  it("the theme: the sidebar's toggle and Ctrl+Shift+L go system, light, dark", () => {
    expect(document.documentElement.dataset.theme).toBe("system");
    $("theme-toggle").click();
    expect(document.documentElement.dataset.theme).toBe("light");
    document.body.dispatchEvent(new KeyboardEvent("keydown", { key: "L", ctrlKey: true, shiftKey: true, bubbles: true, cancelable: true }));
    expect(document.documentElement.dataset.theme).toBe("dark");
    expect($("theme-toggle").textContent).toBe("Theme: Dark");
    expect(localStorage.getItem("quire.theme")).toBe("dark");
    $("theme-toggle").click();
  });

  it("the status bar counts what is selected in the editor", async () => {
    const { EditorView } = await import("@codemirror/view");
    const view = EditorView.findFromDOM($("editor"))!;
    expect($("selection-count").hidden).toBe(true);
    const at = view.state.doc.length;
    view.dispatch({ changes: { from: at, insert: "Two words" }, selection: { anchor: at, head: at + 9 } });
    expect($("selection-count").hidden).toBe(false);
    expect($("selection-count").textContent).toBe("2 words, 9 characters selected");
    view.dispatch({ selection: { anchor: at } });
    expect($("selection-count").hidden).toBe(true);
  });

  it("the trash opens from the sidebar's foot", async () => {
    handlers.list_trash = () => [];
    $("trash-toggle").click();
    await settle();
    expect($("trash-list").hidden).toBe(false);
    expect($("trash-list").textContent).toContain("The trash is empty.");
  });

  it("an image dropped on the editor is copied by the core, linked in the text, and the outline follows", async () => {
    handlers.add_image = () => ({ path: "images/cat.png", link: "images/cat.png", markdown: "![cat](images/cat.png)" });
    handlers.render_edits = (args) => ({ ...render(args), outline: [{ level: 2, text: "Cats", line: 4 }] });
    const data = new DataTransfer();
    data.items.add(new File([new Uint8Array([137, 80, 78, 71])], "cat.png", { type: "image/png" }));
    const drop = new DragEvent("drop", { bubbles: true, cancelable: true });
    // happy-dom leaves the init's dataTransfer out.
    Object.defineProperty(drop, "dataTransfer", { value: data });
    document.querySelector("[data-testid=editor] .cm-content")!.dispatchEvent(drop);
    for (let i = 0; i < 5; i++) await settle();
    expect(count("add_image")).toBe(1);
    expect(document.querySelector("[data-testid=editor] .cm-content")?.textContent).toContain("![cat](images/cat.png)");
    expect($("outline").hidden).toBe(true);
    expect($("outline-toggle").title).toBe("Outline (Ctrl+Shift+O)");
    document.body.dispatchEvent(new KeyboardEvent("keydown", { key: "O", ctrlKey: true, shiftKey: true, bubbles: true, cancelable: true }));
    expect($("outline").hidden).toBe(false);
    expect(Array.from(document.querySelectorAll<HTMLElement>("[data-testid=outline-item]"), (r) => [r.textContent, r.dataset.line])).toEqual([["Cats", "4"]]);
    $("outline-toggle").click();
    handlers.render_edits = render;
  });

  it("the settings show the content folder and the system's dictionaries", async () => {
    handlers.spell_check = () => ({ available: ["en_US"], chosen: ["en_US"] });
    $("settings-toggle").click();
    await settle();
    expect($("settings-folder").textContent).toBe(info.folder);
    const box = $("spellcheck-languages").querySelector<HTMLInputElement>("input[type=checkbox]");
    expect([box?.value, box?.checked]).toEqual(["en_US", true]);
    expect(($("setting-appearance") as HTMLSelectElement).value).toBe(document.documentElement.dataset.theme);
    $("settings-cancel").click();
  });

  it("the autosave names the version the preview holds instead of sending the text", async () => {
    const { EditorView } = await import("@codemirror/view");
    const view = EditorView.findFromDOM($("editor"))!;
    view.dispatch({ changes: { from: view.state.doc.length, insert: " More." } });
    await settle();
    const rendered = calls.filter((c) => c.cmd === "render_edits" || c.cmd === "render").at(-1);
    expect(rendered?.args.version).toEqual(expect.any(Number));
    // The autosave waits for a pause in the typing, on the window's own clock.
    await vi.waitFor(() => expect(count("save_draft_shown")).toBe(1), { timeout: 2000 });
    expect(calls.find((c) => c.cmd === "save_draft_shown")?.args).toMatchObject({
      id: 1,
      version: rendered?.args.version,
    });
    expect(count("save_draft")).toBe(0);
  });
});


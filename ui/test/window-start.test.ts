// @vitest-environment happy-dom
// The window as main.ts wires it, on the real index.html, starting without its folder or
// on a read-only library: what start-up does and does not do then.
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { AppInfo, OpenedPost, PostRow } from "../src/api";
import { appInfo, byTestId as $, form, openedPost, row, settle } from "./fakes";
import { article, fakeCore, fakeEvent, fakeShell, showPage } from "./shell";

const shell = fakeShell();
vi.mock("@tauri-apps/api/core", () => fakeCore(shell));
vi.mock("@tauri-apps/api/event", () => fakeEvent(shell));
/** The commands called, in order. */
const calls = () => shell.calls.map((c) => c.cmd);

const POST = row({ id: 1, path: "post.md", title: "Post" });
const OTHER = row({ id: 2, path: "other.md", title: "Other" });
const info = appInfo({ last_post: 1 });

const render = (args: Record<string, unknown>) =>
  article(args, {
    shell: { head: "<article>", tail: "</article>" }, inserted: ["<p>Text.</p>\n"], words: 1, chars: 5,
  });

/** Whether Ctrl+B in the editor changed its text. */
function boldTyped(): boolean {
  const content = document.querySelector("[data-testid=editor] .cm-content")!;
  const before = content.textContent;
  content.dispatchEvent(
    new KeyboardEvent("keydown", { key: "b", keyCode: 66, ctrlKey: true, bubbles: true, cancelable: true }),
  );
  return content.textContent !== before;
}

/** A fresh window on the real page, started on `start`. */
async function startWindow(start: AppInfo): Promise<void> {
  showPage();
  shell.calls.length = 0;
  shell.handlers = {
    app_info: () => start,
    list_posts: (): PostRow[] => [POST, OTHER],
    list_tags: () => [],
    open_post: (args): OpenedPost =>
      args.id === 2 ? openedPost({ post: OTHER, text: "Other.\n" }) : openedPost({ post: POST, text: "Text.\n" }),
    save_draft: () => ({ conflict: false }),
    save_draft_shown: () => ({ conflict: false }),
    render,
    render_edits: render,
    theme_css: () => null,
    front_form: () => form({ title: "Post" }),
  };
  vi.resetModules();
  await import("../src/main");
  for (let i = 0; i < 5; i++) await settle();
}

beforeEach(() => {
  document.documentElement.removeAttribute("data-mode");
});

describe("starting", () => {
  it("without its folder: the panel over the window, and nothing that needs the folder asked for", async () => {
    await startWindow({ ...info, unopened: { code: "folder_missing", message: "The folder /home/ada/blog is missing" } });
    expect($("folder-missing").hidden).toBe(false);
    expect($("folder-missing-message").textContent).toBe("The folder /home/ada/blog is missing");
    expect(document.activeElement).toBe($("folder-missing-choose"));
    expect(calls()).toEqual(["app_info"]);
    expect($("library-notice").hidden).toBe(true);
    expect($("read-only-notice").hidden).toBe(true);
  });

  it("on a read-only library: the banner, and the opened post's text stays read-only", async () => {
    await startWindow({ ...info, read_only: true, open_error: null });
    expect($("folder-missing").hidden).toBe(true);
    expect($("read-only-notice").hidden).toBe(false);
    expect(calls()).toContain("open_post");
    expect($("post-path").textContent).toBe("post.md");
    // Ctrl+B, bold: the formatting keymap edits only a writable text.
    expect(boldTyped()).toBe(false);
  });

  it("on a writable library: the opened post's text is editable, no banner", async () => {
    await startWindow(info);
    expect($("read-only-notice").hidden).toBe(true);
    expect($("post-path").textContent).toBe("post.md");
    expect(boldTyped()).toBe(true);
  });

  it("a file named on the command line that cannot be opened: said, and the last post opened", async () => {
    await startWindow({
      ...info,
      open_error: { code: "not_a_post", message: "/tmp/notes.txt is not a post of the content folder" },
    });
    expect($("notice").textContent).toContain("/tmp/notes.txt is not a post");
    expect($("post-path").textContent).toBe("post.md");
  });

  it("a later launch naming a post: this window opens it", async () => {
    await startWindow(info);
    expect($("post-path").textContent).toBe("post.md");
    shell.listeners["open-request"]!({ payload: { id: 2 } });
    for (let i = 0; i < 5; i++) await settle();
    expect($("post-path").textContent).toBe("other.md");
  });
});

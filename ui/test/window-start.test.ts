// @vitest-environment happy-dom
// The window as main.ts wires it, on the real index.html, starting without its folder or
// on a read-only library: what start-up does and does not do then.
import { beforeEach, describe, expect, it, vi } from "vitest";
import page from "../index.html?raw";
import type { AppInfo, OpenedPost, PostRow, PreviewPatch } from "../src/api";
import { openedPost, row, settle, site } from "./fakes";

type Handler = (args: Record<string, unknown>) => unknown;
const calls: string[] = [];
let handlers: Record<string, Handler> = {};

vi.mock("@tauri-apps/api/core", () => ({
  invoke: (cmd: string, payload: { args: Record<string, unknown> }) => {
    calls.push(cmd);
    const handler = handlers[cmd];
    return handler
      ? Promise.resolve().then(() => handler(payload.args))
      : Promise.reject({ code: "internal", message: `no fake for ${cmd}` });
  },
}));
const listeners: Record<string, (e: { payload: unknown }) => void> = {};
vi.mock("@tauri-apps/api/event", () => ({
  listen: (name: string, f: (e: { payload: unknown }) => void) => {
    listeners[name] = f;
    return Promise.resolve(() => {});
  },
}));

const POST = row({ id: 1, path: "post.md", title: "Post" });
const OTHER = row({ id: 2, path: "other.md", title: "Other" });
const info: AppInfo = {
  folder: "/home/ada/blog",
  library: "/home/ada/.local/share/quire/library.sqlite3",
  log: "/home/ada/.local/state/quire",
  site: site(),
  last_post: 1,
  unopened: null,
  salvaged: null,
  read_only: false, open_error: null,
};

const $ = (testid: string) => {
  const found = document.querySelector<HTMLElement>(`[data-testid="${testid}"]`);
  if (!found) throw new Error(`missing ${testid}`);
  return found;
};

function article(args: Record<string, unknown>): PreviewPatch {
  return {
    from: 0, version: args.version as number, shell: { head: "<article>", tail: "</article>" }, start: 0,
    removed: 0, inserted: ["<p>Text.</p>\n"], lines: [1], shift: 0, outline: [], title: "Post", words: 1,
    chars: 5, minutes: 1,
  };
}

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
  document.body.innerHTML = page.slice(page.indexOf("<body>") + 6, page.indexOf("</body>"));
  calls.length = 0;
  handlers = {
    app_info: () => start,
    list_posts: (): PostRow[] => [POST, OTHER],
    list_tags: () => [],
    open_post: (args): OpenedPost =>
      args.id === 2 ? openedPost({ post: OTHER, text: "Other.\n" }) : openedPost({ post: POST, text: "Text.\n" }),
    save_draft: () => ({ conflict: false }),
    render: article,
    render_edits: article,
    theme_css: () => null,
    front_form: () => ({
      format: "yaml",
      meta: {
        title: "Post", author: null, avatar: null, date: null, label: null, tags: [], summary: null, cover: null,
        status: "draft", slug: null,
      },
      other: [],
    }),
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
    expect(calls).toEqual(["app_info"]);
    expect($("library-notice").hidden).toBe(true);
    expect($("read-only-notice").hidden).toBe(true);
  });

  it("on a read-only library: the banner, and the opened post's text stays read-only", async () => {
    await startWindow({ ...info, read_only: true, open_error: null });
    expect($("folder-missing").hidden).toBe(true);
    expect($("read-only-notice").hidden).toBe(false);
    expect(calls).toContain("open_post");
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
    listeners["open-request"]!({ payload: { id: 2 } });
    for (let i = 0; i < 5; i++) await settle();
    expect($("post-path").textContent).toBe("other.md");
  });
});

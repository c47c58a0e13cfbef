// What crosses to the shell: each command's arguments as one struct under `args`, with
// the field names the Rust side declares (src-tauri/src/ipc.rs); and what the ui takes a
// failed command for.
import { beforeEach, describe, expect, it, vi } from "vitest";
import * as api from "../src/api";

const invoked: [string, unknown][] = [];
const listening: Record<string, (e: { payload: unknown }) => void> = {};

vi.mock("@tauri-apps/api/core", () => ({
  invoke: (cmd: string, payload: unknown) => {
    invoked.push([cmd, payload]);
    return Promise.resolve(null);
  },
}));
vi.mock("@tauri-apps/api/event", () => ({
  listen: (name: string, f: (e: { payload: unknown }) => void) => {
    listening[name] = f;
    return Promise.resolve(() => {});
  },
}));

beforeEach(() => {
  invoked.length = 0;
});

describe("commands", () => {
  it("send their arguments under args, as the shell declares them", async () => {
    await api.appInfo();
    await api.openPost(3);
    await api.render("text", 4, "a/post.md", 2);
    await api.renderEdits(4, 5, [{ from: 0, to: 1, insert: "x" }], 4, null, 2);
    await api.saveDraft(3, "draft", "h1");
    await api.savePost(3, "text", null);
    await api.mergeView(3, "mine", "h1");
    await api.acceptMerge(3, "merged", "h2");
    await api.restoreToDisk(3);
    await api.searchPosts('tag:rust "borrow checker"');
    await api.listTags();
    await api.postsById([3, 7]);
    await api.renamePost(3, "New title");
    await api.duplicatePost(3);
    await api.trashPost(3);
    await api.listTrash();
    await api.restoreFromTrash(3);
    await api.emptyTrash();
    await api.frontForm("---\ntitle: A\n---\n");
    await api.editFront("text", [{ key: "tags", value: { kind: "list", value: ["a"] } }, { key: "cover", value: { kind: "remove" } }]);
    expect(invoked).toEqual([
      ["app_info", { args: {} }],
      ["open_post", { args: { id: 3 } }],
      ["render", { args: { text: "text", version: 4, path: "a/post.md", assetVersion: 2 } }],
      [
        "render_edits",
        {
          args: {
            base: 4,
            version: 5,
            edits: [{ from: 0, to: 1, insert: "x" }],
            length: 4,
            path: null,
            assetVersion: 2,
          },
        },
      ],
      ["save_draft", { args: { id: 3, text: "draft", base: "h1" } }],
      ["save_post", { args: { id: 3, text: "text", base: null } }],
      ["merge_view", { args: { id: 3, mine: "mine", base: "h1" } }],
      ["accept_merge", { args: { id: 3, text: "merged", base: "h2" } }],
      ["restore_to_disk", { args: { id: 3 } }],
      ["search_posts", { args: { query: 'tag:rust "borrow checker"' } }],
      ["list_tags", { args: {} }],
      ["posts_by_id", { args: { ids: [3, 7] } }],
      ["rename_post", { args: { id: 3, title: "New title" } }],
      ["duplicate_post", { args: { id: 3 } }],
      ["trash_post", { args: { id: 3 } }],
      ["list_trash", { args: {} }],
      ["restore_from_trash", { args: { id: 3 } }],
      ["empty_trash", { args: {} }],
      ["front_form", { args: { text: "---\ntitle: A\n---\n" } }],
      [
        "edit_front",
        {
          args: {
            text: "text",
            edits: [
              { key: "tags", value: { kind: "list", value: ["a"] } },
              { key: "cover", value: { kind: "remove" } },
            ],
          },
        },
      ],
    ]);
  });

  it("events hand over their payload", async () => {
    const seen: unknown[] = [];
    await api.onDiskChange((changes) => seen.push(changes));
    listening["disk-change"]?.({ payload: [{ kind: "removed", id: 1, path: "a.md" }] });
    expect(seen).toEqual([[{ kind: "removed", id: 1, path: "a.md" }]]);
  });
});

describe("asCommandError", () => {
  it("keeps an error the core sent", () => {
    const e = { code: "disk_changed", message: "shared.md changed on disk" };
    expect(api.asCommandError(e)).toBe(e);
  });

  it("takes anything else for a failure between webview and core", () => {
    expect(api.asCommandError(new Error("connection reset"))).toEqual({ code: "ipc", message: "connection reset" });
    expect(api.asCommandError("oops")).toEqual({ code: "ipc", message: "oops" });
    expect(api.asCommandError(null)).toEqual({ code: "ipc", message: "null" });
  });

  it("a code the ui does not know is not branched on", () => {
    expect(api.asCommandError({ code: "toString", message: "m" })).toEqual({ code: "ipc", message: "m" });
    expect(api.asCommandError({ code: "from_the_future", message: "m" })).toEqual({ code: "ipc", message: "m" });
  });
});

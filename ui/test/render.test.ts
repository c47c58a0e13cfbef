// The version protocol between the preview and the core, driven with a fake core whose
// replies the test sends (or loses) by hand.
import { beforeEach, describe, expect, it } from "vitest";
import type { Api, CommandError, Heading, PreviewPatch, TextEdit } from "../src/api";
import { createRenderLoop, RENDER_STALL_MS, type RenderLoop } from "../src/render";
import { fakeClock, fakeCommand, patch, settle, type FakeClock } from "./fakes";

// The api functions' own parameter lists, so the fakes take what the real calls take.
type RenderArgs = Parameters<Api["render"]>;
type EditsArgs = Parameters<Api["renderEdits"]>;

let render: ReturnType<typeof fakeCommand<RenderArgs, PreviewPatch>>;
let renderEdits: ReturnType<typeof fakeCommand<EditsArgs, PreviewPatch>>;
let clock: FakeClock;
let text: string;
/** What the editor's takeEdits answers next; null: the text was replaced whole. */
let edits: { edits: TextEdit[]; length: number } | null;
let applies: boolean;
let applied: PreviewPatch[];
let shown: PreviewPatch[];
let failed: CommandError[];
let outlines: Heading[][];
let loop: RenderLoop;

/** The author types `insert` at the end. */
function type(insert: string): void {
  const from = text.length;
  const edit = { from, to: from, insert };
  text += insert;
  edits = edits ? { edits: [...edits.edits, edit], length: text.length } : null;
  loop.schedule();
}

/** Requests sent, in order, as "whole vN" or "edits base→vN". */
function sent(): string[] {
  const all = [
    ...render.calls.map((c) => ({ v: c.args[1], label: `whole v${c.args[1]}` })),
    ...renderEdits.calls.map((c) => ({ v: c.args[1], label: `edits ${c.args[0]}→v${c.args[1]}` })),
  ];
  return all.sort((a, b) => a.v - b.v).map((r) => r.label);
}

function reply(version: number, from = 0): PreviewPatch {
  return patch({ version, from });
}

/** The core answers the newest whole text as `version`, and the answer is taken in. */
async function wholeAnswered(version: number): Promise<void> {
  render.last().resolve(reply(version));
  await settle();
}

/** The core answers the newest edits as `version`, patched from block `from`; taken in. */
async function editsAnswered(version: number, from: number): Promise<void> {
  renderEdits.last().resolve(reply(version, from));
  await settle();
}

/** The core refuses the newest edits with `error`, and the refusal is taken in. */
async function editsRefused(error: unknown): Promise<void> {
  renderEdits.last().reject(error);
  await settle();
}

/** Another post is opened: its text replaces the editor's whole, and the loop starts over. */
function reopened(another: string): void {
  text = another;
  edits = null;
  loop.restart();
}

/** `loaded` sent whole as version 1, and answered. */
async function shownWhole(loaded = "a"): Promise<void> {
  text = loaded;
  loop.schedule();
  await wholeAnswered(1);
}

beforeEach(() => {
  render = fakeCommand<RenderArgs, PreviewPatch>();
  renderEdits = fakeCommand<EditsArgs, PreviewPatch>();
  clock = fakeClock();
  text = "";
  edits = null;
  applies = true;
  applied = [];
  shown = [];
  failed = [];
  outlines = [];
  loop = createRenderLoop({
    api: { render, renderEdits },
    editor: {
      text: () => text,
      takeEdits: () => {
        const taken = edits;
        edits = { edits: [], length: text.length };
        return taken;
      },
      hasEdits: () => edits === null || edits.edits.length > 0,
    },
    article: {
      apply: (p) => {
        applied.push(p);
        return applies;
      },
    },
    clock,
    path: () => "post.md",
    shown: (p) => shown.push(p),
    failed: (e) => failed.push(e),
    outlined: (h) => outlines.push(h),
  });
});

describe("render loop", () => {
  it("sends a loaded text whole, then edits against the version the core holds", async () => {
    text = "Hello";
    loop.schedule();
    expect(render.last().args).toEqual(["Hello", 1, "post.md", 0]);
    await wholeAnswered(1);
    expect(shown.map((p) => p.version)).toEqual([1]);

    type("!");
    expect(renderEdits.last().args).toEqual([1, 2, [{ from: 5, to: 5, insert: "!" }], 6, "post.md", 0]);
    await editsAnswered(2, 1);
    expect(shown.map((p) => p.version)).toEqual([1, 2]);
    expect(sent()).toEqual(["whole v1", "edits 1→v2"]);
  });

  it("keeps one request in flight and folds the keystrokes meanwhile into the next", async () => {
    await shownWhole();

    type("b");
    type("c");
    type("d");
    expect(renderEdits.calls).toHaveLength(1);
    await editsAnswered(2, 1);
    // One more request, carrying both later keystrokes: the newest text wins.
    expect(renderEdits.calls).toHaveLength(2);
    expect(renderEdits.last().args.slice(0, 4)).toEqual([
      2,
      3,
      [
        { from: 2, to: 2, insert: "c" },
        { from: 3, to: 3, insert: "d" },
      ],
      4,
    ]);
    await editsAnswered(3, 2);
    expect(sent()).toEqual(["whole v1", "edits 1→v2", "edits 2→v3"]);
    expect(shown.map((p) => p.version)).toEqual([1, 2, 3]);
  });

  it("sends the whole text when the editor's text was replaced (takeEdits null)", async () => {
    await shownWhole("one");
    text = "another post";
    edits = null;
    loop.schedule();
    expect(render.last().args[0]).toBe("another post");
    expect(sent()).toEqual(["whole v1", "whole v2"]);
  });

  it("resends the whole text at once when the core says preview_out_of_step", async () => {
    await shownWhole();
    type("b");
    await editsRefused({ code: "preview_out_of_step", message: "out of step" });
    expect(sent()).toEqual(["whole v1", "edits 1→v2", "whole v3"]);
    expect(render.last().args[0]).toBe("ab");
    expect(failed).toEqual([]);
    await wholeAnswered(3);
    expect(shown.map((p) => p.version)).toEqual([1, 3]);
  });

  it("treats a failure between webview and core like out of step for edits", async () => {
    await shownWhole();
    type("b");
    await editsRefused(new Error("connection reset"));
    expect(sent()).toEqual(["whole v1", "edits 1→v2", "whole v3"]);
    expect(failed).toEqual([]);
  });

  it("asks again with the whole text when a reply is lost", async () => {
    await shownWhole();
    type("b");
    expect(sent()).toEqual(["whole v1", "edits 1→v2"]);
    clock.advance(RENDER_STALL_MS - 1);
    expect(sent()).toHaveLength(2);
    clock.advance(1);
    // The lost request may or may not have reached the core: whole, and a new version.
    expect(sent()).toEqual(["whole v1", "edits 1→v2", "whole v3"]);
    expect(render.last().args[0]).toBe("ab");
    await wholeAnswered(3);
    expect(shown.map((p) => p.version)).toEqual([1, 3]);
  });

  it("asks again after a lost reply even when nothing was typed since", async () => {
    text = "a";
    loop.schedule();
    clock.advance(RENDER_STALL_MS);
    expect(sent()).toEqual(["whole v1", "whole v2"]);
  });

  it("does not show a late reply to a request given up for lost", async () => {
    await shownWhole();
    type("b");
    const lost = renderEdits.last();
    clock.advance(RENDER_STALL_MS);
    const again = render.last();
    // The newer answer first, then the late one: the late one is dropped.
    again.resolve(reply(3));
    await settle();
    lost.resolve(reply(2, 1));
    await settle();
    expect(applied.map((p) => p.version)).toEqual([1, 3]);
    expect(shown.map((p) => p.version)).toEqual([1, 3]);
  });

  it("does not show a late reply that comes before the newer one either", async () => {
    text = "a";
    loop.schedule();
    const lost = render.last();
    clock.advance(RENDER_STALL_MS);
    const again = render.last();
    lost.resolve(reply(1));
    await settle();
    expect(applied).toEqual([]);
    again.resolve(reply(2));
    await settle();
    expect(shown.map((p) => p.version)).toEqual([2]);
  });

  it("does not show a late error either", async () => {
    text = "a";
    loop.schedule();
    const lost = render.last();
    clock.advance(RENDER_STALL_MS);
    await wholeAnswered(2);
    lost.reject({ code: "front_matter", message: "the front matter is malformed" });
    await settle();
    expect(failed).toEqual([]);
    expect(sent()).toEqual(["whole v1", "whole v2"]);
  });

  it("asks for the whole article when a patch does not fit the one shown", async () => {
    await shownWhole();
    type("b");
    applies = false;
    await editsAnswered(2, 7);
    expect(shown.map((p) => p.version)).toEqual([1]);
    expect(sent()).toEqual(["whole v1", "edits 1→v2", "whole v3"]);
    applies = true;
    await wholeAnswered(3);
    expect(shown.map((p) => p.version)).toEqual([1, 3]);
  });

  it("does not ask again for a whole article that did not fit", async () => {
    text = "a";
    applies = false;
    loop.schedule();
    await wholeAnswered(1);
    expect(sent()).toEqual(["whole v1"]);
  });

  it("shows a render error, keeps the article, and waits for the next change", async () => {
    text = "---\ntitle: [\n---\n";
    loop.schedule();
    render.last().reject({ code: "front_matter", message: "the front matter is malformed" });
    await settle();
    expect(failed).toEqual([{ code: "front_matter", message: "the front matter is malformed" }]);
    expect(applied).toEqual([]);
    expect(sent()).toEqual(["whole v1"]);
    clock.advance(RENDER_STALL_MS * 3);
    expect(sent()).toEqual(["whole v1"]);
  });

  it("shows an error for edits the core took but could not render, and goes on with edits", async () => {
    await shownWhole();
    type("b");
    await editsRefused({ code: "template", message: "template failed" });
    expect(failed.map((e) => e.code)).toEqual(["template"]);
    type("c");
    expect(sent()).toEqual(["whole v1", "edits 1→v2", "edits 2→v3"]);
  });

  it("does not show what was asked for before a restart", async () => {
    text = "first post";
    loop.schedule();
    const old = render.last();
    reopened("second post");
    // Still one request in flight.
    expect(sent()).toEqual(["whole v1"]);
    old.resolve(reply(1));
    await settle();
    expect(applied).toEqual([]);
    expect(sent()).toEqual(["whole v1", "whole v2"]);
    expect(render.last().args[0]).toBe("second post");
    await wholeAnswered(2);
    expect(shown.map((p) => p.version)).toEqual([2]);
  });

  it("renders with a new asset version when an image changed", async () => {
    await shownWhole();
    loop.assetsChanged();
    expect(renderEdits.last().args).toEqual([1, 2, [], 1, "post.md", 1]);
  });

  it("leaves no timer behind once answered", async () => {
    await shownWhole();
    expect(clock.pending()).toBe(0);
    clock.advance(RENDER_STALL_MS * 2);
    expect(sent()).toEqual(["whole v1"]);
  });

  it("hands on the headings when a patch has them, and only then", async () => {
    const headings = [{ level: 2, text: "Packing list", line: 5 }];
    text = "## Packing list";
    loop.schedule();
    render.last().resolve(patch({ version: 1, outline: headings }));
    await settle();
    type("!");
    renderEdits.last().resolve(patch({ version: 2, from: 1, outline: null }));
    await settle();
    expect(outlines).toEqual([headings]);
    // Not from a patch that was not shown.
    applies = false;
    type("?");
    renderEdits.last().resolve(patch({ version: 3, from: 2, outline: [] }));
    await settle();
    expect(outlines).toEqual([headings]);
  });
});

describe("the version the core holds", () => {
  it("is the answered version, and unknown before the answer or while one is on its way", async () => {
    text = "Hello";
    expect(loop.held()).toBeNull();
    loop.schedule();
    expect(loop.held()).toBeNull();
    await wholeAnswered(1);
    expect(loop.held()).toBe(1);

    type("!");
    expect(loop.held()).toBeNull();
    await editsAnswered(2, 1);
    expect(loop.held()).toBe(2);
  });

  it("is unknown while the editor has edits the core was not sent", async () => {
    await shownWhole();
    // Typed, the render not asked for yet.
    text += "b";
    edits = { edits: [{ from: 1, to: 1, insert: "b" }], length: 2 };
    expect(loop.held()).toBeNull();
    loop.schedule();
    await editsAnswered(2, 1);
    expect(loop.held()).toBe(2);
  });

  it("is unknown while keystrokes wait for the request in flight", async () => {
    await shownWhole();
    type("b");
    type("c");
    await editsAnswered(2, 1);
    // The folded keystroke went at once: version 3 is on its way.
    expect(sent()).toEqual(["whole v1", "edits 1→v2", "edits 2→v3"]);
    expect(loop.held()).toBeNull();
    await editsAnswered(3, 2);
    expect(loop.held()).toBe(3);
  });

  it("is unknown after edits refused as out of step, until the whole text is answered", async () => {
    await shownWhole();
    type("b");
    await editsRefused({ code: "preview_out_of_step", message: "out of step" });
    expect(loop.held()).toBeNull();
    await wholeAnswered(3);
    expect(loop.held()).toBe(3);
  });

  it("is unknown after a refusal that sends nothing more, until a later answer", async () => {
    await shownWhole();
    type("b");
    await editsRefused({ code: "template", message: "template failed" });
    // Nothing in flight and nothing to send: only the refusal says the text is unknown.
    expect(sent()).toEqual(["whole v1", "edits 1→v2"]);
    expect(loop.held()).toBeNull();
    type("c");
    await editsAnswered(3, 1);
    expect(loop.held()).toBe(3);
  });

  it("is unknown after a whole text refused as an ipc failure", async () => {
    text = "a";
    loop.schedule();
    render.last().reject(new Error("connection reset"));
    await settle();
    expect(sent()).toEqual(["whole v1"]);
    expect(loop.held()).toBeNull();
  });

  it("is unknown after a lost reply, and a late one does not make it known", async () => {
    await shownWhole();
    type("b");
    const lost = renderEdits.last();
    clock.advance(RENDER_STALL_MS);
    lost.resolve(reply(2, 1));
    await settle();
    expect(loop.held()).toBeNull();
    await wholeAnswered(3);
    expect(loop.held()).toBe(3);
  });

  it("is unknown after a restart until the new text is answered", async () => {
    await shownWhole("first post");
    expect(loop.held()).toBe(1);
    reopened("second post");
    expect(loop.held()).toBeNull();
    await wholeAnswered(2);
    expect(loop.held()).toBe(2);
  });

  it("is not the version of a reply from before a restart", async () => {
    text = "first post";
    loop.schedule();
    const old = render.last();
    reopened("second post");
    old.resolve(reply(1));
    await settle();
    expect(loop.held()).toBeNull();
    expect(sent()).toEqual(["whole v1", "whole v2"]);
    await wholeAnswered(2);
    expect(loop.held()).toBe(2);
  });

  it("is known for a whole article that does not fit the page: the core has the text", async () => {
    text = "a";
    applies = false;
    loop.schedule();
    await wholeAnswered(1);
    expect(loop.held()).toBe(1);
  });
});

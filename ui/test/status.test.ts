// @vitest-environment happy-dom
// The save state, banners, notice and preview status as the window shows them.
import { beforeEach, describe, expect, it } from "vitest";
import { edited, markedMissing, conflicted, revisionRestored, opened } from "../src/post";
import { createNotice, createPostStatus, createPreviewStatus, createSelectionStatus, NOTICE_MS } from "../src/status";
import { fakeClock, openedPost, patch, state } from "./fakes";

const $ = (testid: string) => document.querySelector<HTMLElement>(`[data-testid="${testid}"]`)!;

beforeEach(() => {
  document.body.innerHTML = `
    <span data-testid="save-state">No post open</span>
    <span data-testid="post-path"></span>
    <span data-testid="missing-banner" hidden></span>
    <span data-testid="conflict-banner" hidden><span data-testid="conflict-text"></span></span>
    <span data-testid="notice" hidden></span>
    <div data-testid="preview-error" hidden></div>
    <div data-testid="preview"></div>
    <span data-testid="word-count"></span>
    <span data-testid="reading-time"></span>`;
});

describe("post status", () => {
  it("shows the save state, the path and the banners", () => {
    const show = createPostStatus({
      saveState: $("save-state"),
      postPath: $("post-path"),
      missingBanner: $("missing-banner"),
      conflictBanner: $("conflict-banner"),
      conflictText: $("conflict-text"),
    });
    show(opened(openedPost({ from_draft: true })));
    expect($("save-state").textContent).toBe("Draft restored · not saved to file");
    expect($("post-path").textContent).toBe("post.md");
    show(edited(state()));
    expect($("save-state").textContent).toBe("Typing…");
    show(revisionRestored(state()));
    expect($("save-state").textContent).toBe("Restored · not saved to file");
    show(markedMissing(state()));
    expect($("missing-banner").hidden).toBe(false);
    expect($("conflict-banner").hidden).toBe(true);
    show(conflicted(state()));
    expect($("missing-banner").hidden).toBe(true);
    expect($("conflict-banner").hidden).toBe(false);
    expect($("conflict-text").textContent).toBe("Changed on disk while you edited");
    // A git sync's conflict says whose change met the author's.
    const synced = conflicted(state());
    show({ ...synced, post: { ...synced.post, conflicted: true } });
    expect($("conflict-text").textContent).toBe("Another machine changed the same lines");
    show(null);
    expect($("save-state").textContent).toBe("No post open");
    expect($("post-path").textContent).toBe("");
  });
});

describe("notice", () => {
  it("an informational notice goes after a while; an error stays", () => {
    const clock = fakeClock();
    const say = createNotice($("notice"), clock);
    say("Saved post.md");
    expect($("notice").hidden).toBe(false);
    expect($("notice").dataset.kind).toBe("info");
    clock.advance(NOTICE_MS);
    expect($("notice").hidden).toBe(true);
    say("Not saved: disk full", "error");
    clock.advance(NOTICE_MS * 2);
    expect($("notice").hidden).toBe(false);
    expect($("notice").dataset.kind).toBe("error");
  });

  it("an older notice's timer does not hide a newer one", () => {
    const clock = fakeClock();
    const say = createNotice($("notice"), clock);
    say("Saved a.md");
    clock.advance(NOTICE_MS - 10);
    say("Settings saved");
    clock.advance(10);
    expect($("notice").hidden).toBe(false);
    expect($("notice").textContent).toBe("Settings saved");
  });
});

describe("preview status", () => {
  it("marks the version shown and counts words", () => {
    const preview = createPreviewStatus({
      preview: $("preview"),
      previewError: $("preview-error"),
      wordCount: $("word-count"),
      readingTime: $("reading-time"),
    });
    preview.failed({ code: "front_matter", message: "the front matter is malformed" });
    expect($("preview-error").hidden).toBe(false);
    expect($("preview-error").dataset.code).toBe("front_matter");
    preview.shown(patch({ version: 7, words: 1234, minutes: 6 }));
    expect($("preview").dataset.rendered).toBe("7");
    expect($("preview-error").hidden).toBe(true);
    expect($("word-count").textContent).toBe("1,234 words");
    expect($("reading-time").textContent).toBe("6 min read");
    preview.shown(patch({ version: 8, words: 1 }));
    expect($("word-count").textContent).toBe("1 word");
  });
});

describe("character count", () => {
  it("shows the core's count of the post's characters", () => {
    document.body.insertAdjacentHTML("beforeend", `<span data-testid="char-count"></span>`);
    const preview = createPreviewStatus({
      preview: $("preview"),
      previewError: $("preview-error"),
      wordCount: $("word-count"),
      readingTime: $("reading-time"),
      charCount: $("char-count"),
    });
    preview.shown(patch({ chars: 12345 }));
    expect($("char-count").textContent).toBe("12,345 characters");
    preview.shown(patch({ chars: 1 }));
    expect($("char-count").textContent).toBe("1 character");
  });
});

describe("selection count", () => {
  it("says what the selection holds; hidden while nothing is selected", () => {
    document.body.insertAdjacentHTML("beforeend", `<span data-testid="selection-count" hidden></span>`);
    const show = createSelectionStatus($("selection-count"));
    show("It’s a well-known fact.");
    expect($("selection-count").hidden).toBe(false);
    expect($("selection-count").textContent).toBe("4 words, 23 characters selected");
    show("我喜欢\n🦀");
    expect($("selection-count").textContent).toBe("3 words, 4 characters selected");
    show("a");
    expect($("selection-count").textContent).toBe("1 word, 1 character selected");
    show("");
    expect($("selection-count").hidden).toBe(true);
  });
});

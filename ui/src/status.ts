// What the window says about the open post and the preview: the save state, the post's
// path, the missing and conflict banners, the passing notice, the word count and the
// preview's error line.
import type { CommandError, PreviewPatch } from "./api";
import type { Clock } from "./clock";
import { countText } from "./counts";
import { saveStateText, type OpenPost } from "./post";

/** How long an informational notice stays; errors stay until the next notice. */
export const NOTICE_MS = 4000;

export interface PostStatusElements {
  saveState: HTMLElement;
  postPath: HTMLElement;
  missingBanner: HTMLElement;
  conflictBanner: HTMLElement;
  /** The banner's words: whose change met the author's. */
  conflictText: HTMLElement;
}

/** Shows the open post's state; called on every change of it, keystrokes included. */
export function createPostStatus(els: PostStatusElements): (s: OpenPost | null) => void {
  return (s) => {
    setText(els.saveState, saveStateText(s));
    setText(els.postPath, s?.post.path ?? "");
    els.missingBanner.hidden = !s?.post.missing;
    els.conflictBanner.hidden = !s?.conflict;
    setText(
      els.conflictText,
      s?.post.conflicted ? "Another machine changed the same lines" : "Changed on disk while you edited",
    );
  };
}

export type NoticeKind = "info" | "error";
export type Say = (message: string, kind?: NoticeKind) => void;

export function createNotice(el: HTMLElement, clock: Clock): Say {
  return (message, kind = "info") => {
    el.textContent = message;
    el.title = message;
    el.dataset.kind = kind;
    el.hidden = false;
    if (kind === "info") {
      clock.setTimeout(() => {
        if (el.textContent === message) el.hidden = true;
      }, NOTICE_MS);
    }
  };
}

export interface PreviewStatusElements {
  preview: HTMLElement;
  previewError: HTMLElement;
  wordCount: HTMLElement;
  readingTime: HTMLElement;
  charCount?: HTMLElement;
}

export interface PreviewStatus {
  shown(patch: PreviewPatch): void;
  failed(error: CommandError): void;
}

export function createPreviewStatus(els: PreviewStatusElements): PreviewStatus {
  return {
    shown(patch) {
      // Which text version the preview shows, also when it changed nothing on the page.
      els.preview.dataset.rendered = String(patch.version);
      els.previewError.hidden = true;
      setText(els.wordCount, `${patch.words.toLocaleString("en")} ${patch.words === 1 ? "word" : "words"}`);
      setText(els.readingTime, `${patch.minutes} min read`);
      if (els.charCount) setText(els.charCount, counted(patch.chars, "character"));
    },
    failed(error) {
      // Keep the last good preview: a half-typed front matter line should not blank it.
      els.previewError.textContent = error.message;
      els.previewError.dataset.code = error.code;
      els.previewError.hidden = false;
    },
  };
}

/**
 * Shows what the selection holds, "12 words, 68 characters selected", counted as the core
 * counts the post; hidden while nothing is selected.
 */
export function createSelectionStatus(el: HTMLElement): (selected: string) => void {
  return (selected) => {
    el.hidden = selected === "";
    if (el.hidden) return;
    const { words, chars } = countText(selected);
    setText(el, `${counted(words, "word")}, ${counted(chars, "character")} selected`);
  };
}

function counted(n: number, noun: string): string {
  return `${n.toLocaleString("en")} ${n === 1 ? noun : `${noun}s`}`;
}

/** Writes only a change: the status bar is set on every keystroke. */
function setText(el: HTMLElement, text: string): void {
  if (el.textContent !== text) el.textContent = text;
}

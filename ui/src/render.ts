// The preview's side of the version protocol with the core.
//
// Each request names a new text version and sends either the whole text or the edits
// since the version the core is taken to hold. One request is in flight at a time:
// keystrokes meanwhile are folded into the next one, so the newest text always wins and
// a slow render never queues up work. Whenever the core and the editor may differ (a
// post opened, edits refused, a reply lost) the next request sends the whole text.
//
// The autosave keeps the text the core holds (save_draft_shown) rather than send a long
// post again, so the loop also says when it knows that text to be the editor's: after an
// answer, with nothing asked or typed since. A version names one text for good (versions
// are never reused): a core that moved on meanwhile refuses it, never keeps another text.
import { asCommandError, type CommandError, type Api, type Heading, type PreviewPatch, type TextEdit } from "./api";
import type { ArticleView } from "./preview";
import type { Clock, TimerId } from "./clock";

/**
 * Past this long without an answer the preview asks again: a reply lost between webview
 * and core must not freeze the preview for the rest of the session.
 */
export const RENDER_STALL_MS = 1000;

export interface RenderDeps {
  api: Pick<Api, "render" | "renderEdits">;
  editor: {
    text(): string;
    takeEdits(): { edits: TextEdit[]; length: number } | null;
    hasEdits(): boolean;
  };
  article: Pick<ArticleView, "apply">;
  clock: Clock;
  /** The open post's path, for the links to its images. */
  path(): string | null;
  /** A patch was put on the page. */
  shown(patch: PreviewPatch): void;
  /** The headings changed (a patch that leaves them as they were says nothing). */
  outlined?(headings: Heading[]): void;
  /** The core could not render the text; the last good article stays. */
  failed(error: CommandError): void;
}

export interface RenderLoop {
  /** The text (or the site around it) changed: render as soon as the core is free. */
  schedule(): void;
  /** Another text was loaded whole: nothing asked for before may be shown any more. */
  restart(): void;
  /** An image the post shows changed on disk: render with links past the webview's cache. */
  assetsChanged(): void;
  /**
   * The text version the core holds, when it is known to be exactly the editor's text;
   * null while a request is on its way or anything is unsure or untaken.
   */
  held(): number | null;
}

export function createRenderLoop(deps: RenderDeps): RenderLoop {
  let version = 0;
  /** The version the core is taken to hold: the base of the next edits. */
  let coreHolds = 0;
  let wholeText = true;
  /** The version of the request in flight, if any. */
  let inFlight: number | null = null;
  let pending = false;
  /**
   * The version of the last request the core answered, until anything is asked again: a
   * refused or lost request leaves it null, as the core's text is then unknown.
   */
  let confirmed: number | null = null;
  /** Replies for versions below this are for a text since replaced whole. */
  let floor = 0;
  /** Bumped when an image changes on disk, to get past the webview's cache. */
  let assets = 0;
  let stall: TimerId | undefined;

  function schedule(): void {
    if (inFlight !== null) {
      pending = true;
      return;
    }
    send();
  }

  function send(): void {
    pending = false;
    confirmed = null;
    const v = ++version;
    // Always taken, so that edits sent whole are not sent again as edits.
    const edits = deps.editor.takeEdits();
    const base = coreHolds;
    // Taken to hold this version from now on: if it does not, it refuses the next edits
    // and the text goes whole.
    coreHolds = v;
    const whole = wholeText || edits === null;
    wholeText = false;
    inFlight = v;
    stall = deps.clock.setTimeout(() => lost(v), RENDER_STALL_MS);
    const path = deps.path();
    let request: Promise<PreviewPatch>;
    try {
      request = whole
        ? deps.api.render(deps.editor.text(), v, path, assets)
        : deps.api.renderEdits(base, v, edits.edits, edits.length, path, assets);
    } catch (e) {
      request = Promise.reject(e);
    }
    request.then(
      (patch) => answered(v, patch),
      (e: unknown) => refused(v, whole, asCommandError(e)),
    );
  }

  /** Whether `v` is the request in flight; if so it is no longer. */
  function settle(v: number): boolean {
    if (inFlight !== v) return false;
    inFlight = null;
    deps.clock.clearTimeout(stall);
    return true;
  }

  function lost(v: number): void {
    if (!settle(v)) return;
    // The request may or may not have reached the core.
    wholeText = true;
    send();
  }

  function answered(v: number, patch: PreviewPatch): void {
    // A reply after its request was given up for lost: a newer one is on its way.
    if (!settle(v)) return;
    if (v >= floor) {
      // Held whether or not the patch fits the page: the text is the core's all the same.
      confirmed = v;
      if (deps.article.apply(patch)) {
        deps.shown(patch);
        if (patch.outline) deps.outlined?.(patch.outline);
      } else if (patch.from !== 0) {
        // Made for another version than the one on screen: ask for the whole article.
        // (A whole article that does not fit has a page without a body: asking again
        // would bring the same.)
        wholeText = true;
        pending = true;
      }
    }
    if (pending) send();
  }

  function refused(v: number, whole: boolean, error: CommandError): void {
    if (!settle(v)) return;
    // Edits refused, or a failure between webview and core: the core's text is unknown.
    const unsure = error.code === "preview_out_of_step" || error.code === "ipc";
    if (unsure) wholeText = true;
    if (unsure && !whole) {
      // Nothing wrong with the text: send it whole at once.
      pending = true;
    } else if (v >= floor) {
      // A whole text that failed waits for the next change.
      deps.failed(error);
    }
    if (pending) send();
  }

  return {
    schedule,
    restart() {
      floor = version + 1;
      wholeText = true;
      schedule();
    },
    assetsChanged() {
      assets++;
      schedule();
    },
    held() {
      // `confirmed` alone implies the rest today; each is said so that a change to the loop
      // cannot make a version known that is not.
      if (inFlight !== null || pending || wholeText || confirmed === null) return null;
      // A keystroke not yet taken is not in the core: its request is still to come.
      return deps.editor.hasEdits() ? null : confirmed;
    },
  };
}

// When the draft is kept while the author types: a short pause is enough, and a long
// run of typing is cut into pieces so a crash never loses much.
import type { Clock, TimerId } from "./clock";

/** Keep the draft this long after the last keystroke… */
export const DRAFT_IDLE_MS = 300;
/**
 * …and at least this often while the author keeps typing, so that a crash or kill -9
 * loses at most the last second. A draft save costs well under a millisecond.
 */
export const DRAFT_MAX_MS = 700;

export interface Autosave {
  /** The author changed the text. */
  edited(): void;
  /** The draft is being kept by other means (or not at all): forget the wait. */
  cancel(): void;
}

export function createAutosave(keep: () => void, clock: Clock): Autosave {
  /** When the first edit not yet kept was made. */
  let since: number | null = null;
  let timer: TimerId | undefined;
  function cancel(): void {
    clock.clearTimeout(timer);
    timer = undefined;
    since = null;
  }
  return {
    edited() {
      const now = clock.now();
      since ??= now;
      clock.clearTimeout(timer);
      const wait = Math.max(0, Math.min(DRAFT_IDLE_MS, since + DRAFT_MAX_MS - now));
      timer = clock.setTimeout(() => {
        cancel();
        keep();
      }, wait);
    },
    cancel,
  };
}

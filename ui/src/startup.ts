// What the window must tell the author before anything else, from how the core started:
// no content folder could be opened (a panel over the window, offering to choose one), the
// library was damaged and rebuilt (a banner saying what was saved of it), or the library
// is on a read-only location (a banner, and an editor that stays read-only).
import { asCommandError, type AppInfo, type Api, type CommandError } from "./api";

export interface StartNoticeElements {
  /** The panel over the window while no folder is open, and its parts. */
  missing: HTMLElement;
  missingTitle: HTMLElement;
  missingMessage: HTMLElement;
  missingHint: HTMLElement;
  missingError: HTMLElement;
  choose: HTMLButtonElement;
  /** "Start a new blog in ~/Documents/Quire": offered when no folder was ever chosen. */
  create: HTMLButtonElement;
  /** The window under the panel: out of reach while it shows. */
  behind: HTMLElement;
  /** The banner of a salvaged library, with its text and the button that hides it. */
  salvaged: HTMLElement;
  salvagedText: HTMLElement;
  dismiss: HTMLElement;
  /** The banner of a read-only library. */
  readOnly: HTMLElement;
}

export interface StartNoticeDeps {
  api: Pick<Api, "chooseFolder" | "startNewFolder">;
  /** Starts the window over, on the folder just chosen. */
  reload(): void;
  /** Holds the editor read-only (true) over whatever opening posts asks, as editor.hold. */
  hold(held: boolean): void;
}

export interface StartNotices {
  /**
   * Shows what `info` calls for; false when no folder is open, so that the rest of the
   * start (the list, the first post) is not run: every command it makes would fail.
   */
  show(info: AppInfo): boolean;
}

export const CHOOSE_TITLE = "Choose a content folder";
export const MISSING_TITLE = "The content folder cannot be found";
export const MISSING_HINT =
  "It may have been moved or renamed, or be on a drive that is not mounted. Mount the drive " +
  "and start Quire again, or choose the folder where the posts are now.";
export const NO_FOLDER_HINT =
  "No content folder has been chosen yet. Start a new blog, or choose the folder that holds " +
  "your posts (a Hugo, Jekyll or Zola site's content folder opens as it is).";
export const READ_ONLY_TEXT =
  "The library is on a read-only location: Quire shows the posts but cannot keep any edit. " +
  "Make the location writable, or start Quire with another library.";

export function createStartNotices(els: StartNoticeElements, deps: StartNoticeDeps): StartNotices {
  els.dismiss.addEventListener("click", () => (els.salvaged.hidden = true));
  els.choose.addEventListener("click", () => void choose(() => deps.api.chooseFolder()));
  els.create.addEventListener("click", () => void choose(() => deps.api.startNewFolder()));

  /** Opens the folder `pick` gives (false: none, the author cancelled). */
  async function choose(pick: () => Promise<boolean>): Promise<void> {
    els.choose.disabled = true;
    els.create.disabled = true;
    els.missingError.hidden = true;
    try {
      // Every module was made for no folder at all: the window starts over on the new one.
      // The buttons stay disabled until it does, so the folder is not asked for twice.
      if (await pick()) {
        deps.reload();
        return;
      }
    } catch (e) {
      els.missingError.textContent = asCommandError(e).message;
      els.missingError.hidden = false;
    }
    els.choose.disabled = false;
    els.create.disabled = false;
    els.choose.focus();
  }

  function showMissing(unopened: CommandError, defaultFolder: string): void {
    const never = unopened.code === "no_folder";
    // A new author starts in a folder of their documents; one whose folder went missing
    // has posts somewhere to find.
    els.create.hidden = !never;
    els.create.textContent = `Start a new blog in ${defaultFolder}`;
    els.choose.classList.toggle("primary", !never);
    els.missingTitle.textContent = never ? CHOOSE_TITLE : MISSING_TITLE;
    els.missingMessage.textContent = unopened.message;
    // The core's words for no folder are the command line's (--folder): the hint says it
    // for the window.
    els.missingMessage.hidden = never;
    // Another code has no advice to add to the core's message.
    els.missingHint.textContent = never ? NO_FOLDER_HINT : unopened.code === "folder_missing" ? MISSING_HINT : "";
    els.missingHint.hidden = els.missingHint.textContent === "";
    els.missingError.hidden = true;
    els.behind.inert = true;
    els.missing.hidden = false;
    (never ? els.create : els.choose).focus();
  }

  return {
    show(info) {
      if (info.salvaged) {
        // The core words it, as the command line says it on stderr.
        els.salvagedText.textContent = info.salvaged.message;
        els.salvaged.hidden = false;
      }
      if (info.read_only) {
        els.readOnly.textContent = READ_ONLY_TEXT;
        els.readOnly.hidden = false;
        // For the whole session: nothing typed could be kept.
        deps.hold(true);
      }
      if (!info.unopened) return true;
      showMissing(info.unopened, info.default_folder);
      return false;
    },
  };
}

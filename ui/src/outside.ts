// A Markdown file opened from outside the content folder (a double click in the file
// manager): the author chooses to open its folder as the content folder, or to edit the
// file alone. The shell keeps the file; the window answers with the choice only. In the
// one-file mode the library's parts of the window are put away.
import { asCommandError, type Api, type OutsideFile } from "./api";

export interface OutsideElements {
  dialog: HTMLElement;
  message: HTMLElement;
  error: HTMLElement;
  folder: HTMLButtonElement;
  file: HTMLButtonElement;
  cancel: HTMLButtonElement;
  /** The window under the dialog: out of reach while it shows. */
  behind: HTMLElement;
  /** The strip saying that one file is edited alone. */
  note: HTMLElement;
}

export interface OutsideDeps {
  api: Pick<Api, "openOutside">;
  /** Starts the window over, on the folder or the file chosen. */
  reload(): void;
}

export interface Outside {
  /** Asks what to do with `o`. */
  show(o: OutsideFile): void;
  /** Puts the window in the one-file mode for `file` (null: the usual window). */
  alone(file: string | null): void;
}

export function createOutside(els: OutsideElements, deps: OutsideDeps): Outside {
  const buttons = [els.folder, els.file, els.cancel];

  function close(): void {
    els.dialog.hidden = true;
    els.behind.inert = false;
  }

  async function open(choice: "folder" | "file"): Promise<void> {
    for (const b of buttons) b.disabled = true;
    els.error.hidden = true;
    try {
      if (await deps.api.openOutside(choice)) {
        deps.reload();
        return;
      }
      // The shell has no file waiting (another launch took its place): nothing to do.
      close();
    } catch (e) {
      els.error.textContent = asCommandError(e).message;
      els.error.hidden = false;
    }
    for (const b of buttons) b.disabled = false;
  }

  els.folder.addEventListener("click", () => void open("folder"));
  els.file.addEventListener("click", () => void open("file"));
  els.cancel.addEventListener("click", close);
  els.dialog.addEventListener("keydown", (ev) => {
    if (ev.key === "Escape") close();
  });

  return {
    show(o) {
      els.message.textContent = `${o.file} is in ${o.folder}; your content folder is ${o.content_folder}.`;
      els.error.hidden = true;
      for (const b of buttons) b.disabled = false;
      els.behind.inert = true;
      els.dialog.hidden = false;
      els.folder.focus();
    },
    alone(file) {
      document.body.classList.toggle("alone", file !== null);
      els.note.hidden = file === null;
      els.note.textContent =
        file === null ? "" : `Editing ${file} on its own: save and export work as for any post; the library is not used.`;
    },
  };
}

// Moving a blog in from the window: the author picks the export (a WordPress or Ghost
// file, a Medium archive's folder), the core imports it whole or not at all, and the
// panel says what came in and which images are still on the old site. The new posts
// reach the list as any new file does, through the folder's watcher.
import { asCommandError, type Api, type ImportSource, type ImportSummary } from "./api";
import type { Say } from "./status";

export interface ImportingElements {
  /** Opens the panel. */
  open: HTMLElement;
  panel: HTMLElement;
  /** One button per source, with `data-source` naming it. */
  sources: HTMLButtonElement[];
  summary: HTMLElement;
  /** The remote images, one item each. */
  images: HTMLUListElement;
  close: HTMLButtonElement;
}

export interface ImportingDeps {
  api: Pick<Api, "importBlog">;
  say: Say;
}

const NAMES: Record<ImportSource, string> = { wordpress: "WordPress", ghost: "Ghost", medium: "Medium" };

/** The panel's line for a finished import. */
export function summaryText(s: ImportSummary): string {
  const n = (count: number, one: string, many: string) => `${count.toLocaleString("en")} ${count === 1 ? one : many}`;
  const drafts = s.drafts > 0 ? ` (${n(s.drafts, "draft", "drafts")})` : "";
  const skipped = s.skipped > 0 ? `; ${n(s.skipped, "post was", "posts were")} already here` : "";
  const images = s.remote_images.length > 0
    ? `. ${n(s.remote_images.length, "image stays", "images stay")} on the old site, linked:`
    : ".";
  return `Imported ${n(s.imported, "post", "posts")}${drafts} from ${NAMES[s.source]}${skipped}${images}`;
}

export function createImporting(els: ImportingElements, deps: ImportingDeps): void {
  let busy = false;

  function show(text: string, error = false): void {
    els.summary.textContent = text;
    els.summary.classList.toggle("error", error);
  }

  async function run(source: ImportSource): Promise<void> {
    if (busy) return;
    busy = true;
    for (const b of els.sources) b.disabled = true;
    els.images.replaceChildren();
    show(`Importing from ${NAMES[source]}…`);
    try {
      const summary = await deps.api.importBlog(source);
      if (!summary) {
        show("");
        return;
      }
      show(summaryText(summary));
      for (const url of summary.remote_images) {
        const li = document.createElement("li");
        li.textContent = url;
        els.images.append(li);
      }
      deps.say(`Imported ${summary.imported} from ${NAMES[source]}`);
    } catch (e) {
      // A malformed export names the file and the place; nothing was written.
      const { message } = asCommandError(e);
      show(message, true);
      deps.say(message, "error");
    } finally {
      busy = false;
      for (const b of els.sources) b.disabled = false;
    }
  }

  els.open.addEventListener("click", () => {
    show("");
    els.images.replaceChildren();
    els.panel.hidden = false;
  });
  els.close.addEventListener("click", () => {
    if (!busy) els.panel.hidden = true;
  });
  for (const b of els.sources) {
    const source = b.dataset.source as ImportSource | undefined;
    if (source) b.addEventListener("click", () => void run(source));
  }
}

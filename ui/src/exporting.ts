// Exporting: the open post as one HTML file, or the whole blog as a static site, with the
// site export's progress, its summary and a way to stop it in one panel.
import { asCommandError, type Api, type ExportProgress, type Summary } from "./api";
import type { Say } from "./status";

export interface ExportingElements {
  exportPost: HTMLElement;
  exportSite: HTMLElement;
  panel: HTMLElement;
  progress: HTMLProgressElement;
  summary: HTMLElement;
  /** "Cancel" while the site export runs, "Close" once it is over. */
  cancel: HTMLButtonElement;
  /** "Show in folder", once an export has written something. */
  reveal: HTMLButtonElement;
}

export interface ExportingDeps {
  api: Pick<Api, "exportPost" | "exportSite" | "cancelExport" | "revealExport">;
  /** The open post and the editor's text (exported as the preview shows it), if any. */
  current(): { id: number; text: string } | null;
  say: Say;
}

export interface Exporting {
  running(): boolean;
}

export const CANCELLED_TEXT = "Export cancelled. The folder holds whole pages; export again to finish.";

export function createExporting(els: ExportingElements, deps: ExportingDeps): Exporting {
  // One export at a time: each starts with a dialog of the shell's, and the core has one
  // cancel switch for them all.
  let phase: "idle" | "post" | "site" | "cancelling" = "idle";

  function tell(text: string, error = false): void {
    els.summary.textContent = text;
    els.summary.classList.toggle("error", error);
  }

  function finished(): void {
    phase = "idle";
    els.cancel.textContent = "Close";
    els.cancel.disabled = false;
  }

  async function exportPost(): Promise<void> {
    if (phase !== "idle") return;
    const open = deps.current();
    if (open === null) {
      deps.say("Open a post to export it", "error");
      return;
    }
    phase = "post";
    els.reveal.hidden = true;
    try {
      const exported = await deps.api.exportPost(open.id, open.text);
      if (!exported) return;
      els.progress.hidden = true;
      tell(`Exported to ${exported.path}`);
      els.reveal.hidden = false;
      els.panel.hidden = false;
      deps.say("Exported");
    } catch (e) {
      const { message } = asCommandError(e);
      els.progress.hidden = true;
      tell(message, true);
      els.panel.hidden = false;
      deps.say(message, "error");
    } finally {
      finished();
    }
  }

  function progressed(p: ExportProgress): void {
    // A message may come in after the export's answer, or after Cancel: the text stays.
    if (phase === "idle" || phase === "post") return;
    els.progress.max = Math.max(p.total, 1);
    els.progress.value = p.done;
    if (phase === "site") tell(`Rendering pages: ${p.done.toLocaleString("en")} of ${p.total.toLocaleString("en")}`);
  }

  async function exportSite(): Promise<void> {
    if (phase !== "idle") return;
    phase = "site";
    els.reveal.hidden = true;
    els.progress.hidden = false;
    // Without a value the bar is indeterminate: the core is still counting the pages.
    els.progress.removeAttribute("value");
    tell("Exporting…");
    els.cancel.textContent = "Cancel";
    els.cancel.disabled = false;
    els.panel.hidden = false;
    try {
      const summary = await deps.api.exportSite(progressed);
      if (!summary) {
        els.panel.hidden = true;
        return;
      }
      els.progress.value = els.progress.max;
      tell(summaryText(summary));
      els.reveal.hidden = false;
    } catch (e) {
      const error = asCommandError(e);
      if (error.code === "cancelled") {
        tell(CANCELLED_TEXT);
      } else {
        tell(error.message, true);
        deps.say(error.message, "error");
      }
    } finally {
      finished();
    }
  }

  async function cancelOrClose(): Promise<void> {
    if (phase === "cancelling") return;
    if (phase !== "site") {
      els.panel.hidden = true;
      return;
    }
    // Pages already started still finish: the button waits for the export to settle.
    phase = "cancelling";
    els.cancel.disabled = true;
    tell("Cancelling…");
    try {
      await deps.api.cancelExport();
    } catch (e) {
      if (phase !== "cancelling") return;
      phase = "site";
      els.cancel.disabled = false;
      deps.say(asCommandError(e).message, "error");
    }
  }

  els.exportPost.addEventListener("click", () => void exportPost());
  els.exportSite.addEventListener("click", () => void exportSite());
  els.cancel.addEventListener("click", () => void cancelOrClose());
  els.reveal.addEventListener("click", () => {
    deps.api.revealExport().catch((e: unknown) => deps.say(asCommandError(e).message, "error"));
  });

  return { running: () => phase !== "idle" };
}

export function summaryText(s: Summary): string {
  const seconds = (s.millis / 1000).toFixed(2);
  const head =
    `Exported ${plural(s.posts, "post")} to ${s.out}: ` +
    `${plural(s.written, "file")} written, ${s.unchanged.toLocaleString("en")} unchanged, ` +
    `${s.removed.toLocaleString("en")} removed in ${seconds} s`;
  return [head, ...s.skipped.map(([file, reason]) => `Skipped ${file}: ${reason}`)].join("\n");
}

function plural(n: number, word: string): string {
  return `${n.toLocaleString("en")} ${n === 1 ? word : `${word}s`}`;
}

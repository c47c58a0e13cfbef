// Images pasted or dropped into the editor: each is copied beside the post by the core,
// which answers the Markdown that shows it, and that goes into the text where the image
// was dropped (or at the cursor, for a paste) as the author's own edit, so autosave and
// the preview follow as after typing. Pastes and drops without files are CodeMirror's.
import type { Extension, Text } from "@codemirror/state";
import { EditorView, ViewPlugin } from "@codemirror/view";
import { asCommandError, type Api } from "./api";
import type { Say } from "./status";

export const NO_POST = "Open a post first";

const MB = 1024 * 1024;

export interface ImagesDeps {
  api: Pick<Api, "addImage">;
  /** The open post; null while none is. */
  postId(): number | null;
  /** The largest image the settings let in, in megabytes. */
  limitMb(): number;
  say: Say;
}

export interface Images {
  /** Paste and drop handling, for every editor state. */
  extension(): Extension;
  /** Adds the files as a drop does: at `at`, or at the cursor without it. */
  addFiles(files: File[], at?: number): Promise<void>;
}

/** Where an image goes, mapped through the edits made while the core copies it. */
interface Spot {
  pos: number;
  /** The text was replaced whole (another post opened): the spot means nothing now. */
  gone: boolean;
}

export function tooBigMessage(name: string, bytes: number, limitMb: number): string {
  return `${name} is ${(bytes / MB).toFixed(1)} MB, over the ${limitMb} MB limit for images`;
}

export function createImages(deps: ImagesDeps): Images {
  let view: EditorView | null = null;
  const spots = new Set<Spot>();

  // One per editor state: a post opened makes a new one, and the spots of the old text go.
  const tracker = ViewPlugin.define((v) => {
    view = v;
    return {
      update(update) {
        if (!update.docChanged) return;
        // Typing at the spot meanwhile goes after the image, where the cursor was.
        for (const spot of spots) spot.pos = update.changes.mapPos(spot.pos, -1);
      },
      destroy() {
        for (const spot of spots) spot.gone = true;
        spots.clear();
      },
    };
  });

  async function addFiles(files: File[], at?: number): Promise<void> {
    const id = deps.postId();
    const v = view;
    if (id === null || !v || v.state.readOnly) {
      if (files.length > 0) deps.say(NO_POST, "error");
      return;
    }
    const limit = deps.limitMb();
    // The ones over the limit are refused before any is read: a 2 GB video dropped by
    // mistake is not read into memory to be refused by the core.
    const fitting = files.filter((file) => {
      if (file.size <= limit * MB) return true;
      deps.say(tooBigMessage(file.name, file.size, limit), "error");
      return false;
    });
    if (fitting.length === 0) return;
    const spot: Spot = { pos: clampedSpot(v.state.doc, at ?? v.state.selection.main.head), gone: false };
    spots.add(spot);
    try {
      for (const file of fitting) {
        let added: { markdown: string; path: string };
        try {
          const bytes = new Uint8Array(await file.arrayBuffer());
          added = await deps.api.addImage(id, file.name, bytes);
        } catch (e) {
          deps.say(asCommandError(e).message, "error");
          continue;
        }
        if (spot.gone || view !== v || deps.postId() !== id) {
          // Another post opened while the file was copied: the file is there, the link
          // is not; the author learns where to link it from.
          deps.say(`${file.name} was copied to ${added.path}, but its post is no longer open`);
          return;
        }
        const markdown = added.markdown;
        spot.pos = insertOwnLine(v, spot.pos, markdown);
      }
    } finally {
      spots.delete(spot);
    }
  }

  const handlers = EditorView.domEventHandlers({
    paste(event) {
      const files = filesOf(event.clipboardData).filter((f) => f.type.startsWith("image/"));
      if (files.length === 0) return false;
      event.preventDefault();
      void addFiles(files);
      return true;
    },
    drop(event, v) {
      // Not by dataTransfer.types: a drop made up by a script may not list "Files".
      const files = filesOf(event.dataTransfer);
      if (files.length === 0) return false;
      event.preventDefault();
      void addFiles(files, dropSpot(v, event));
      return true;
    },
    dragover(event) {
      if (!event.dataTransfer || !carriesFiles(event.dataTransfer)) return false;
      // A drop is allowed only where dragover was cancelled.
      event.preventDefault();
      event.dataTransfer.dropEffect = "copy";
      return true;
    },
  });

  return { extension: () => [tracker, handlers], addFiles };
}

/**
 * Files dragged over the window anywhere but the editor are refused: left alone, the
 * webview would open the file in the window's place.
 */
export function refuseStrayFiles(doc: Document): void {
  // A file anywhere, or a link or text anywhere but a text field: WebKit's default would
  // load it in place of the window.
  const stray = (ev: DragEvent) =>
    !ev.defaultPrevented && (!ev.dataTransfer || carriesFiles(ev.dataTransfer) || !editable(ev.target));
  doc.addEventListener("dragover", (ev) => {
    if (!stray(ev)) return;
    ev.preventDefault();
    if (ev.dataTransfer) ev.dataTransfer.dropEffect = "none";
  });
  doc.addEventListener("drop", (ev) => {
    if (stray(ev)) ev.preventDefault();
  });
}

function editable(target: EventTarget | null): boolean {
  return target instanceof Element && target.closest("input, textarea, [contenteditable='true']") !== null;
}

function carriesFiles(data: DataTransfer): boolean {
  return Array.from(data.types).includes("Files") || data.files.length > 0;
}

function filesOf(data: DataTransfer | null): File[] {
  if (!data) return [];
  const files = Array.from(data.files ?? []);
  if (files.length > 0) return files;
  return Array.from(data.items ?? [])
    .filter((item) => item.kind === "file")
    .map((item) => item.getAsFile())
    .filter((file): file is File => file !== null);
}

/** Where the pointer let go, if it was over the text. */
function dropSpot(view: EditorView, event: DragEvent): number | undefined {
  // A drop made by a script has no place: at the cursor, like a paste.
  if (event.clientX === 0 && event.clientY === 0) return undefined;
  try {
    return view.posAtCoords({ x: event.clientX, y: event.clientY }) ?? undefined;
  } catch {
    return undefined;
  }
}

/** `pos`, moved out of the front matter (an image there would break it) to just after it. */
function clampedSpot(doc: Text, pos: number): number {
  const at = Math.max(0, Math.min(doc.length, pos));
  const fence = doc.line(1).text.trimEnd();
  if (fence !== "---" && fence !== "+++") return at;
  // Front matter is short; a first line of "---" with no end in sight is a rule, not one.
  for (let n = 2; n <= Math.min(doc.lines, 500); n++) {
    const line = doc.line(n);
    if (line.text.trimEnd() === fence) return Math.max(at, line.to);
  }
  return at;
}

/**
 * Inserts `markdown` at `pos` on a line of its own (breaking the line there if it has
 * text on either side), the cursor after it; answers where the next image goes.
 */
export function insertOwnLine(view: EditorView, pos: number, markdown: string): number {
  const line = view.state.doc.lineAt(pos);
  const before = pos > line.from ? "\n" : "";
  const after = pos < line.to ? "\n" : "";
  const end = pos + before.length + markdown.length;
  view.dispatch({
    changes: { from: pos, insert: before + markdown + after },
    selection: { anchor: end },
    scrollIntoView: true,
    userEvent: "input",
  });
  return end;
}

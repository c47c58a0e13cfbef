// The metadata form: the front matter's known fields as inputs, bound both ways to the
// editor's text. The text stays the one truth: the form is read from it (by the core,
// which parses YAML and TOML alike) and writes to it only as edits the core makes to the
// edited keys' lines, applied to the editor as a keystroke would be (undo, autosave and
// the preview follow as usual).
import { asCommandError, type Api, type FieldEdit, type FrontForm, type Meta } from "./api";
import type { Clock, TimerId } from "./clock";
import type { Say } from "./status";

/** After the editor's last keystroke, the form is read again. */
export const FILL_MS = 150;
/** After the form's last keystroke, its edit goes into the text. */
export const EDIT_MS = 250;
/** Times an edit is sent again when the editor's text moved under it. */
const RETRIES = 5;
/** The most completions the tags field offers at once. */
const TAG_OPTIONS = 50;

export type MetaKey = keyof Meta;
export const META_KEYS: readonly MetaKey[] = [
  "title", "author", "avatar", "date", "label", "tags", "summary", "cover", "status", "slug",
];

export type MetaField = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;

export interface MetadataElements {
  form: HTMLFormElement;
  toggle: HTMLElement;
  /** Holds every input: disabled whole when there is nothing to edit. */
  fields: HTMLFieldSetElement;
  inputs: Record<MetaKey, MetaField>;
  /** The tags field's completions. */
  tagList: HTMLDataListElement;
  /** The keys Quire does not know, read-only. */
  other: HTMLElement;
  /** Says why the form cannot be used. */
  problem: HTMLElement;
}

export interface MetadataDeps {
  api: Pick<Api, "frontForm" | "editFront" | "listTags">;
  editor: { text(): string; applyText(text: string): void; focus(): void };
  clock: Clock;
  say: Say;
}

export interface Metadata {
  /** The editor's text changed (the editor's `onText` hook). */
  textChanged(source: "load" | "disk" | "author"): void;
  /** Whether a post is open; called on every change of the open post. */
  follow(open: boolean): void;
  toggle(): void;
  /** Resolves once the form has been read from the editor's text as it is now. */
  fill(): Promise<void>;
  /** Sends the form's pending edits now. */
  flush(): Promise<void>;
}

/** The edit the field's value makes: an emptied field removes its key. */
export function fieldEdit(key: MetaKey, value: string): FieldEdit {
  if (key === "tags") return { key, value: { kind: "list", value: splitTags(value) } };
  if (key === "status") return { key, value: { kind: "text", value } };
  const text = value.trim();
  return { key, value: text ? { kind: "text", value: text } : { kind: "remove" } };
}

export function splitTags(value: string): string[] {
  return value.split(",").map((t) => t.trim()).filter((t) => t !== "");
}

/** The field's text for `meta`'s value of `key`. */
export function fieldText(meta: Meta, key: MetaKey): string {
  if (key === "tags") return meta.tags.join(", ");
  return meta[key] ?? "";
}

/**
 * Completions for the tag typed after the last comma: whole values of the field, the
 * tags before kept as typed, so that picking one completes only the last tag.
 */
export function tagOptions(value: string, known: readonly string[]): string[] {
  const cut = value.lastIndexOf(",");
  const rest = value.slice(cut + 1);
  const head = value.slice(0, cut + 1 + (rest.length - rest.trimStart().length));
  const typed = rest.trim().toLowerCase();
  const have = new Set(splitTags(value.slice(0, cut + 1)).map((t) => t.toLowerCase()));
  const out: string[] = [];
  for (const tag of known) {
    const lower = tag.toLowerCase();
    if (have.has(lower) || !lower.includes(typed)) continue;
    out.push(head + tag);
    if (out.length === TAG_OPTIONS) break;
  }
  return out;
}

export function createMetadata(els: MetadataElements, deps: MetadataDeps): Metadata {
  const { editor, clock } = deps;
  /** Keys edited in the form and not yet in the editor's text: a fill leaves them be. */
  const dirty = new Set<MetaKey>();
  let open = false;
  /** Bumped when another post comes: edits on their way were for the post left. */
  let generation = 0;
  let fillTimer: TimerId | undefined;
  let fillSeq = 0;
  let editTimer: TimerId | undefined;
  let sending: Promise<void> | null = null;
  let sendAgain = false;
  let knownTags: string[] = [];
  /** Each key's last edit that reached the text: a blur's "change" need not send it again. */
  const applied = new Map<MetaKey, string>();

  function setUsable(usable: boolean, problem: string | null): void {
    els.fields.disabled = !usable;
    els.problem.textContent = problem ?? "";
    els.problem.hidden = problem === null;
  }

  function clear(): void {
    for (const key of META_KEYS) {
      const input = els.inputs[key];
      input.value = key === "status" ? "draft" : "";
    }
    els.other.replaceChildren();
    els.other.hidden = true;
  }

  function show(form: FrontForm): void {
    setUsable(true, null);
    for (const key of META_KEYS) {
      const input = els.inputs[key];
      // The author's own typing wins over the text it has not reached yet.
      if (input === document.activeElement || dirty.has(key)) continue;
      const text = fieldText(form.meta, key);
      if (input.value !== text) input.value = text;
    }
    els.other.replaceChildren(
      ...form.other.map((o) => {
        const pre = document.createElement("pre");
        pre.dataset.key = o.key;
        pre.textContent = o.text;
        return pre;
      }),
    );
    els.other.hidden = form.other.length === 0;
  }

  async function fill(): Promise<void> {
    clock.clearTimeout(fillTimer);
    fillTimer = undefined;
    if (!open || els.form.hidden) return;
    const seq = ++fillSeq;
    const text = editor.text();
    let form: FrontForm;
    try {
      form = await deps.api.frontForm(text);
    } catch (e) {
      if (seq !== fillSeq || editor.text() !== text) return;
      const error = asCommandError(e);
      setUsable(false, error.code === "front_matter" ? "Fix the front matter in the editor to use the form" : error.message);
      return;
    }
    // A newer text has its own fill on the way.
    if (seq !== fillSeq || editor.text() !== text || !open) return;
    show(form);
  }

  function scheduleFill(): void {
    if (!open || els.form.hidden) return;
    clock.clearTimeout(fillTimer);
    fillTimer = clock.setTimeout(() => void fill(), FILL_MS);
  }

  /** Sends the dirty keys' edits against the editor's text, until one reply fits it. */
  async function send(): Promise<void> {
    const mine = generation;
    for (let tries = 0; tries <= RETRIES && dirty.size > 0; tries++) {
      const keys = [...dirty];
      const edits = keys.map((key) => fieldEdit(key, els.inputs[key].value));
      const text = editor.text();
      let next: string;
      try {
        next = await deps.api.editFront(text, edits);
      } catch (e) {
        if (mine !== generation) return;
        dirty.clear();
        const error = asCommandError(e);
        if (error.code === "front_matter") setUsable(false, "Fix the front matter in the editor to use the form");
        else deps.say(error.message, "error");
        return;
      }
      if (mine !== generation) return;
      // The editor's text moved on while the core worked: its answer would undo that.
      if (editor.text() !== text) continue;
      keys.forEach((key, i) => {
        const sent = JSON.stringify(edits[i]);
        applied.set(key, sent);
        // Typed on while the edit was made: that key goes again.
        if (JSON.stringify(fieldEdit(key, els.inputs[key].value)) === sent) dirty.delete(key);
      });
      editor.applyText(next);
      return;
    }
  }

  async function flush(): Promise<void> {
    clock.clearTimeout(editTimer);
    editTimer = undefined;
    if (sending) {
      sendAgain = true;
      return sending;
    }
    if (!open || dirty.size === 0) return;
    sending = send().finally(() => {
      sending = null;
      if (sendAgain) {
        sendAgain = false;
        void flush();
      }
    });
    return sending;
  }

  /** Another post, or none: what the form held for the last one goes. */
  function forget(): void {
    generation++;
    dirty.clear();
    applied.clear();
    clock.clearTimeout(editTimer);
    editTimer = undefined;
  }

  function edited(key: MetaKey, now: boolean): void {
    if (!open) return;
    const edit = JSON.stringify(fieldEdit(key, els.inputs[key].value));
    if (now && !dirty.has(key) && applied.get(key) === edit) return;
    dirty.add(key);
    clock.clearTimeout(editTimer);
    if (now) void flush();
    else editTimer = clock.setTimeout(() => void flush(), EDIT_MS);
  }

  function showTagOptions(): void {
    const input = els.inputs.tags;
    els.tagList.replaceChildren(
      ...tagOptions(input.value, knownTags).map((value) => {
        const o = document.createElement("option");
        o.value = value;
        return o;
      }),
    );
  }

  for (const key of META_KEYS) {
    const input = els.inputs[key];
    // A select changes only as a whole: no typing to wait for.
    input.addEventListener("input", () => edited(key, key === "status"));
    input.addEventListener("change", () => edited(key, true));
  }
  els.inputs.tags.addEventListener("input", showTagOptions);
  els.inputs.tags.addEventListener("focus", () => {
    deps.api
      .listTags()
      .then((tags) => {
        knownTags = tags.map((t) => t.tag);
        showTagOptions();
      })
      .catch((e: unknown) => deps.say(asCommandError(e).message, "error"));
  });
  // Enter in a field sends the edit, it does not submit anything.
  els.form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    void flush();
  });
  els.toggle.addEventListener("click", () => toggle());

  function toggle(): void {
    const show = els.form.hidden;
    els.form.hidden = !show;
    els.toggle.setAttribute("aria-expanded", String(show));
    if (show) {
      void fill();
    } else if (els.form.contains(document.activeElement)) {
      editor.focus();
    }
  }

  els.toggle.setAttribute("aria-expanded", String(!els.form.hidden));
  clear();
  setUsable(false, null);

  return {
    textChanged(source) {
      if (source === "load") {
        forget();
        void fill();
      } else if (source === "disk") {
        void fill();
      } else {
        scheduleFill();
      }
    },
    follow(isOpen) {
      if (isOpen === open) return;
      open = isOpen;
      if (open) return;
      forget();
      clock.clearTimeout(fillTimer);
      fillSeq++;
      clear();
      setUsable(false, null);
    },
    toggle,
    fill,
    flush,
  };
}

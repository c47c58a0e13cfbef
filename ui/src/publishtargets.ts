// The publish targets of the content folder's quire.toml, in the Settings panel: one small
// form per target (a git branch, a server over SSH, a folder), each saved or removed on its
// own. The core checks each one as `quire publish` would read it and writes only its
// `[publish.NAME]` table, every other line of quire.toml kept. A refused save leaves the
// form as typed, with the reason beside it.
import { asCommandError, type Api, type Kind, type Target } from "./api";
import type { Say } from "./status";

export interface PublishTargetsElements {
  /** The forms, one per target. */
  list: HTMLElement;
  /** "Add a target": an empty form at the end of the list. */
  add: HTMLButtonElement;
  /** "No target yet", while the list is empty. */
  empty: HTMLElement;
  /** Why quire.toml could not be read. */
  problem: HTMLElement;
}

export interface PublishTargetsDeps {
  api: Pick<Api, "publishTargets" | "savePublishTarget" | "removePublishTarget">;
  say: Say;
  /** quire.toml's targets changed: these are the ones it has now. */
  changed?(targets: Target[]): void;
}

export interface PublishTargets {
  /** Reads the targets again, a form for each (what was typed and not saved is dropped). */
  refresh(): Promise<void>;
}

export type KindName = Kind["type"];

/** The branch a git target publishes to when none is typed (as quire.toml reads it). */
export const DEFAULT_BRANCH = "gh-pages";

/** One form and the target it shows as saved (null: not in quire.toml yet). */
interface Row {
  el: HTMLElement;
  saved: Target | null;
  busy: boolean;
}

export function createPublishTargets(els: PublishTargetsElements, deps: PublishTargetsDeps): PublishTargets {
  let rows: Row[] = [];
  /** The newest read: an older answer, come late, is dropped. */
  let reading = 0;

  function showEmpty(): void {
    els.empty.hidden = rows.length > 0;
  }

  function addRow(saved: Target | null): Row {
    const row: Row = { el: targetForm(), saved, busy: false };
    fill(row.el, saved);
    const button = (testid: string) => row.el.querySelector<HTMLButtonElement>(`[data-testid="${testid}"]`)!;
    row.el.querySelector("select")!.addEventListener("change", () => showKind(row.el));
    button("target-save").addEventListener("click", () => void save(row));
    button("target-remove").addEventListener("click", () => askRemove(row));
    button("target-remove-confirm").addEventListener("click", () => void remove(row));
    button("target-remove-cancel").addEventListener("click", () => confirmLine(row, false));
    // Enter saves this target: the panel's own form (the site's settings) is not submitted.
    row.el.addEventListener("keydown", (ev) => {
      if (ev.key !== "Enter" || !(ev.target instanceof HTMLInputElement)) return;
      ev.preventDefault();
      void save(row);
    });
    labelRemove(row);
    rows.push(row);
    els.list.append(row.el);
    showEmpty();
    return row;
  }

  function tell(row: Row, text: string | null): void {
    const line = row.el.querySelector<HTMLElement>('[data-testid="target-error"]')!;
    line.textContent = text ?? "";
    line.hidden = text === null;
  }

  function busy(row: Row, on: boolean): void {
    row.busy = on;
    for (const b of row.el.querySelectorAll("button")) b.disabled = on;
  }

  function confirmLine(row: Row, shown: boolean): void {
    const line = row.el.querySelector<HTMLElement>('[data-testid="target-remove-line"]')!;
    line.hidden = !shown;
    row.el.querySelector<HTMLElement>('[data-testid="target-remove"]')!.hidden = shown;
    if (shown) {
      line.querySelector(".target-remove-text")!.textContent =
        `Remove ${row.saved?.name ?? ""} from quire.toml?`;
    }
  }

  /** "Remove" for a target in quire.toml; a form not saved yet is only discarded. */
  function labelRemove(row: Row): void {
    row.el.querySelector('[data-testid="target-remove"]')!.textContent = row.saved ? "Remove" : "Discard";
  }

  async function save(row: Row): Promise<void> {
    if (row.busy) return;
    const wanted = read(row.el, row.saved);
    // Saving under the name of another form's target would replace it without a word.
    if (rows.some((r) => r !== row && r.saved?.name === wanted.name)) {
      tell(row, `Another target is already named ${wanted.name}: choose another name`);
      return;
    }
    confirmLine(row, false);
    busy(row, true);
    try {
      let targets = await deps.api.savePublishTarget(wanted);
      const before = row.saved?.name;
      // A new name for a saved target: it moves, rather than being copied.
      if (before && before !== wanted.name) targets = await deps.api.removePublishTarget(before);
      row.saved = targets.find((t) => t.name === wanted.name) ?? wanted;
      row.el.dataset.name = row.saved.name;
      fill(row.el, row.saved);
      tell(row, null);
      labelRemove(row);
      deps.say(`Publish target ${row.saved.name} saved in quire.toml`);
      deps.changed?.(targets);
    } catch (e) {
      // What was typed stays as it was, to be put right.
      tell(row, asCommandError(e).message);
    } finally {
      busy(row, false);
    }
  }

  function askRemove(row: Row): void {
    if (row.busy) return;
    if (!row.saved) {
      drop(row);
      return;
    }
    tell(row, null);
    confirmLine(row, true);
  }

  async function remove(row: Row): Promise<void> {
    if (row.busy || !row.saved) return;
    const name = row.saved.name;
    busy(row, true);
    try {
      const targets = await deps.api.removePublishTarget(name);
      drop(row);
      deps.say(`Publish target ${name} removed from quire.toml`);
      deps.changed?.(targets);
    } catch (e) {
      confirmLine(row, false);
      tell(row, asCommandError(e).message);
    } finally {
      busy(row, false);
    }
  }

  function drop(row: Row): void {
    row.el.remove();
    rows = rows.filter((r) => r !== row);
    showEmpty();
  }

  els.add.addEventListener("click", () => {
    const row = addRow(null);
    inputIn(row.el, "target-name").focus();
  });

  return {
    async refresh() {
      const mine = ++reading;
      els.problem.hidden = true;
      let targets: Target[];
      try {
        targets = await deps.api.publishTargets();
      } catch (e) {
        if (mine !== reading) return;
        // A quire.toml that does not parse: the reason, and no forms to save over it.
        els.problem.textContent = asCommandError(e).message;
        els.problem.hidden = false;
        targets = [];
      }
      if (mine !== reading) return;
      rows = [];
      els.list.replaceChildren();
      for (const t of targets) addRow(t);
      showEmpty();
    },
  };
}

/** The target a form describes; what it does not show (the export folder, replacing the branch's history) is the saved target's. */
export function read(form: HTMLElement, saved: Target | null): Target {
  const value = (testid: string) => inputIn(form, testid).value.trim();
  const type = form.querySelector<HTMLSelectElement>('[data-testid="target-type"]')!.value as KindName;
  let kind: Kind;
  switch (type) {
    case "ssh":
      kind = { type: "ssh", destination: value("target-destination") };
      break;
    case "folder":
      kind = { type: "folder", dir: value("target-dir") };
      break;
    default: {
      const domain = value("target-domain");
      kind = {
        type: "git",
        url: value("target-url"),
        branch: value("target-branch") || DEFAULT_BRANCH,
        domain: domain === "" ? null : domain,
        replace_history: saved?.kind.type === "git" ? saved.kind.replace_history : false,
      };
    }
  }
  return { name: value("target-name"), kind, export: saved?.export ?? null };
}

/** Puts `target` in the form; null: an empty git target. */
function fill(form: HTMLElement, target: Target | null): void {
  const set = (testid: string, v: string) => (inputIn(form, testid).value = v);
  form.dataset.name = target?.name ?? "";
  set("target-name", target?.name ?? "");
  form.querySelector<HTMLSelectElement>('[data-testid="target-type"]')!.value = target?.kind.type ?? "git";
  const kind = target?.kind;
  if (kind?.type === "git") {
    set("target-url", kind.url);
    set("target-branch", kind.branch === DEFAULT_BRANCH ? "" : kind.branch);
    set("target-domain", kind.domain ?? "");
  } else if (kind?.type === "ssh") {
    set("target-destination", kind.destination);
  } else if (kind?.type === "folder") {
    set("target-dir", kind.dir);
  }
  showKind(form);
}

/** Shows the fields of the chosen kind; the others keep what was typed in them. */
function showKind(form: HTMLElement): void {
  const type = form.querySelector<HTMLSelectElement>('[data-testid="target-type"]')!.value;
  for (const field of form.querySelectorAll<HTMLElement>("[data-kind]")) field.hidden = field.dataset.kind !== type;
}

function inputIn(form: HTMLElement, testid: string): HTMLInputElement {
  return form.querySelector<HTMLInputElement>(`[data-testid="${testid}"]`)!;
}

/** One target's form (a fieldset: it sits inside the settings panel's form). */
function targetForm(): HTMLElement {
  const form = document.createElement("fieldset");
  form.className = "target-form";
  form.dataset.testid = "publish-target-form";
  form.setAttribute("aria-label", "Publish target");
  form.innerHTML = `
    <label>Name <input data-testid="target-name" placeholder="pages" maxlength="40" autocomplete="off" spellcheck="false" /></label>
    <label>Sent to
      <select data-testid="target-type">
        <option value="git">A git branch</option>
        <option value="ssh">A server, over SSH</option>
        <option value="folder">A folder</option>
      </select>
    </label>
    <label class="wide" data-kind="git">Repository URL <input data-testid="target-url" placeholder="git@github.com:you/blog.git" autocomplete="off" spellcheck="false" /></label>
    <label data-kind="git">Branch <input data-testid="target-branch" placeholder="${DEFAULT_BRANCH}" autocomplete="off" spellcheck="false" /></label>
    <label data-kind="git">Domain (CNAME) <input data-testid="target-domain" placeholder="blog.example.org" autocomplete="off" spellcheck="false" /></label>
    <label class="wide" data-kind="ssh">Destination <input data-testid="target-destination" placeholder="[USER@]HOST:PATH" autocomplete="off" spellcheck="false" /></label>
    <label class="wide" data-kind="folder">Folder <input data-testid="target-dir" placeholder="/srv/www/blog" autocomplete="off" spellcheck="false" /></label>
    <p class="target-error" data-testid="target-error" role="alert" hidden></p>
    <div class="target-actions">
      <button type="button" class="button primary" data-testid="target-save">Save target</button>
      <button type="button" class="button" data-testid="target-remove">Discard</button>
      <span class="target-remove-line" data-testid="target-remove-line" hidden>
        <span class="target-remove-text"></span>
        <button type="button" class="button danger" data-testid="target-remove-confirm">Remove</button>
        <button type="button" class="button" data-testid="target-remove-cancel">Keep</button>
      </span>
    </div>`;
  return form;
}

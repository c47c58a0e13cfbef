// The settings panel: the blog's author, title and footer, what the exported site needs
// (description, address, language, paging, avatar, theme), reading rates, the largest
// image, the spell checker's languages, the window's look, the content folder (with a
// button to pick another) and where the library and the log file are (read-only, for a
// bug report or a backup).
import { asCommandError, type AppInfo, type Api, type Dialect, type Site } from "./api";
import type { ThemeChoice } from "./appearance";
import type { Dictionaries } from "./dictionaries";
import type { DraftOutcome } from "./saving";
import type { Say } from "./status";

export interface SettingsElements {
  form: HTMLFormElement;
  toggle: HTMLElement;
  cancel: HTMLElement;
  library: HTMLElement;
  log: HTMLElement;
  /** The content folder's path, and the button that picks another. */
  folder: HTMLElement;
  chooseFolder: HTMLButtonElement;
}

export interface SettingsDeps {
  api: Pick<Api, "saveSettings" | "chooseFolder">;
  /** The stored settings changed: the preview shows the site's title and footer. */
  saved(): void;
  say: Say;
  /** The spell checker's languages, listed and kept with the other settings. */
  dictionaries?: Pick<Dictionaries, "refresh" | "save">;
  /** The publish targets of quire.toml, read again each time the panel opens. */
  targets?: { refresh(): Promise<void> };
  /** The window's light or dark look: the window keeps it, not the library. */
  appearance?: { get(): ThemeChoice; set(choice: ThemeChoice): void };
  /** Keeps the open post's unsaved text, before the window leaves its folder. */
  keepDraft(): Promise<DraftOutcome>;
  /** Starts the window over, on the folder just chosen. */
  reload(): void;
  /**
   * Holds the editor still (true) from before the folder dialog until the window starts
   * over, or lets it go (false) if no switch happened: a keystroke kept after the switch
   * would be saved under its post's id into the new folder's library, another post's.
   */
  hold?(held: boolean): void;
}

export interface Settings {
  load(info: AppInfo): void;
  /** The site settings as stored; null before load. */
  site(): Site | null;
}

/** The settings edited as text, by their field's name (which is the Site key). */
const TEXT_FIELDS = ["author", "title", "footer", "description", "base_url", "lang", "avatar", "theme", "dialect"] as const;

export const PER_PAGE_MESSAGE = "Posts per page must be a whole number from 1 to 100";

/**
 * The settings that are whole numbers, with the ranges the core accepts: checked here
 * too, so that a slip gets a plain message without a round trip.
 */
export const NUMBER_FIELDS = {
  per_page: { min: 1, max: 100, message: PER_PAGE_MESSAGE },
  words_per_minute: {
    min: 50, max: 1000, message: "The reading rate must be a whole number of words a minute from 50 to 1000",
  },
  cjk_per_minute: {
    min: 50, max: 2000,
    message: "The CJK reading rate must be a whole number of characters a minute from 50 to 2000",
  },
  image_limit_mb: { min: 1, max: 500, message: "The largest image must be a whole number of MB from 1 to 500" },
} as const;
type NumberField = keyof typeof NUMBER_FIELDS;
const NUMBER_NAMES = Object.keys(NUMBER_FIELDS) as NumberField[];

const LOOKS: readonly ThemeChoice[] = ["system", "light", "dark"];

/** How Settings names the dialect in use. */
const DIALECT_NAMES: Record<Dialect, string> = {
  quire: "plain Markdown", hugo: "Hugo", jekyll: "Jekyll", zola: "Zola",
};

export function createSettings(els: SettingsElements, deps: SettingsDeps): Settings {
  let site: Site | null = null;
  const field = (name: (typeof TEXT_FIELDS)[number] | NumberField) =>
    els.form.elements.namedItem(name) as HTMLInputElement;
  const look = els.form.elements.namedItem("appearance") as HTMLSelectElement | null;

  els.toggle.addEventListener("click", () => {
    if (!site) return;
    for (const name of TEXT_FIELDS) field(name).value = site[name];
    for (const name of NUMBER_NAMES) field(name).value = String(site[name]);
    const found = els.form.querySelector("[data-testid=setting-dialect-found]");
    if (found) found.textContent = `In use: ${DIALECT_NAMES[site.dialect_found]}`;
    if (look && deps.appearance) look.value = deps.appearance.get();
    els.form.hidden = !els.form.hidden;
    if (!els.form.hidden) {
      void deps.dictionaries?.refresh();
      void deps.targets?.refresh();
    }
  });
  els.chooseFolder.addEventListener("click", () => void chooseFolder());
  els.cancel.addEventListener("click", () => (els.form.hidden = true));
  els.form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    if (!site) return;
    const wanted: Site = { ...site };
    for (const name of NUMBER_NAMES) {
      const { min, max, message } = NUMBER_FIELDS[name];
      const n = wholeIn(field(name).value, min, max);
      if (n === null) {
        deps.say(message, "error");
        return;
      }
      wanted[name] = n;
    }
    for (const name of TEXT_FIELDS) wanted[name] = field(name).value;
    const choice = LOOKS.find((l) => l === look?.value);
    if (choice && deps.appearance && choice !== deps.appearance.get()) deps.appearance.set(choice);
    void save(wanted);
  });

  async function save(wanted: Site): Promise<void> {
    try {
      site = await deps.api.saveSettings(wanted);
      deps.saved();
      await deps.dictionaries?.save();
      els.form.hidden = true;
      deps.say("Settings saved");
    } catch (e) {
      // The panel stays open, so that what was typed can be put right; a "bad_setting"
      // message names the setting and what it expects.
      deps.say(asCommandError(e).message, "error");
    }
  }

  async function chooseFolder(): Promise<void> {
    els.chooseFolder.disabled = true;
    deps.hold?.(true);
    let switched = false;
    try {
      // The post's last keystrokes belong to the library of the folder being left.
      if ((await deps.keepDraft()) === "failed") return;
      const info = await deps.api.chooseFolder();
      // Every module holds the old folder's posts: the window starts over on the new one.
      if (info) {
        switched = true;
        deps.reload();
      }
    } catch (e) {
      deps.say(asCommandError(e).message, "error");
    } finally {
      els.chooseFolder.disabled = false;
      if (!switched) deps.hold?.(false);
    }
  }

  return {
    load(info) {
      site = info.site;
      els.folder.textContent = info.folder;
      els.folder.title = info.folder;
      els.library.textContent = `Library: ${info.library}`;
      els.log.textContent = `Logs: ${info.log}`;
    },
    site: () => site,
  };
}

/** A whole number from `min` to `max`, or null: the core would refuse anything else. */
function wholeIn(text: string, min: number, max: number): number | null {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) return null;
  const n = Number(trimmed);
  return n >= min && n <= max ? n : null;
}

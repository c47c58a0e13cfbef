// The settings panel: the blog's author, title and footer, what the exported site needs
// (description, address, language, paging, avatar, theme), and where the library and the
// log file are (read-only, for a bug report or a backup).
import { asCommandError, type AppInfo, type Api, type Site } from "./api";
import type { Say } from "./status";

export interface SettingsElements {
  form: HTMLFormElement;
  toggle: HTMLElement;
  cancel: HTMLElement;
  library: HTMLElement;
  log: HTMLElement;
}

export interface SettingsDeps {
  api: Pick<Api, "saveSettings">;
  /** The stored settings changed: the preview shows the site's title and footer. */
  saved(): void;
  say: Say;
}

export interface Settings {
  load(info: AppInfo): void;
}

/** The settings edited as text, by their field's name (which is the Site key). */
const TEXT_FIELDS = ["author", "title", "footer", "description", "base_url", "lang", "avatar", "theme"] as const;

export const PER_PAGE_MESSAGE = "Posts per page must be a whole number from 1 to 100";

export function createSettings(els: SettingsElements, deps: SettingsDeps): Settings {
  let site: Site | null = null;
  const field = (name: (typeof TEXT_FIELDS)[number] | "per_page") =>
    els.form.elements.namedItem(name) as HTMLInputElement;

  els.toggle.addEventListener("click", () => {
    if (!site) return;
    for (const name of TEXT_FIELDS) field(name).value = site[name];
    field("per_page").value = String(site.per_page);
    els.form.hidden = !els.form.hidden;
  });
  els.cancel.addEventListener("click", () => (els.form.hidden = true));
  els.form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    if (!site) return;
    const perPage = parsePerPage(field("per_page").value);
    if (perPage === null) {
      deps.say(PER_PAGE_MESSAGE, "error");
      return;
    }
    const wanted: Site = { ...site, per_page: perPage };
    for (const name of TEXT_FIELDS) wanted[name] = field(name).value;
    deps.api.saveSettings(wanted).then(
      (stored) => {
        site = stored;
        els.form.hidden = true;
        deps.say("Settings saved");
        deps.saved();
      },
      // The panel stays open either way, so that what was typed can be put right; a
      // "bad_setting" message names the setting and what it expects.
      (e: unknown) => deps.say(asCommandError(e).message, "error"),
    );
  });

  return {
    load(info) {
      site = info.site;
      els.library.textContent = `Library: ${info.library}`;
      els.log.textContent = `Logs: ${info.log}`;
    },
  };
}

/** A whole number from 1 to 100, or null: the core would refuse anything else. */
function parsePerPage(text: string): number | null {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) return null;
  const n = Number(trimmed);
  return n >= 1 && n <= 100 ? n : null;
}

// The settings panel: the blog's author, title and footer, and where the library and the
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

export function createSettings(els: SettingsElements, deps: SettingsDeps): Settings {
  let site: Site | null = null;
  const field = (name: "author" | "title" | "footer") =>
    els.form.elements.namedItem(name) as HTMLInputElement;

  els.toggle.addEventListener("click", () => {
    if (!site) return;
    field("author").value = site.author;
    field("title").value = site.title;
    field("footer").value = site.footer;
    els.form.hidden = !els.form.hidden;
  });
  els.cancel.addEventListener("click", () => (els.form.hidden = true));
  els.form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    if (!site) return;
    const wanted: Site = {
      ...site,
      author: field("author").value,
      title: field("title").value,
      footer: field("footer").value,
    };
    deps.api.saveSettings(wanted).then(
      (stored) => {
        site = stored;
        els.form.hidden = true;
        deps.say("Settings saved");
        deps.saved();
      },
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

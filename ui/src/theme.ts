// The blog's custom theme in the preview: its article stylesheet, after the built-in one,
// so the preview shows a post as the exported site will.
import { asCommandError, type Api } from "./api";
import type { Say } from "./status";

export interface ThemeStyle {
  /** Reads the theme again (at start, and when the settings change). */
  refresh(): Promise<void>;
}

export function createThemeStyle(
  style: HTMLStyleElement,
  deps: { api: Pick<Api, "themeCss">; say: Say },
): ThemeStyle {
  return {
    async refresh() {
      try {
        style.textContent = (await deps.api.themeCss()) ?? "";
      } catch (e) {
        // The built-in look stays; the author learns why theirs is not shown.
        style.textContent = "";
        deps.say(`The theme could not be read: ${asCommandError(e).message}`, "error");
      }
    },
  };
}

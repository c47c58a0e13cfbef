// The spell checker's languages, in the settings panel: one checkbox for each dictionary
// the system has, ticked if it is checked against. The choice is the core's to keep (it
// hands it to the webview's checker); it is read again each time the panel opens, since
// a dictionary may have been installed meanwhile.
import { asCommandError, type Api } from "./api";
import { note } from "./dom";

export const NO_DICTIONARIES = "No dictionaries found (install hunspell-en-us or another hunspell dictionary)";

export interface DictionariesDeps {
  api: Pick<Api, "spellCheck" | "chooseSpelling">;
}

export interface Dictionaries {
  /** Lists the system's dictionaries, the chosen ones ticked. */
  refresh(): Promise<void>;
  /** Keeps the ticked languages if they are not the chosen ones; rejects as the core does. */
  save(): Promise<void>;
}

export function createDictionaries(fieldset: HTMLElement, deps: DictionariesDeps): Dictionaries {
  /** The languages checked, as the core last said; null until it has. */
  let chosen: string[] | null = null;
  // The legend stays; what follows it is the list.
  const legend = fieldset.querySelector("legend");

  function show(...nodes: Node[]): void {
    fieldset.replaceChildren(...(legend ? [legend] : []), ...nodes);
  }

  const ticked = () =>
    Array.from(fieldset.querySelectorAll<HTMLInputElement>("input[type=checkbox]"))
      .filter((box) => box.checked)
      .map((box) => box.value);

  return {
    async refresh() {
      try {
        const check = await deps.api.spellCheck();
        chosen = check.chosen;
        if (check.available.length === 0) {
          show(note(NO_DICTIONARIES));
          return;
        }
        show(
          ...check.available.map((language) => {
            const label = document.createElement("label");
            label.className = "check";
            const box = document.createElement("input");
            box.type = "checkbox";
            box.value = language;
            box.checked = check.chosen.includes(language);
            label.append(box, ` ${language}`);
            return label;
          }),
        );
      } catch (e) {
        chosen = null;
        show(note(`The dictionaries could not be listed: ${asCommandError(e).message}`));
      }
    },
    async save() {
      if (chosen === null) return;
      const wanted = ticked();
      const same = wanted.length === chosen.length && wanted.every((l) => chosen!.includes(l));
      if (same) return;
      chosen = (await deps.api.chooseSpelling(wanted)).chosen;
    },
  };
}

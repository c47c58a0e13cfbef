// @vitest-environment happy-dom
// The settings panel.
import { beforeEach, describe, expect, it } from "vitest";
import type { Site, SpellCheck } from "../src/api";
import type { ThemeChoice } from "../src/appearance";
import { createDictionaries, NO_DICTIONARIES } from "../src/dictionaries";
import type { DraftOutcome } from "../src/saving";
import { createSettings, NUMBER_FIELDS, type Settings } from "../src/settings";
import { answering, appInfo, fakeCommand, settle, type FakeCommand } from "./fakes";
import { byTestId as $ } from "./fakes";


const info = appInfo({ folder: "/blog", library: "/data/library.sqlite3", log: "/state/logs" });

let saveSettings: ReturnType<typeof answering<[Site], Site>>;
let notices: [string, string | undefined][];
let rerendered: number;
let settings: Settings;
/** What the core answers a save with; a test that wants a refusal throws. */
let store: (site: Site) => Site;
/** The system's dictionaries and the chosen ones, as the fake core has them. */
let spelling: SpellCheck;
let spellCheck: ReturnType<typeof answering<[], SpellCheck>>;
let chooseSpelling: ReturnType<typeof answering<[string[]], SpellCheck>>;
let chooseFolder: FakeCommand<[], boolean>;
let look: ThemeChoice;
let draft: DraftOutcome;
/** What happened, in order: "keep", "reload". */
let steps: string[];

const input = (testid: string) => $<HTMLInputElement>(testid);

beforeEach(() => {
  document.body.innerHTML = `
    <button data-testid="settings-toggle"></button>
    <form data-testid="settings-panel" hidden novalidate>
      <input name="author" data-testid="setting-author" />
      <input name="title" data-testid="setting-title" />
      <input name="footer" data-testid="setting-footer" />
      <input name="description" data-testid="setting-description" />
      <input name="base_url" data-testid="setting-base-url" />
      <input name="lang" data-testid="setting-lang" />
      <input name="per_page" type="number" data-testid="setting-per-page" />
      <input name="avatar" data-testid="setting-avatar" />
      <input name="theme" data-testid="setting-theme" />
      <input name="words_per_minute" type="number" data-testid="setting-words-per-minute" />
      <input name="cjk_per_minute" type="number" data-testid="setting-cjk-per-minute" />
      <input name="image_limit_mb" type="number" data-testid="setting-image-limit" />
      <select name="dialect" data-testid="setting-dialect">
        <option value="auto">Found</option><option value="hugo">Hugo</option>
      </select>
      <select name="appearance" data-testid="setting-appearance">
        <option value="system">System</option><option value="light">Light</option><option value="dark">Dark</option>
      </select>
      <fieldset data-testid="spellcheck-languages"><legend>Spell-check languages</legend></fieldset>
      <span data-testid="settings-folder"></span>
      <button type="button" data-testid="choose-folder"></button>
      <p><span data-testid="settings-library"></span><span data-testid="settings-log"></span></p>
      <button type="submit" data-testid="settings-save"></button>
      <button type="button" data-testid="settings-cancel"></button>
    </form>`;
  store = (site) => ({ ...site, author: site.author.trim() });
  saveSettings = answering((site: Site) => store(site));
  notices = [];
  rerendered = 0;
  spelling = { available: ["de_DE", "en_US"], chosen: ["en_US"] };
  spellCheck = answering(() => spelling);
  chooseSpelling = answering((languages: string[]) => (spelling = { ...spelling, chosen: languages }));
  chooseFolder = fakeCommand();
  look = "system";
  draft = "kept";
  steps = [];
  settings = createSettings(
    {
      form: $<HTMLFormElement>("settings-panel"),
      toggle: $("settings-toggle"),
      cancel: $("settings-cancel"),
      library: $("settings-library"),
      log: $("settings-log"),
      folder: $("settings-folder"),
      chooseFolder: $<HTMLButtonElement>("choose-folder"),
    },
    {
      api: { saveSettings, chooseFolder },
      saved: () => rerendered++,
      say: (m, k) => notices.push([m, k]),
      dictionaries: createDictionaries($("spellcheck-languages"), { api: { spellCheck, chooseSpelling } }),
      appearance: { get: () => look, set: (c) => (look = c) },
      keepDraft: () => {
        steps.push("keep");
        return Promise.resolve(draft);
      },
      reload: () => steps.push("reload"),
      hold: (held) => steps.push(held ? "hold" : "let go"),
    },
  );
  settings.load(info);
});

describe("settings", () => {
  it("shows where the library and the log file are", () => {
    expect($("settings-library").textContent).toBe("Library: /data/library.sqlite3");
    expect($("settings-log").textContent).toBe("Logs: /state/logs");
  });

  it("opens filled in with the stored settings", () => {
    $("settings-toggle").click();
    expect($("settings-panel").hidden).toBe(false);
    expect($<HTMLInputElement>("setting-author").value).toBe("Ada");
    expect($<HTMLInputElement>("setting-title").value).toBe("My blog");
    expect($<HTMLInputElement>("setting-footer").value).toBe("© me");
    $("settings-cancel").click();
    expect($("settings-panel").hidden).toBe(true);
  });

  it("saves, says so, and renders the preview again", async () => {
    $("settings-toggle").click();
    $<HTMLInputElement>("setting-author").value = "Ada Lovelace ";
    $<HTMLFormElement>("settings-panel").requestSubmit();
    await settle();
    expect(saveSettings.calls).toEqual([[{ ...info.site, author: "Ada Lovelace " }]]);
    expect($("settings-panel").hidden).toBe(true);
    expect(notices).toEqual([["Settings saved", undefined]]);
    expect(rerendered).toBe(1);
    // The next opening shows what the core stored.
    $("settings-toggle").click();
    expect($<HTMLInputElement>("setting-author").value).toBe("Ada Lovelace");
  });

  it("opens filled in with the publishing settings", () => {
    settings.load({
      ...info,
      site: { ...info.site, description: "Notes", base_url: "https://example.org/blog/", lang: "fr", per_page: 25, avatar: "assets/me.png", theme: "theme" },
    });
    $("settings-toggle").click();
    expect(input("setting-description").value).toBe("Notes");
    expect(input("setting-base-url").value).toBe("https://example.org/blog/");
    expect(input("setting-lang").value).toBe("fr");
    expect(input("setting-per-page").value).toBe("25");
    expect(input("setting-avatar").value).toBe("assets/me.png");
    expect(input("setting-theme").value).toBe("theme");
  });

  it("sends the publishing settings, posts per page as a number", async () => {
    $("settings-toggle").click();
    input("setting-description").value = "Notes on things";
    input("setting-base-url").value = "https://example.org/blog/";
    input("setting-lang").value = "de";
    input("setting-per-page").value = "20";
    input("setting-avatar").value = "assets/me.png";
    input("setting-theme").value = "my-theme";
    $<HTMLSelectElement>("setting-dialect").value = "hugo";
    $<HTMLFormElement>("settings-panel").requestSubmit();
    await settle();
    expect(saveSettings.calls).toEqual([
      [
        {
          ...info.site,
          description: "Notes on things",
          base_url: "https://example.org/blog/",
          lang: "de",
          per_page: 20,
          avatar: "assets/me.png",
          theme: "my-theme",
          dialect: "hugo",
        },
      ],
    ]);
    expect($("settings-panel").hidden).toBe(true);
  });

  it.each(["", "0", "101", "2.5", "ten"])("refuses %j posts per page without asking the core", async (value) => {
    $("settings-toggle").click();
    input("setting-per-page").value = value;
    $<HTMLFormElement>("settings-panel").requestSubmit();
    await settle();
    expect(saveSettings.calls).toEqual([]);
    expect($("settings-panel").hidden).toBe(false);
    expect(notices).toEqual([["Posts per page must be a whole number from 1 to 100", "error"]]);
  });

  it("keeps the panel open and says what a bad setting should be", async () => {
    const message =
      "The setting base_url is example.org; it should be the address the site is published at, like https://example.org/ or https://example.org/blog/";
    store = () => {
      throw { code: "bad_setting", message };
    };
    $("settings-toggle").click();
    input("setting-base-url").value = "example.org";
    $<HTMLFormElement>("settings-panel").requestSubmit();
    await settle();
    expect(saveSettings.calls[0]?.[0].base_url).toBe("example.org");
    expect($("settings-panel").hidden).toBe(false);
    expect(notices).toEqual([[message, "error"]]);
    expect(rerendered).toBe(0);
    // What was typed is still there to put right.
    expect(input("setting-base-url").value).toBe("example.org");
  });
  it("opens filled in with the reading rates and the image limit, and sends them as numbers", async () => {
    settings.load({ ...info, site: { ...info.site, words_per_minute: 200, cjk_per_minute: 400, image_limit_mb: 8 } });
    $("settings-toggle").click();
    expect(input("setting-words-per-minute").value).toBe("200");
    expect(input("setting-cjk-per-minute").value).toBe("400");
    expect(input("setting-image-limit").value).toBe("8");
    input("setting-words-per-minute").value = "250";
    input("setting-cjk-per-minute").value = " 600 ";
    input("setting-image-limit").value = "50";
    $<HTMLFormElement>("settings-panel").requestSubmit();
    await settle();
    expect(saveSettings.calls[0]?.[0]).toMatchObject({ words_per_minute: 250, cjk_per_minute: 600, image_limit_mb: 50 });
    // The images module reads the limit from what the core stored.
    expect(settings.site()?.image_limit_mb).toBe(50);
  });

  it.each([
    ["setting-words-per-minute", "49", NUMBER_FIELDS.words_per_minute.message],
    ["setting-words-per-minute", "1001", NUMBER_FIELDS.words_per_minute.message],
    ["setting-cjk-per-minute", "2001", NUMBER_FIELDS.cjk_per_minute.message],
    ["setting-cjk-per-minute", "fast", NUMBER_FIELDS.cjk_per_minute.message],
    ["setting-image-limit", "0", NUMBER_FIELDS.image_limit_mb.message],
    ["setting-image-limit", "501", NUMBER_FIELDS.image_limit_mb.message],
    ["setting-image-limit", "1.5", NUMBER_FIELDS.image_limit_mb.message],
  ])("refuses %s = %j without asking the core", async (testid, value, message) => {
    $("settings-toggle").click();
    input(testid).value = value;
    $<HTMLFormElement>("settings-panel").requestSubmit();
    await settle();
    expect(saveSettings.calls).toEqual([]);
    expect(notices).toEqual([[message, "error"]]);
    expect($("settings-panel").hidden).toBe(false);
  });

  it("shows the content folder", () => {
    expect($("settings-folder").textContent).toBe("/blog");
  });

  it("lists the system's dictionaries, the chosen ones ticked, and keeps a new choice", async () => {
    $("settings-toggle").click();
    await settle();
    const boxes = () => Array.from($("spellcheck-languages").querySelectorAll<HTMLInputElement>("input[type=checkbox]"));
    expect(boxes().map((b) => [b.value, b.checked])).toEqual([
      ["de_DE", false],
      ["en_US", true],
    ]);
    expect($("spellcheck-languages").querySelector("legend")?.textContent).toBe("Spell-check languages");
    expect($("spellcheck-languages").textContent).toContain("en_US");
    boxes()[0]!.checked = true;
    $<HTMLFormElement>("settings-panel").requestSubmit();
    await settle();
    expect(chooseSpelling.calls).toEqual([[["de_DE", "en_US"]]]);
    expect(notices).toEqual([["Settings saved", undefined]]);
    // Saved again unchanged: the core is not asked again.
    $("settings-toggle").click();
    await settle();
    $<HTMLFormElement>("settings-panel").requestSubmit();
    await settle();
    expect(chooseSpelling.calls).toHaveLength(1);
  });

  it("says how to get a dictionary when the system has none", async () => {
    spelling = { available: [], chosen: [] };
    $("settings-toggle").click();
    await settle();
    expect($("spellcheck-languages").textContent).toContain(NO_DICTIONARIES);
    $<HTMLFormElement>("settings-panel").requestSubmit();
    await settle();
    expect(chooseSpelling.calls).toEqual([]);
  });

  it("shows and sets the window's look", async () => {
    look = "light";
    $("settings-toggle").click();
    const select = $<HTMLSelectElement>("setting-appearance");
    expect(select.value).toBe("light");
    select.value = "dark";
    $<HTMLFormElement>("settings-panel").requestSubmit();
    await settle();
    expect(look).toBe("dark");
  });

  it("keeps the open post's text, then switches folders and starts the window over", async () => {
    $("choose-folder").click();
    await settle();
    // The editor is held first: nothing typed during the dialog outlives the switch.
    expect(steps).toEqual(["hold", "keep"]);
    expect($<HTMLButtonElement>("choose-folder").disabled).toBe(true);
    chooseFolder.last().resolve(true);
    await settle();
    expect(steps).toEqual(["hold", "keep", "reload"]);
    expect($<HTMLButtonElement>("choose-folder").disabled).toBe(false);
  });

  it("stays when the dialog is cancelled, the text cannot be kept, or the switch fails", async () => {
    $("choose-folder").click();
    await settle();
    chooseFolder.last().resolve(false);
    await settle();
    expect(steps).toEqual(["hold", "keep", "let go"]);

    draft = "failed";
    $("choose-folder").click();
    await settle();
    expect(chooseFolder.calls).toHaveLength(1);

    draft = "kept";
    $("choose-folder").click();
    await settle();
    chooseFolder.last().reject({ code: "library_open", message: "The library is in use" });
    await settle();
    expect(notices).toEqual([["The library is in use", "error"]]);
    expect(steps).not.toContain("reload");
  });
});

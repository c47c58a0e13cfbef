// @vitest-environment happy-dom
// The settings panel.
import { beforeEach, describe, expect, it } from "vitest";
import type { AppInfo, Site } from "../src/api";
import { createSettings, type Settings } from "../src/settings";
import { answering, settle, site } from "./fakes";
import { byTestId as $ } from "./fakes";


const info: AppInfo = {
  folder: "/blog",
  library: "/data/library.sqlite3",
  log: "/state/logs",
  site: site(),
  last_post: null,
};

let saveSettings: ReturnType<typeof answering<[Site], Site>>;
let notices: [string, string | undefined][];
let rerendered: number;
let settings: Settings;
/** What the core answers a save with; a test that wants a refusal throws. */
let store: (site: Site) => Site;

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
      <p><span data-testid="settings-library"></span><span data-testid="settings-log"></span></p>
      <button type="submit" data-testid="settings-save"></button>
      <button type="button" data-testid="settings-cancel"></button>
    </form>`;
  store = (site) => ({ ...site, author: site.author.trim() });
  saveSettings = answering((site: Site) => store(site));
  notices = [];
  rerendered = 0;
  settings = createSettings(
    {
      form: $<HTMLFormElement>("settings-panel"),
      toggle: $("settings-toggle"),
      cancel: $("settings-cancel"),
      library: $("settings-library"),
      log: $("settings-log"),
    },
    { api: { saveSettings }, saved: () => rerendered++, say: (m, k) => notices.push([m, k]) },
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
});

// @vitest-environment happy-dom
// The settings panel.
import { beforeEach, describe, expect, it } from "vitest";
import type { AppInfo, Site } from "../src/api";
import { createSettings } from "../src/settings";
import { answering, settle } from "./fakes";

const $ = <T extends HTMLElement = HTMLElement>(testid: string) =>
  document.querySelector<T>(`[data-testid="${testid}"]`)!;

const info: AppInfo = {
  folder: "/blog",
  library: "/data/library.sqlite3",
  log: "/state/logs",
  site: { title: "My blog", footer: "© me", author: "Ada", lang: "en" },
  last_post: null,
};

let saveSettings: ReturnType<typeof answering<[Site], Site>>;
let notices: [string, string | undefined][];
let rerendered: number;

beforeEach(() => {
  document.body.innerHTML = `
    <button data-testid="settings-toggle"></button>
    <form data-testid="settings-panel" hidden>
      <input name="author" data-testid="setting-author" />
      <input name="title" data-testid="setting-title" />
      <input name="footer" data-testid="setting-footer" />
      <p><span data-testid="settings-library"></span><span data-testid="settings-log"></span></p>
      <button type="submit" data-testid="settings-save"></button>
      <button type="button" data-testid="settings-cancel"></button>
    </form>`;
  saveSettings = answering((site: Site) => ({ ...site, author: site.author.trim() }));
  notices = [];
  rerendered = 0;
  const settings = createSettings(
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
});

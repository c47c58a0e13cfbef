// @vitest-environment happy-dom
// The publish targets in the Settings panel as main.ts wires them, on the real index.html:
// read when the panel opens, and after a save the Publish panel's chooser is the new list.
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { PostRow, Target } from "../src/api";
import { appInfo, byTestId as $, settle } from "./fakes";
import { fakeCore, fakeEvent, fakeShell, showPage } from "./shell";

const shell = fakeShell();
const { calls, handlers } = shell;
vi.mock("@tauri-apps/api/core", () => fakeCore(shell));
vi.mock("@tauri-apps/api/event", () => fakeEvent(shell));

const git = (name: string): Target => ({
  name,
  kind: { type: "git", url: `git@github.com:ada/${name}.git`, branch: "gh-pages", domain: null, replace_history: false },
  export: null,
});

/** quire.toml's targets, as the fake core keeps them. */
let stored: Target[] = [git("pages"), git("site")];

const chooser = () => Array.from($<HTMLSelectElement>("publish-target").options, (o) => o.value);

beforeAll(async () => {
  showPage();
  handlers.app_info = () => appInfo();
  handlers.list_posts = (): PostRow[] => [];
  handlers.list_tags = () => [];
  handlers.spell_check = () => ({ available: [], chosen: [] });
  handlers.publish_targets = () => stored;
  handlers.save_publish_target = (args) => {
    const t = args.target as Target;
    stored = [...stored.filter((s) => s.name !== t.name), t];
    return stored;
  };
  handlers.remove_publish_target = (args) => (stored = stored.filter((s) => s.name !== args.name));
  await import("../src/main");
  await settle();
});

describe("the publish targets in Settings", () => {
  it("are read as the panel opens, and a save changes what Publish offers", async () => {
    $("publish").click();
    await settle();
    expect(chooser()).toEqual(["pages", "site"]);

    $("settings-toggle").click();
    await settle();
    expect(calls.filter((c) => c.cmd === "publish_targets")).toHaveLength(2);
    const section = $("publish-targets");
    const forms = () => [...section.querySelectorAll<HTMLElement>("[data-testid=publish-target-form]")];
    expect(forms().map((f) => f.dataset.name)).toEqual(["pages", "site"]);
    expect(section.textContent).toContain("QUIRE_PUBLISH_TOKEN");

    $("target-add").click();
    const form = forms()[2]!;
    const select = form.querySelector<HTMLSelectElement>("[data-testid=target-type]")!;
    select.value = "folder";
    select.dispatchEvent(new Event("change"));
    form.querySelector<HTMLInputElement>("[data-testid=target-name]")!.value = "copy";
    form.querySelector<HTMLInputElement>("[data-testid=target-dir]")!.value = "/srv/www/blog";
    form.querySelector<HTMLButtonElement>("[data-testid=target-save]")!.click();
    await settle();
    expect(calls.find((c) => c.cmd === "save_publish_target")?.args).toEqual({
      target: { name: "copy", kind: { type: "folder", dir: "/srv/www/blog" }, export: null },
    });
    expect(form.dataset.name).toBe("copy");
    // The chooser it showed is out of date: the panel closes, to read them again.
    expect($("publish-panel").hidden).toBe(true);
    expect($("settings-panel").hidden).toBe(false);

    $("settings-cancel").click();
    $("publish").click();
    await settle();
    expect(chooser()).toEqual(["pages", "site", "copy"]);
  });
});

// @vitest-environment happy-dom
// The publish targets in Settings: a form per target of quire.toml, saved, refused (what was
// typed kept, the reason beside it), renamed, removed after a yes, added.
import { beforeEach, describe, expect, it } from "vitest";
import type { Target } from "../src/api";
import { createPublishTargets, read, type PublishTargets } from "../src/publishtargets";
import { byTestId as $, fakeCommand, settle, type FakeCommand } from "./fakes";

let publishTargets: FakeCommand<[], Target[]>;
let savePublishTarget: FakeCommand<[Target], Target[]>;
let removePublishTarget: FakeCommand<[string], Target[]>;
let notices: [string, string | undefined][];
let changes: Target[][];
let targets: PublishTargets;

const git = (name: string, url = `git@github.com:ada/${name}.git`, over: Partial<Target> = {}): Target => ({
  name,
  kind: { type: "git", url, branch: "gh-pages", domain: null, replace_history: false },
  export: null,
  ...over,
});
const ssh = (name: string, destination: string): Target => ({
  name, kind: { type: "ssh", destination }, export: null,
});

const forms = () => [...document.querySelectorAll<HTMLElement>('[data-testid="publish-target-form"]')];
const formOf = (name: string) => {
  const f = forms().find((e) => e.dataset.name === name);
  if (!f) throw new Error(`no form for ${name}`);
  return f;
};
const inForm = <T extends HTMLElement = HTMLInputElement>(form: HTMLElement, testid: string): T => {
  const e = form.querySelector<T>(`[data-testid="${testid}"]`);
  if (!e) throw new Error(`missing ${testid}`);
  return e;
};
const type = (form: HTMLElement, testid: string, value: string) => {
  const input = inForm(form, testid);
  input.value = value;
  input.dispatchEvent(new Event("input", { bubbles: true }));
};
const choose = (form: HTMLElement, kind: string) => {
  const select = inForm<HTMLSelectElement>(form, "target-type");
  select.value = kind;
  select.dispatchEvent(new Event("change", { bubbles: true }));
};
const click = (form: HTMLElement, testid: string) => inForm<HTMLButtonElement>(form, testid).click();
const shown = (form: HTMLElement, testid: string) => !inForm(form, testid).closest("[hidden]");

/** Opens the section on these targets, as the settings panel does when it opens. */
async function open(list: Target[]): Promise<void> {
  const done = targets.refresh();
  publishTargets.last().resolve(list);
  await done;
}

beforeEach(() => {
  document.body.innerHTML = `
    <form data-testid="settings-panel">
      <section data-testid="publish-targets">
        <p data-testid="publish-targets-empty">No target yet.</p>
        <p data-testid="publish-targets-problem" hidden></p>
        <div data-testid="publish-target-list"></div>
        <button type="button" data-testid="target-add">Add a target</button>
      </section>
    </form>`;
  publishTargets = fakeCommand();
  savePublishTarget = fakeCommand();
  removePublishTarget = fakeCommand();
  notices = [];
  changes = [];
  targets = createPublishTargets(
    {
      list: $("publish-target-list"),
      add: $<HTMLButtonElement>("target-add"),
      empty: $("publish-targets-empty"),
      problem: $("publish-targets-problem"),
    },
    {
      api: { publishTargets, savePublishTarget, removePublishTarget },
      say: (text, kind) => notices.push([text, kind]),
      changed: (t) => changes.push(t),
    },
  );
});

describe("the targets of quire.toml", () => {
  it("shows each target as a form with the fields of its kind", async () => {
    await open([git("pages", "file:///srv/site.git", { kind: { type: "git", url: "file:///srv/site.git", branch: "main", domain: "blog.example.org", replace_history: false } }), ssh("server", "ada@host:/var/www")]);
    expect(forms().map((f) => f.dataset.name)).toEqual(["pages", "server"]);
    expect($("publish-targets-empty").hidden).toBe(true);
    const pages = formOf("pages");
    expect(inForm(pages, "target-name").value).toBe("pages");
    expect(inForm<HTMLSelectElement>(pages, "target-type").value).toBe("git");
    expect(inForm(pages, "target-url").value).toBe("file:///srv/site.git");
    expect(inForm(pages, "target-branch").value).toBe("main");
    expect(inForm(pages, "target-branch").placeholder).toBe("gh-pages");
    expect(inForm(pages, "target-domain").value).toBe("blog.example.org");
    expect(shown(pages, "target-url")).toBe(true);
    expect(shown(pages, "target-destination")).toBe(false);
    expect(shown(pages, "target-dir")).toBe(false);
    const server = formOf("server");
    expect(inForm<HTMLSelectElement>(server, "target-type").value).toBe("ssh");
    expect(inForm(server, "target-destination").value).toBe("ada@host:/var/www");
    expect(inForm(server, "target-destination").placeholder).toBe("[USER@]HOST:PATH");
    expect(shown(server, "target-destination")).toBe(true);
    expect(shown(server, "target-url")).toBe(false);
    expect(inForm(server, "target-remove").textContent).toBe("Remove");
  });

  it("says there is none, or why quire.toml could not be read", async () => {
    await open([]);
    expect($("publish-targets-empty").hidden).toBe(false);
    expect(forms()).toEqual([]);
    const done = targets.refresh();
    publishTargets.last().reject({ code: "publish_target", message: "publish target \"quire.toml\": it does not parse" });
    await done;
    expect($("publish-targets-problem").hidden).toBe(false);
    expect($("publish-targets-problem").textContent).toContain("it does not parse");
  });

  it("saves a form: the target as typed, the branch's default when none is typed", async () => {
    await open([git("pages", "file:///old.git")]);
    const pages = formOf("pages");
    type(pages, "target-url", "  file:///srv/new.git ");
    type(pages, "target-domain", "blog.example.org");
    click(pages, "target-save");
    expect(savePublishTarget.calls).toHaveLength(1);
    expect(savePublishTarget.last().args[0]).toEqual({
      name: "pages",
      kind: { type: "git", url: "file:///srv/new.git", branch: "gh-pages", domain: "blog.example.org", replace_history: false },
      export: null,
    });
    expect(inForm<HTMLButtonElement>(pages, "target-save").disabled).toBe(true);
    const now = [git("pages", "file:///srv/new.git")];
    savePublishTarget.last().resolve(now);
    await settle();
    expect(changes).toEqual([now]);
    expect(notices).toEqual([["Publish target pages saved in quire.toml", undefined]]);
    expect(inForm<HTMLButtonElement>(pages, "target-save").disabled).toBe(false);
    expect(shown(pages, "target-error")).toBe(false);
  });

  it("keeps what the form does not show: the export folder, replacing the branch's history", async () => {
    const saved: Target = {
      name: "pages",
      kind: { type: "git", url: "file:///a.git", branch: "site", domain: null, replace_history: true },
      export: "/home/ada/site-out",
    };
    await open([saved]);
    expect(read(formOf("pages"), saved)).toEqual(saved);
  });

  it("keeps what was typed when the save is refused, and shows why beside the form", async () => {
    await open([]);
    $("target-add").click();
    const form = forms()[0]!;
    type(form, "target-name", "two words");
    type(form, "target-url", "https://ada:secret@example.org/blog.git");
    click(form, "target-save");
    const message = "publish target \"two words\": a target's name is letters, digits, - and _ (like pages or my-server)";
    savePublishTarget.last().reject({ code: "publish_target", message });
    await settle();
    expect(shown(form, "target-error")).toBe(true);
    expect(inForm(form, "target-error").textContent).toBe(message);
    expect(inForm(form, "target-name").value).toBe("two words");
    expect(inForm(form, "target-url").value).toBe("https://ada:secret@example.org/blog.git");
    expect(forms()).toEqual([form]);
    expect(changes).toEqual([]);
    // Put right and saved: the message goes.
    type(form, "target-name", "pages");
    type(form, "target-url", "https://example.org/blog.git");
    click(form, "target-save");
    savePublishTarget.last().resolve([git("pages", "https://example.org/blog.git")]);
    await settle();
    expect(shown(form, "target-error")).toBe(false);
    expect(form.dataset.name).toBe("pages");
  });

  it("adds an empty git form, and saves an SSH target from it", async () => {
    await open([]);
    $("target-add").click();
    expect(forms()).toHaveLength(1);
    expect($("publish-targets-empty").hidden).toBe(true);
    const form = forms()[0]!;
    expect(form.dataset.name).toBe("");
    expect(inForm(form, "target-name").value).toBe("");
    expect(inForm<HTMLSelectElement>(form, "target-type").value).toBe("git");
    expect(document.activeElement).toBe(inForm(form, "target-name"));
    expect(inForm(form, "target-remove").textContent).toBe("Discard");
    type(form, "target-name", "server");
    choose(form, "ssh");
    expect(shown(form, "target-destination")).toBe(true);
    expect(shown(form, "target-url")).toBe(false);
    type(form, "target-destination", "ada@example.org:/var/www/blog");
    click(form, "target-save");
    expect(savePublishTarget.last().args[0]).toEqual(ssh("server", "ada@example.org:/var/www/blog"));
    savePublishTarget.last().resolve([ssh("server", "ada@example.org:/var/www/blog")]);
    await settle();
    expect(form.dataset.name).toBe("server");
    expect(inForm(form, "target-remove").textContent).toBe("Remove");
  });

  it("saves on Enter in a field, without submitting the settings", async () => {
    await open([git("pages")]);
    let submitted = 0;
    $("settings-panel").addEventListener("submit", () => submitted++);
    const input = inForm(formOf("pages"), "target-url");
    const ev = new KeyboardEvent("keydown", { key: "Enter", bubbles: true, cancelable: true });
    input.dispatchEvent(ev);
    expect(ev.defaultPrevented).toBe(true);
    expect(savePublishTarget.calls).toHaveLength(1);
    expect(submitted).toBe(0);
  });

  it("renames a target: saved under the new name, then the old one removed", async () => {
    await open([git("pages")]);
    const form = formOf("pages");
    type(form, "target-name", "site");
    click(form, "target-save");
    expect(savePublishTarget.last().args[0].name).toBe("site");
    savePublishTarget.last().resolve([git("pages"), git("site")]);
    await settle();
    expect(removePublishTarget.last().args).toEqual(["pages"]);
    removePublishTarget.last().resolve([git("site")]);
    await settle();
    expect(form.dataset.name).toBe("site");
    expect(changes).toEqual([[git("site")]]);
  });

  it("does not save over another form's target", async () => {
    await open([git("pages"), git("site")]);
    const form = formOf("site");
    type(form, "target-name", "pages");
    click(form, "target-save");
    expect(savePublishTarget.calls).toHaveLength(0);
    expect(inForm(form, "target-error").textContent).toContain("Another target is already named pages");
  });

  it("removes a target only after the yes in the form", async () => {
    await open([git("pages"), ssh("server", "ada@host:/var/www")]);
    const form = formOf("pages");
    click(form, "target-remove");
    expect(removePublishTarget.calls).toHaveLength(0);
    expect(shown(form, "target-remove-line")).toBe(true);
    expect(inForm(form, "target-remove-line").textContent).toContain("Remove pages from quire.toml?");
    // "Keep": nothing removed.
    click(form, "target-remove-cancel");
    expect(shown(form, "target-remove-line")).toBe(false);
    expect(shown(form, "target-remove")).toBe(true);
    expect(removePublishTarget.calls).toHaveLength(0);

    click(form, "target-remove");
    click(form, "target-remove-confirm");
    expect(removePublishTarget.last().args).toEqual(["pages"]);
    const left = [ssh("server", "ada@host:/var/www")];
    removePublishTarget.last().resolve(left);
    await settle();
    expect(forms().map((f) => f.dataset.name)).toEqual(["server"]);
    expect(changes).toEqual([left]);
    expect(notices).toEqual([["Publish target pages removed from quire.toml", undefined]]);
  });

  it("keeps the form when the removal fails, with the reason", async () => {
    await open([git("pages")]);
    const form = formOf("pages");
    click(form, "target-remove");
    click(form, "target-remove-confirm");
    removePublishTarget.last().reject({ code: "io", message: "could not write quire.toml: read-only file system" });
    await settle();
    expect(forms()).toEqual([form]);
    expect(inForm(form, "target-error").textContent).toBe("could not write quire.toml: read-only file system");
    expect(shown(form, "target-remove-line")).toBe(false);
    expect(changes).toEqual([]);
  });

  it("discards a form not saved yet at once: nothing is in quire.toml", async () => {
    await open([]);
    $("target-add").click();
    click(forms()[0]!, "target-remove");
    expect(forms()).toEqual([]);
    expect(removePublishTarget.calls).toHaveLength(0);
    expect($("publish-targets-empty").hidden).toBe(false);
  });

  it("drops a late answer to an older read", async () => {
    const first = targets.refresh();
    const second = targets.refresh();
    publishTargets.calls[1]!.resolve([git("new")]);
    await second;
    publishTargets.calls[0]!.resolve([git("old")]);
    await first;
    expect(forms().map((f) => f.dataset.name)).toEqual(["new"]);
  });
});

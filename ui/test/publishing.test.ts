// @vitest-environment happy-dom
// Publishing the site: the targets of quire.toml, the plan, the progress, the summary, the
// confirmation of a plan that deletes much of the site, cancel and the errors; and the
// list's "changed since publish" filter and mark.
import { beforeEach, describe, expect, it } from "vitest";
import type { Plan, Published, PublishOutcome, PublishProgress, Target } from "../src/api";
import { filterPosts } from "../src/library";
import {
  CANCELLED_TEXT,
  createPublishing,
  NO_KEYRING_TEXT,
  planText,
  publishedText,
  takesToken,
  TOKEN_KEPT_TEXT,
  type Publishing,
} from "../src/publishing";
import { byTestId as $, fakeCommand, row, settle, type FakeCommand } from "./fakes";
import { listOf } from "./lists";

let publishTargets: FakeCommand<[], Target[]>;
let publish: FakeCommand<[string | null, boolean, (p: PublishProgress) => void, (string | null)?], PublishOutcome>;
let rememberPublishToken: FakeCommand<[string, string], null>;
let cancelPublish: FakeCommand<[], null>;
let openSite: FakeCommand<[], null>;
let notices: [string, string | undefined][];
let publishedCalls: number;
let publishing: Publishing;

const git = (name: string, url = `git@github.com:ada/${name}.git`): Target => ({
  name,
  kind: { type: "git", url, branch: "gh-pages", domain: null, replace_history: false },
  export: null,
});

const plan = (over: Partial<Plan> = {}): Plan => ({
  target: "pages",
  destination: "gh-pages of git@github.com:ada/pages.git",
  upload: 12,
  delete: 1,
  unchanged: 30,
  confirm: false,
  address: null,
  ...over,
});

const sent = (over: Partial<Published> = {}): Published => ({
  target: "pages",
  destination: "gh-pages of git@github.com:ada/pages.git",
  uploaded: 12,
  deleted: 1,
  unchanged: 30,
  millis: 2345,
  address: "https://ada.example.org/",
  commit: "abc123",
  ...over,
});

beforeEach(() => {
  document.body.innerHTML = `
    <button data-testid="publish"></button>
    <div data-testid="publish-panel" hidden>
      <div data-testid="publish-chooser" hidden>
        <select data-testid="publish-target"></select>
        <button type="button" data-testid="publish-start">Publish</button>
      </div>
      <div data-testid="publish-help" hidden>[publish.pages]</div>
      <p data-testid="publish-plan" hidden></p>
      <progress data-testid="publish-progress" hidden></progress>
      <p data-testid="publish-summary"></p>
      <button type="button" data-testid="publish-confirm" hidden></button>
      <button type="button" data-testid="publish-cancel">Close</button>
      <button type="button" data-testid="publish-open" hidden></button>
      <div data-testid="publish-token" hidden>
        <span data-testid="publish-token-label"></span>
        <input type="password" data-testid="publish-token-input">
        <input type="checkbox" data-testid="publish-token-remember" checked>
        <button type="button" data-testid="publish-token-send"></button>
      </div>
      <p data-testid="publish-token-note" hidden></p>
    </div>`;
  publishTargets = fakeCommand();
  publish = fakeCommand();
  cancelPublish = fakeCommand();
  openSite = fakeCommand();
  rememberPublishToken = fakeCommand();
  notices = [];
  publishedCalls = 0;
  publishing = createPublishing(
    {
      open: $("publish"),
      panel: $("publish-panel"),
      chooser: $("publish-chooser"),
      target: $<HTMLSelectElement>("publish-target"),
      start: $<HTMLButtonElement>("publish-start"),
      help: $("publish-help"),
      plan: $("publish-plan"),
      progress: $<HTMLProgressElement>("publish-progress"),
      summary: $("publish-summary"),
      confirm: $<HTMLButtonElement>("publish-confirm"),
      cancel: $<HTMLButtonElement>("publish-cancel"),
      openSite: $<HTMLButtonElement>("publish-open"),
      token: $("publish-token"),
      tokenLabel: $("publish-token-label"),
      tokenInput: $<HTMLInputElement>("publish-token-input"),
      tokenRemember: $<HTMLInputElement>("publish-token-remember"),
      tokenSend: $<HTMLButtonElement>("publish-token-send"),
      tokenNote: $("publish-token-note"),
    },
    {
      api: { publishTargets, publish, cancelPublish, openSite, rememberPublishToken },
      say: (m, k) => notices.push([m, k]),
      published: () => publishedCalls++,
    },
  );
});

const panel = () => $("publish-panel");
const progress = () => $<HTMLProgressElement>("publish-progress");
const summary = () => $("publish-summary");
const planLine = () => $("publish-plan");
const cancel = () => $<HTMLButtonElement>("publish-cancel");
const confirmButton = () => $<HTMLButtonElement>("publish-confirm");

/** Clicks Publish with quire.toml holding `targets`. */
async function start(targets: Target[] = [git("pages")]): Promise<void> {
  $("publish").click();
  publishTargets.last().resolve(targets);
  await settle();
}

describe("publishing to the only target", () => {
  it("shows the plan, the steps on the bar, then the summary with the address", async () => {
    await start();
    expect(panel().hidden).toBe(false);
    expect(publishing.running()).toBe(true);
    expect(publish.last().args.slice(0, 2)).toEqual(["pages", false]);
    expect(progress().hidden).toBe(false);
    expect(progress().hasAttribute("value")).toBe(false);
    expect(cancel().textContent).toBe("Cancel");
    expect(planLine().hidden).toBe(true);

    const onProgress = publish.last().args[2];
    onProgress({ kind: "step", step: { step: "exporting", done: 3, total: 40 } });
    expect(summary().textContent).toBe("Exporting the site: 3 of 40");
    expect(progress().value).toBe(3);
    expect(progress().max).toBe(40);
    onProgress({ kind: "step", step: { step: "comparing" } });
    expect(summary().textContent).toBe("Comparing with the target…");
    expect(progress().hasAttribute("value")).toBe(false);
    onProgress({ kind: "plan", plan: plan() });
    expect(planLine().hidden).toBe(false);
    expect(planLine().textContent).toBe(
      "12 files to upload, 1 to delete, 30 unchanged — to gh-pages of git@github.com:ada/pages.git",
    );
    onProgress({ kind: "step", step: { step: "sending", done: 5, total: 12 } });
    expect(summary().textContent).toBe("Sending files: 5 of 12");
    expect(progress().value).toBe(5);
    onProgress({ kind: "step", step: { step: "deleting" } });
    expect(summary().textContent).toBe("Deleting files the site no longer has…");

    publish.last().resolve({ outcome: "published", published: sent() });
    await settle();
    expect(publishing.running()).toBe(false);
    expect(summary().textContent).toBe(
      "Published to pages (gh-pages of git@github.com:ada/pages.git): 12 files sent, 1 deleted, 30 unchanged " +
        "in 2.35 s. Readers open https://ada.example.org/",
    );
    expect(summary().classList.contains("error")).toBe(false);
    expect(progress().value).toBe(progress().max);
    expect(planLine().textContent).toContain("12 files to upload");
    expect(notices).toEqual([["Published to pages", undefined]]);
    expect(publishedCalls).toBe(1);
    // The address readers open, one click away.
    expect($("publish-open").hidden).toBe(false);
    expect($("publish-open").textContent).toBe("Open https://ada.example.org/");
    $("publish-open").click();
    expect(openSite.calls).toHaveLength(1);
    expect(cancel().textContent).toBe("Close");
    cancel().click();
    expect(panel().hidden).toBe(true);
    expect(cancelPublish.calls).toHaveLength(0);
  });

  it("says so when nothing changed since the last publish", async () => {
    await start();
    publish.last().resolve({
      outcome: "published",
      published: sent({ uploaded: 0, deleted: 0, unchanged: 42, millis: 800, address: null, commit: null }),
    });
    await settle();
    expect(summary().textContent).toBe(
      "Nothing changed since the last publish to pages (gh-pages of git@github.com:ada/pages.git): " +
        "42 files in place, checked in 0.80 s",
    );
    expect(notices).toEqual([["Nothing changed since the last publish to pages", undefined]]);
    // No base URL set: no address to open.
    expect($("publish-open").hidden).toBe(true);
  });

  it("ignores progress that comes in after the answer", async () => {
    await start();
    const onProgress = publish.last().args[2];
    publish.last().resolve({ outcome: "published", published: sent() });
    await settle();
    const done = summary().textContent;
    onProgress({ kind: "step", step: { step: "sending", done: 1, total: 12 } });
    onProgress({ kind: "plan", plan: plan({ upload: 99 }) });
    expect(summary().textContent).toBe(done);
    expect(planLine().textContent).not.toContain("99");
  });

  it("starts no second publish while one runs, and shows the panel again", async () => {
    await start();
    $("publish").click();
    await settle();
    expect(publishTargets.calls).toHaveLength(1);
    expect(publish.calls).toHaveLength(1);
    publish.last().resolve({ outcome: "published", published: sent() });
    await settle();
    cancel().click();
    await start();
    expect(publish.calls).toHaveLength(2);
    // The last summary is gone: the new publish's own text shows.
    expect(summary().textContent).toBe("Publishing to pages…");
    expect(planLine().hidden).toBe(true);
  });
});

describe("a plan that deletes much of the site", () => {
  it("waits for the author's yes, then publishes with it", async () => {
    await start();
    const big = plan({ upload: 0, delete: 40, unchanged: 10, confirm: true });
    publish.last().args[2]({ kind: "plan", plan: big });
    publish.last().resolve({ outcome: "confirm", plan: big });
    await settle();
    expect(publishing.running()).toBe(true);
    expect(progress().hidden).toBe(true);
    expect(planLine().textContent).toBe(
      "0 files to upload, 40 to delete, 10 unchanged — to gh-pages of git@github.com:ada/pages.git",
    );
    expect(confirmButton().hidden).toBe(false);
    expect(confirmButton().textContent).toBe("Delete 40 files and publish");
    expect(summary().textContent).toBe("This publish would delete 40 files from pages, much of the site. Nothing was sent yet.");
    expect(cancel().textContent).toBe("Cancel");
    expect(publishedCalls).toBe(0);

    confirmButton().click();
    await settle();
    expect(publish.calls).toHaveLength(2);
    expect(publish.last().args.slice(0, 2)).toEqual(["pages", true]);
    expect(confirmButton().hidden).toBe(true);
    publish.last().resolve({ outcome: "published", published: sent({ uploaded: 0, deleted: 40, unchanged: 10 }) });
    await settle();
    expect(summary().textContent).toContain("Published to pages");
    expect(summary().textContent).toContain("0 files sent, 40 deleted, 10 unchanged");
  });

  it("a no closes the panel and sends nothing", async () => {
    await start();
    publish.last().resolve({ outcome: "confirm", plan: plan({ delete: 300, confirm: true }) });
    await settle();
    cancel().click();
    await settle();
    expect(panel().hidden).toBe(true);
    expect(publishing.running()).toBe(false);
    expect(cancelPublish.calls).toHaveLength(0);
    expect(publish.calls).toHaveLength(1);
    expect(confirmButton().hidden).toBe(true);
  });
});

describe("cancel", () => {
  it("waits for the publish to stop, then says the target is whole", async () => {
    await start();
    const onProgress = publish.last().args[2];
    cancel().click();
    expect(cancelPublish.calls).toHaveLength(1);
    expect(summary().textContent).toBe("Cancelling…");
    expect(cancel().disabled).toBe(true);
    onProgress({ kind: "step", step: { step: "sending", done: 2, total: 12 } });
    expect(summary().textContent).toBe("Cancelling…");
    cancel().click();
    expect(cancelPublish.calls).toHaveLength(1);

    cancelPublish.last().resolve(null);
    publish.last().reject({ code: "cancelled", message: "the publish was cancelled" });
    await settle();
    expect(summary().textContent).toBe(CANCELLED_TEXT);
    expect(summary().classList.contains("error")).toBe(false);
    expect(notices).toEqual([]);
    expect(cancel().disabled).toBe(false);
    expect(cancel().textContent).toBe("Close");
    expect(publishing.running()).toBe(false);
  });
});

describe("errors", () => {
  it.each([
    ["unreachable", "cannot reach gh-pages of git@github.com:ada/pages.git: Could not resolve host"],
    ["auth_refused", "gh-pages of git@github.com:ada/pages.git refused the credentials: Permission denied"],
    ["branch_moved", "the branch gh-pages of pages keeps moving: nothing was overwritten"],
    ["missing_tool", "publishing to pages needs `git`, which is not installed: install the git package"],
    ["remote_failed", "pages failed: pre-receive hook declined"],
  ])("%s: shows the message in the panel and the status line", async (code, message) => {
    await start();
    publish.last().reject({ code, message });
    await settle();
    expect(panel().hidden).toBe(false);
    expect(summary().textContent).toBe(message);
    expect(summary().classList.contains("error")).toBe(true);
    expect(progress().hidden).toBe(true);
    expect($("publish-help").hidden).toBe(true);
    expect(notices).toEqual([[message, "error"]]);
    expect(cancel().textContent).toBe("Close");
    expect(publishing.running()).toBe(false);
  });

  it("clears an earlier error when it starts again", async () => {
    await start();
    publish.last().reject({ code: "unreachable", message: "cannot reach" });
    await settle();
    cancel().click();
    await start();
    expect(summary().textContent).toBe("Publishing to pages…");
    expect(summary().classList.contains("error")).toBe(false);
  });
});

describe("a token for an https remote", () => {
  const https = git("pages", "https://codeberg.org/ada/pages.git");
  const refused = { code: "auth_refused", message: "pages refused the credentials: Authentication failed" };

  async function refusedThenTyped(token: string): Promise<void> {
    await start([https]);
    publish.last().reject(refused);
    await settle();
    expect($("publish-token").hidden).toBe(false);
    expect($("publish-token-label").textContent).toContain("https://codeberg.org/ada/pages.git");
    $<HTMLInputElement>("publish-token-input").value = token;
    $<HTMLButtonElement>("publish-token-send").click();
    await settle();
  }

  it("is asked for when the remote refuses, sent with the publish, and kept once it worked", async () => {
    await refusedThenTyped("  tok-123 ");
    expect(publish.calls.length).toBe(2);
    expect(publish.last().args[3]).toBe("tok-123");
    expect($("publish-token").hidden).toBe(true);
    expect($<HTMLInputElement>("publish-token-input").value).toBe("");
    expect(rememberPublishToken.calls.length).toBe(0);
    publish.last().resolve({ outcome: "published", published: sent() });
    await settle();
    expect(rememberPublishToken.last().args).toEqual(["pages", "tok-123"]);
    rememberPublishToken.last().resolve(null);
    await settle();
    expect($("publish-token-note").textContent).toBe(TOKEN_KEPT_TEXT);
    expect($("publish-token-note").hidden).toBe(false);
  });

  it("says Quire will ask each time when there is no keyring", async () => {
    await refusedThenTyped("tok-123");
    publish.last().resolve({ outcome: "published", published: sent() });
    await settle();
    rememberPublishToken.last().reject({ code: "no_keyring", message: "no Secret Service answers" });
    await settle();
    expect($("publish-token-note").textContent).toBe(NO_KEYRING_TEXT);
  });

  it("is not kept when the remote refuses it too, nor when the author says not to", async () => {
    await refusedThenTyped("wrong");
    publish.last().reject(refused);
    await settle();
    expect(rememberPublishToken.calls.length).toBe(0);
    expect($("publish-token").hidden).toBe(false);
    $<HTMLInputElement>("publish-token-remember").checked = false;
    $<HTMLInputElement>("publish-token-input").value = "right";
    $<HTMLButtonElement>("publish-token-send").click();
    await settle();
    publish.last().resolve({ outcome: "published", published: sent() });
    await settle();
    expect(rememberPublishToken.calls.length).toBe(0);
  });

  it("goes with the yes to a plan that deletes much of the site", async () => {
    await refusedThenTyped("tok-123");
    publish.last().resolve({ outcome: "confirm", plan: plan({ confirm: true, delete: 300 }) });
    await settle();
    confirmButton().click();
    await settle();
    expect(publish.last().args[1]).toBe(true);
    expect(publish.last().args[3]).toBe("tok-123");
  });

  it("goes over https or to this machine only, never to a host hidden behind credentials", () => {
    expect(takesToken(git("pages", "https://codeberg.org/ada/pages.git"))).toBe(true);
    expect(takesToken(git("pages", "http://127.0.0.1:8080/site.git"))).toBe(true);
    expect(takesToken(git("pages", "http://example.org/site.git"))).toBe(false);
    expect(takesToken(git("pages", "http://localhost:x@evil.example/site.git"))).toBe(false);
    expect(takesToken(git("pages", "http://localhost.evil.example/site.git"))).toBe(false);
  });

  it("is never asked for an ssh remote, which goes by the author's keys", async () => {
    await start([git("pages")]);
    publish.last().reject(refused);
    await settle();
    expect($("publish-token").hidden).toBe(true);
  });
});

describe("targets", () => {
  it("with none set, explains how to add one to quire.toml and publishes nothing", async () => {
    await start([]);
    expect(panel().hidden).toBe(false);
    expect($("publish-help").hidden).toBe(false);
    expect(summary().textContent).toBe("No publish target is set yet.");
    expect(publish.calls).toHaveLength(0);
    expect(publishing.running()).toBe(false);
    expect(cancel().textContent).toBe("Close");
  });

  it("with quire.toml badly written, shows why beside how to write it", async () => {
    $("publish").click();
    const message = 'publish target "pages": `git` must be a string';
    publishTargets.last().reject({ code: "publish_target", message });
    await settle();
    expect($("publish-help").hidden).toBe(false);
    expect(summary().textContent).toBe(message);
    expect(summary().classList.contains("error")).toBe(true);
    expect(notices).toEqual([[message, "error"]]);
    expect(publish.calls).toHaveLength(0);
  });

  it("with several, asks which one and publishes there", async () => {
    await start([git("pages"), { name: "server", kind: { type: "ssh", destination: "ada@example.org:/srv/www" }, export: null }]);
    expect(publish.calls).toHaveLength(0);
    expect($("publish-chooser").hidden).toBe(false);
    const select = $<HTMLSelectElement>("publish-target");
    expect(Array.from(select.options).map((o) => o.textContent)).toEqual([
      "pages — gh-pages of git@github.com:ada/pages.git",
      "server — ada@example.org:/srv/www",
    ]);
    select.value = "server";
    $("publish-start").click();
    await settle();
    expect(publish.last().args.slice(0, 2)).toEqual(["server", false]);
    expect($("publish-chooser").hidden).toBe(true);
    publish.last().resolve({ outcome: "published", published: sent({ target: "server" }) });
    await settle();
    cancel().click();
    // The next time, the last choice stays chosen.
    await start([git("pages"), { name: "server", kind: { type: "folder", dir: "/srv/www" }, export: null }]);
    expect(select.value).toBe("server");
  });
});

describe("the texts", () => {
  it("counts one file in the singular", () => {
    expect(planText(plan({ upload: 1, delete: 0, unchanged: 1, destination: "/srv/www" }))).toBe(
      "1 file to upload, 0 to delete, 1 unchanged — to /srv/www",
    );
    expect(publishedText(sent({ uploaded: 0, deleted: 0, unchanged: 1, millis: 5, address: null }))).toBe(
      "Nothing changed since the last publish to pages (gh-pages of git@github.com:ada/pages.git): " +
        "1 file in place, checked in 0.01 s",
    );
  });
});

describe("the list's changed-since-publish filter and mark", () => {
  const changed = row({
    id: 2,
    path: "changed.md",
    title: "Changed",
    status: "published",
    published: 1000,
    published_to: ["pages"],
    changed_since_publish: true,
  });
  const same = row({ id: 3, path: "same.md", title: "Same", status: "published", published: 1000, published_to: ["pages"] });
  const never = row({ id: 4, path: "never.md", title: "Never" });

  it("keeps only the posts that changed since a target received them", () => {
    const view = { sort: "title" as const, status: "changed" as const, tag: "" };
    expect(filterPosts([changed, same, never], view).map((p) => p.id)).toEqual([2]);
  });

  it("marks their rows, naming the targets", async () => {
    const library = await listOf([changed, same, never]);
    const marks = Array.from(document.querySelectorAll<HTMLElement>("[data-testid=changed-since-publish]"));
    expect(marks).toHaveLength(1);
    expect(marks[0]!.closest("li")?.dataset.id).toBe("2");
    expect(marks[0]!.title).toBe("Changed since it was published to pages");
    const filter = $<HTMLSelectElement>("status-filter");
    filter.value = "changed";
    filter.dispatchEvent(new Event("change"));
    expect(library.shown().map((p) => p.id)).toEqual([2]);
  });
});

// @vitest-environment happy-dom
// Exporting the open post and the whole site: the panel, its progress, cancel and close.
import { beforeEach, describe, expect, it } from "vitest";
import type { Exported, ExportProgress, Summary } from "../src/api";
import { CANCELLED_TEXT, createExporting, summaryText, type Exporting } from "../src/exporting";
import { fakeCommand, settle, type FakeCommand } from "./fakes";
import { byTestId as $ } from "./fakes";


let exportPost: FakeCommand<[number, string], Exported | null>;
let exportSite: FakeCommand<[(p: ExportProgress) => void], Summary | null>;
let cancelExport: FakeCommand<[], null>;
let revealExport: FakeCommand<[], null>;
let openId: number | null;
let notices: [string, string | undefined][];
let exporting: Exporting;

const summary = (over: Partial<Summary> = {}): Summary => ({
  posts: 12,
  files: 40,
  written: 38,
  unchanged: 2,
  removed: 1,
  rendered: 12,
  skipped: [],
  millis: 1234,
  out: "/home/ada/site",
  ...over,
});

beforeEach(() => {
  document.body.innerHTML = `
    <button data-testid="export"></button>
    <button data-testid="export-site"></button>
    <div data-testid="export-panel" hidden>
      <progress data-testid="export-progress"></progress>
      <p data-testid="export-summary"></p>
      <button type="button" data-testid="export-reveal" hidden>Show in folder</button>
      <button type="button" data-testid="export-cancel">Cancel</button>
    </div>`;
  exportPost = fakeCommand();
  exportSite = fakeCommand();
  cancelExport = fakeCommand();
  revealExport = fakeCommand();
  openId = 7;
  notices = [];
  exporting = createExporting(
    {
      exportPost: $("export"),
      exportSite: $("export-site"),
      panel: $("export-panel"),
      progress: $<HTMLProgressElement>("export-progress"),
      summary: $("export-summary"),
      cancel: $<HTMLButtonElement>("export-cancel"),
      reveal: $<HTMLButtonElement>("export-reveal"),
    },
    {
      api: { exportPost, exportSite, cancelExport, revealExport },
      current: () => (openId === null ? null : { id: openId, text: "# Text" }),
      say: (m, k) => notices.push([m, k]),
    },
  );
});

const panel = () => $("export-panel");
const progress = () => $<HTMLProgressElement>("export-progress");
const text = () => $("export-summary").textContent;
const button = () => $<HTMLButtonElement>("export-cancel");

describe("exporting the open post", () => {
  it("exports it and says where the file went", async () => {
    $("export").click();
    expect(exportPost.last().args).toEqual([7, "# Text"]);
    exportPost.last().resolve({ path: "/home/ada/shared-post.html" });
    await settle();
    expect(panel().hidden).toBe(false);
    expect(progress().hidden).toBe(true);
    expect(text()).toBe("Exported to /home/ada/shared-post.html");
    expect($("export-summary").classList.contains("error")).toBe(false);
    expect(button().textContent).toBe("Close");
    expect(notices).toEqual([["Exported", undefined]]);
    button().click();
    expect(panel().hidden).toBe(true);
  });

  it("shows what it wrote in the file manager when asked, and says why it could not", async () => {
    expect($("export-reveal").hidden).toBe(true);
    $("export").click();
    exportPost.last().resolve({ path: "/home/ada/shared-post.html" });
    await settle();
    expect($("export-reveal").hidden).toBe(false);
    $("export-reveal").click();
    expect(revealExport.calls).toHaveLength(1);
    revealExport.last().reject({ code: "io", message: "could not show /home/ada/shared-post.html in the file manager" });
    await settle();
    expect(notices.at(-1)).toEqual(["could not show /home/ada/shared-post.html in the file manager", "error"]);
    // A new export hides it until that one has written something.
    $("export-site").click();
    expect($("export-reveal").hidden).toBe(true);
  });

  it("does nothing when the author cancels the dialog", async () => {
    $("export").click();
    exportPost.last().resolve(null);
    await settle();
    expect(panel().hidden).toBe(true);
    expect(notices).toEqual([]);
    expect(exporting.running()).toBe(false);
  });

  it("shows and says a failure", async () => {
    $("export").click();
    exportPost.last().reject({ code: "io", message: "Cannot write /x.html: permission denied" });
    await settle();
    expect(panel().hidden).toBe(false);
    expect(text()).toBe("Cannot write /x.html: permission denied");
    expect($("export-summary").classList.contains("error")).toBe(true);
    expect(notices).toEqual([["Cannot write /x.html: permission denied", "error"]]);
  });

  it("asks for a post when none is open", () => {
    openId = null;
    $("export").click();
    expect(exportPost.calls).toHaveLength(0);
    expect(notices).toEqual([["Open a post to export it", "error"]]);
  });
});

describe("exporting the site", () => {
  it("shows the progress, then the summary with the files it skipped", async () => {
    $("export-site").click();
    expect(exporting.running()).toBe(true);
    expect(panel().hidden).toBe(false);
    expect(progress().hidden).toBe(false);
    expect(progress().hasAttribute("value")).toBe(false);
    expect(text()).toBe("Exporting…");
    expect(button().textContent).toBe("Cancel");

    const onProgress = exportSite.last().args[0];
    onProgress({ done: 3, total: 40 });
    expect(progress().max).toBe(40);
    expect(progress().value).toBe(3);
    expect(text()).toBe("Rendering pages: 3 of 40");

    exportSite.last().resolve(
      summary({ skipped: [["notes/broken.md", "front matter: bad date"], ["big.bin", "not text"]] }),
    );
    await settle();
    expect(exporting.running()).toBe(false);
    expect(progress().value).toBe(40);
    expect(text()).toBe(
      "Exported 12 posts to /home/ada/site: 38 files written, 2 unchanged, 1 removed in 1.23 s\n" +
        "Skipped notes/broken.md: front matter: bad date\n" +
        "Skipped big.bin: not text",
    );
    expect(button().textContent).toBe("Close");
    button().click();
    expect(panel().hidden).toBe(true);
    expect(cancelExport.calls).toHaveLength(0);
  });

  it("hides the panel when the author cancels the dialog", async () => {
    $("export-site").click();
    exportSite.last().resolve(null);
    await settle();
    expect(panel().hidden).toBe(true);
    expect(exporting.running()).toBe(false);
  });

  it("starts no second export while one runs", async () => {
    $("export-site").click();
    $("export-site").click();
    $("export").click();
    expect(exportSite.calls).toHaveLength(1);
    expect(exportPost.calls).toHaveLength(0);
    exportSite.last().resolve(summary());
    await settle();
    $("export-site").click();
    expect(exportSite.calls).toHaveLength(2);
  });

  it("cancels: waits for the export to stop, then says what the folder holds", async () => {
    $("export-site").click();
    const onProgress = exportSite.last().args[0];
    button().click();
    expect(cancelExport.calls).toHaveLength(1);
    expect(text()).toBe("Cancelling…");
    expect(button().disabled).toBe(true);
    // A page already under way reports in; the text stays.
    onProgress({ done: 5, total: 40 });
    expect(text()).toBe("Cancelling…");
    button().click();
    expect(cancelExport.calls).toHaveLength(1);

    cancelExport.last().resolve(null);
    exportSite.last().reject({ code: "cancelled", message: "The export was cancelled" });
    await settle();
    expect(text()).toBe(CANCELLED_TEXT);
    expect(text()).toBe("Export cancelled. The folder holds whole pages; export again to finish.");
    expect($("export-summary").classList.contains("error")).toBe(false);
    expect(button().disabled).toBe(false);
    expect(button().textContent).toBe("Close");
    expect(notices).toEqual([]);
    button().click();
    expect(panel().hidden).toBe(true);
  });

  it("shows a failure as an error", async () => {
    $("export-site").click();
    exportSite.last().reject({ code: "duplicate_slug", message: "Two posts would be a/index.html" });
    await settle();
    expect(panel().hidden).toBe(false);
    expect(text()).toBe("Two posts would be a/index.html");
    expect($("export-summary").classList.contains("error")).toBe(true);
    expect(notices).toEqual([["Two posts would be a/index.html", "error"]]);
    expect(button().textContent).toBe("Close");
  });

  it("clears an earlier error when it starts again", async () => {
    $("export-site").click();
    exportSite.last().reject({ code: "io", message: "disk full" });
    await settle();
    $("export-site").click();
    expect(text()).toBe("Exporting…");
    expect($("export-summary").classList.contains("error")).toBe(false);
    expect(button().textContent).toBe("Cancel");
  });

  it("counts one post and one file in the singular", () => {
    expect(summaryText(summary({ posts: 1, written: 1, unchanged: 0, removed: 0, millis: 5 }))).toBe(
      "Exported 1 post to /home/ada/site: 1 file written, 0 unchanged, 0 removed in 0.01 s",
    );
  });
});

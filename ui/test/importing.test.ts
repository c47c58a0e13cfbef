// @vitest-environment happy-dom
// Importing from the window: the source's dialog, the summary, the remote images, errors.
import { beforeEach, describe, expect, it } from "vitest";
import type { ImportSource, ImportSummary } from "../src/api";
import { createImporting, summaryText } from "../src/importing";

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.querySelector(`[data-testid=${id}]`) as T;
const settle = () => new Promise((r) => setTimeout(r, 0));

const done: ImportSummary = {
  source: "wordpress", imported: 7, drafts: 1, skipped: 0,
  remote_images: ["https://old.example/a.jpg", "https://old.example/b.png"],
};

describe("importing", () => {
  let calls: ImportSource[];
  let answer: () => Promise<ImportSummary | null>;
  let said: string[];

  beforeEach(() => {
    document.body.innerHTML = `
      <button data-testid="import">Import</button>
      <div data-testid="import-panel" hidden>
        <button data-testid="import-wordpress" data-source="wordpress"></button>
        <button data-testid="import-ghost" data-source="ghost"></button>
        <button data-testid="import-medium" data-source="medium"></button>
        <p data-testid="import-summary"></p>
        <ul data-testid="import-images"></ul>
        <button data-testid="import-close"></button>
      </div>`;
    calls = [];
    said = [];
    answer = async () => done;
    createImporting(
      {
        open: $("import"), panel: $("import-panel"),
        sources: ["import-wordpress", "import-ghost", "import-medium"].map((id) => $<HTMLButtonElement>(id)),
        summary: $("import-summary"), images: $<HTMLUListElement>("import-images"), close: $<HTMLButtonElement>("import-close"),
      },
      {
        api: { importBlog: (source: ImportSource) => (calls.push(source), answer()) },
        say: (text: string) => void said.push(text),
      },
    );
  });

  it("imports from the source chosen and says what came in and what stayed behind", async () => {
    $("import").click();
    expect($("import-panel").hidden).toBe(false);
    $("import-wordpress").click();
    await settle();
    expect(calls).toEqual(["wordpress"]);
    expect($("import-summary").textContent).toBe(
      "Imported 7 posts (1 draft) from WordPress. 2 images stay on the old site, linked:",
    );
    expect([...$("import-images").children].map((li) => li.textContent)).toEqual(done.remote_images);
    expect(said).toEqual(["Imported 7 from WordPress"]);
    $("import-close").click();
    expect($("import-panel").hidden).toBe(true);
  });

  it("says nothing when the dialog is cancelled, and the error when the export is refused", async () => {
    answer = async () => null;
    $("import").click();
    $("import-medium").click();
    await settle();
    expect($("import-summary").textContent).toBe("");
    answer = async () => {
      throw { code: "malformed_export", message: "blog.xml, line 3, column 1: the file ends inside <item>" };
    };
    $("import-ghost").click();
    await settle();
    expect($("import-summary").textContent).toContain("blog.xml, line 3");
    expect($("import-summary").classList.contains("error")).toBe(true);
    expect($<HTMLButtonElement>("import-ghost").disabled).toBe(false);
  });

  it("words a second import", () => {
    expect(summaryText({ source: "ghost", imported: 0, drafts: 0, skipped: 4, remote_images: [] })).toBe(
      "Imported 0 posts from Ghost; 4 posts were already here.",
    );
  });
});

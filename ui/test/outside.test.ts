// @vitest-environment happy-dom
// A file opened from outside the content folder: the choice, its errors, and the one-file
// mode that puts the library's parts of the window away.
import { beforeEach, describe, expect, it } from "vitest";
import type { OutsideChoice, OutsideFile } from "../src/api";
import { createOutside, type Outside } from "../src/outside";
import { byTestId as $, fakeCommand, settle, type FakeCommand } from "./fakes";

const FILE: OutsideFile = {
  file: "/home/ada/notes/harbour.md",
  folder: "/home/ada/notes",
  content_folder: "/home/ada/blog",
};

let openOutside: FakeCommand<[OutsideChoice], boolean>;
let reloads: number;
let outside: Outside;

beforeEach(() => {
  document.body.className = "";
  document.body.innerHTML = `
    <div data-testid="app">
      <button data-testid="publish" data-alone="hidden">Publish</button>
      <div data-testid="alone-note" hidden></div>
    </div>
    <div data-testid="outside" hidden>
      <p data-testid="outside-message"></p>
      <p data-testid="outside-error" hidden></p>
      <button type="button" data-testid="outside-cancel">Cancel</button>
      <button type="button" data-testid="outside-file">Edit just this file</button>
      <button type="button" data-testid="outside-folder">Open its folder</button>
    </div>`;
  openOutside = fakeCommand();
  reloads = 0;
  outside = createOutside(
    {
      dialog: $("outside"), message: $("outside-message"), error: $("outside-error"),
      folder: $<HTMLButtonElement>("outside-folder"), file: $<HTMLButtonElement>("outside-file"),
      cancel: $<HTMLButtonElement>("outside-cancel"), behind: $("app"), note: $("alone-note"),
    },
    { api: { openOutside }, reload: () => reloads++ },
  );
});

describe("a file from outside the content folder", () => {
  it("asks, naming the file, its folder and the content folder, with the window out of reach", () => {
    outside.show(FILE);
    expect($("outside").hidden).toBe(false);
    expect($("outside-message").textContent).toBe(
      "/home/ada/notes/harbour.md is in /home/ada/notes; your content folder is /home/ada/blog.",
    );
    expect($("app").inert).toBe(true);
    expect(document.activeElement).toBe($("outside-folder"));
  });

  it("opens its folder, or the file alone, and the window starts over", async () => {
    outside.show(FILE);
    $("outside-file").click();
    expect(openOutside.calls.map((c) => c.args)).toEqual([["file"]]);
    expect($<HTMLButtonElement>("outside-folder").disabled).toBe(true);
    openOutside.last().resolve(true);
    await settle();
    expect(reloads).toBe(1);

    outside.show(FILE);
    $("outside-folder").click();
    expect(openOutside.last().args).toEqual(["folder"]);
  });

  it("says why it could not, and lets the author choose again or cancel", async () => {
    outside.show(FILE);
    $("outside-folder").click();
    openOutside.last().reject({ code: "library_open", message: "The library is in use by another Quire" });
    await settle();
    expect($("outside-error").hidden).toBe(false);
    expect($("outside-error").textContent).toBe("The library is in use by another Quire");
    expect($<HTMLButtonElement>("outside-file").disabled).toBe(false);
    $("outside-cancel").click();
    expect($("outside").hidden).toBe(true);
    expect($("app").inert).toBe(false);
    expect(reloads).toBe(0);
  });
});

describe("the one-file mode", () => {
  it("puts the library's parts away and says which file is edited", () => {
    outside.alone("/home/ada/notes/harbour.md");
    expect(document.body.classList.contains("alone")).toBe(true);
    expect($("alone-note").hidden).toBe(false);
    expect($("alone-note").textContent).toContain("/home/ada/notes/harbour.md");
    outside.alone(null);
    expect(document.body.classList.contains("alone")).toBe(false);
    expect($("alone-note").hidden).toBe(true);
  });
});

// @vitest-environment happy-dom
// What the window says first: no folder open, a salvaged library, a read-only library.
import { beforeEach, describe, expect, it } from "vitest";
import type { Salvage } from "../src/api";
import {
  CHOOSE_TITLE, createStartNotices, MISSING_HINT, MISSING_TITLE, NO_FOLDER_HINT, READ_ONLY_TEXT, type StartNotices,
} from "../src/startup";
import { appInfo, byTestId as $, fakeCommand, settle, type FakeCommand } from "./fakes";

const info = appInfo();

const MISSING = { code: "folder_missing", message: "The content folder /media/usb/blog does not exist" } as const;
const NO_FOLDER = { code: "no_folder", message: "No content folder has been chosen" } as const;
const SALVAGE: Salvage = {
  moved_to: "/home/ada/.local/share/quire/library.damaged-1717171717.sqlite3",
  reason: "database disk image is malformed",
  posts: 40,
  drafts: 3,
  revisions: 12,
  trashed: 1,
  message: "The library was damaged (database disk image is malformed). It was moved to /home/ada/.local/share/quire/library.damaged-1717171717.sqlite3 and kept there.",
};

let chooseFolder: FakeCommand<[], boolean>;
let startNewFolder: FakeCommand<[], boolean>;
/** What happened, in order: "reload", "hold", "let go". */
let steps: string[];
let notices: StartNotices;

const choose = () => $<HTMLButtonElement>("folder-missing-choose");
const create = () => $<HTMLButtonElement>("folder-missing-create");
const shown = (testid: string) => !$(testid).hidden;

beforeEach(() => {
  document.body.innerHTML = `
    <div data-testid="library-notice" role="alert" hidden>
      <p data-testid="library-notice-text"></p>
      <button type="button" data-testid="library-notice-dismiss">Dismiss</button>
    </div>
    <div data-testid="read-only-notice" role="alert" hidden></div>
    <div data-testid="app"><button data-testid="elsewhere">Save</button></div>
    <div data-testid="folder-missing" role="dialog" hidden>
      <h2 data-testid="folder-missing-title"></h2>
      <p data-testid="folder-missing-message"></p>
      <p data-testid="folder-missing-hint"></p>
      <p data-testid="folder-missing-error" role="alert" hidden></p>
      <button type="button" data-testid="folder-missing-create" hidden></button>
      <button type="button" data-testid="folder-missing-choose">Choose a folder…</button>
    </div>`;
  chooseFolder = fakeCommand();
  startNewFolder = fakeCommand();
  steps = [];
  notices = createStartNotices(
    {
      missing: $("folder-missing"), missingTitle: $("folder-missing-title"),
      missingMessage: $("folder-missing-message"), missingHint: $("folder-missing-hint"),
      missingError: $("folder-missing-error"), choose: choose(), create: create(), behind: $("app"),
      salvaged: $("library-notice"), salvagedText: $("library-notice-text"), dismiss: $("library-notice-dismiss"),
      readOnly: $("read-only-notice"),
    },
    {
      api: { chooseFolder, startNewFolder },
      reload: () => steps.push("reload"),
      hold: (held) => steps.push(held ? "hold" : "let go"),
    },
  );
});

describe("a normal start", () => {
  it("shows nothing, holds nothing, and lets the start go on", () => {
    expect(notices.show(info)).toBe(true);
    expect(shown("folder-missing")).toBe(false);
    expect(shown("library-notice")).toBe(false);
    expect(shown("read-only-notice")).toBe(false);
    expect($("app").inert).toBe(false);
    expect(steps).toEqual([]);
  });
});

describe("no folder open", () => {
  it("a missing folder: the core's message, why it may be missing, the button focused, the rest stopped", () => {
    expect(notices.show({ ...info, unopened: MISSING })).toBe(false);
    expect(shown("folder-missing")).toBe(true);
    expect($("folder-missing-title").textContent).toBe(MISSING_TITLE);
    expect($("folder-missing-message").textContent).toBe(MISSING.message);
    expect(shown("folder-missing-message")).toBe(true);
    expect($("folder-missing-hint").textContent).toBe(MISSING_HINT);
    expect(MISSING_HINT).toContain("moved");
    expect(MISSING_HINT).toContain("not mounted");
    expect(shown("folder-missing-error")).toBe(false);
    expect(document.activeElement).toBe(choose());
    // The window under the panel cannot be reached.
    expect($("app").inert).toBe(true);
  });

  it("no folder ever chosen: says so instead", () => {
    expect(notices.show({ ...info, unopened: NO_FOLDER })).toBe(false);
    expect(shown("folder-missing")).toBe(true);
    expect($("folder-missing-title").textContent).toBe(CHOOSE_TITLE);
    expect(shown("folder-missing-message")).toBe(false);
    expect($("folder-missing-hint").textContent).toBe(NO_FOLDER_HINT);
    expect(NO_FOLDER_HINT).toContain("No content folder has been chosen yet");
    // A new author is offered a blog of their own, in their documents, first.
    expect(shown("folder-missing-create")).toBe(true);
    expect(create().textContent).toBe("Start a new blog in /home/ada/Documents/Quire");
    expect(document.activeElement).toBe(create());
  });

  it("a new blog started: the window starts over on it; a missing folder is not offered one", async () => {
    notices.show({ ...info, unopened: NO_FOLDER });
    create().click();
    expect(startNewFolder.calls).toHaveLength(1);
    expect(create().disabled).toBe(true);
    expect(choose().disabled).toBe(true);
    startNewFolder.last().resolve(true);
    await settle();
    expect(steps).toEqual(["reload"]);

    notices.show({ ...info, unopened: MISSING });
    expect(shown("folder-missing-create")).toBe(false);
  });

  it("a new blog that cannot be made: says why, and both ways stay open", async () => {
    notices.show({ ...info, unopened: NO_FOLDER });
    create().click();
    startNewFolder.last().reject({ code: "io", message: "cannot create /home/ada/Documents/Quire: read-only file system" });
    await settle();
    expect($("folder-missing-error").textContent).toContain("read-only file system");
    expect(create().disabled).toBe(false);
    expect(choose().disabled).toBe(false);
    expect(steps).toEqual([]);
  });

  it("a folder chosen: the window starts over on it", async () => {
    notices.show({ ...info, unopened: MISSING });
    choose().click();
    expect(chooseFolder.calls).toHaveLength(1);
    // Not asked for twice while the dialog is open.
    expect(choose().disabled).toBe(true);
    choose().click();
    expect(chooseFolder.calls).toHaveLength(1);
    chooseFolder.last().resolve(true);
    await settle();
    expect(steps).toEqual(["reload"]);
  });

  it("the dialog cancelled: the panel stays, ready for another try", async () => {
    notices.show({ ...info, unopened: NO_FOLDER });
    choose().click();
    chooseFolder.last().resolve(false);
    await settle();
    expect(steps).toEqual([]);
    expect(shown("folder-missing")).toBe(true);
    expect(choose().disabled).toBe(false);
    expect(shown("folder-missing-error")).toBe(false);
  });

  it("the switch failed: says why in the panel, and lets the author try again", async () => {
    notices.show({ ...info, unopened: MISSING });
    choose().click();
    chooseFolder.last().reject({ code: "library_open", message: "The library is in use by another Quire" });
    await settle();
    expect(shown("folder-missing-error")).toBe(true);
    expect($("folder-missing-error").textContent).toBe("The library is in use by another Quire");
    expect(choose().disabled).toBe(false);
    expect(document.activeElement).toBe(choose());
    expect(steps).toEqual([]);

    // The next try starts clean, and can succeed.
    choose().click();
    expect(shown("folder-missing-error")).toBe(false);
    expect(chooseFolder.calls).toHaveLength(2);
    chooseFolder.last().resolve(true);
    await settle();
    expect(steps).toEqual(["reload"]);
  });
});

describe("a salvaged library", () => {
  it("says what happened, where the old file is and what was recovered, until dismissed", () => {
    expect(notices.show({ ...info, salvaged: SALVAGE })).toBe(true);
    expect(shown("library-notice")).toBe(true);
    // The core's words, as the command line says them.
    expect($("library-notice-text").textContent).toBe(SALVAGE.message);
    expect(shown("read-only-notice")).toBe(false);
    expect(steps).toEqual([]);

    $("library-notice-dismiss").click();
    expect(shown("library-notice")).toBe(false);
  });
});

describe("a read-only library", () => {
  it("says so, and holds the editor read-only for the session", () => {
    expect(notices.show({ ...info, read_only: true, open_error: null })).toBe(true);
    expect(shown("read-only-notice")).toBe(true);
    expect($("read-only-notice").textContent).toBe(READ_ONLY_TEXT);
    expect(READ_ONLY_TEXT).toContain("read-only location");
    expect(READ_ONLY_TEXT).toContain("cannot keep");
    expect(steps).toEqual(["hold"]);
    expect(shown("library-notice")).toBe(false);
  });

  it("with a salvage too: both banners", () => {
    notices.show({ ...info, read_only: true, open_error: null, salvaged: SALVAGE });
    expect(shown("read-only-notice")).toBe(true);
    expect(shown("library-notice")).toBe(true);
  });
});

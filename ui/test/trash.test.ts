// @vitest-environment happy-dom
// The trash panel: what is in it, restoring, and emptying it with a confirm step.
import { beforeEach, describe, expect, it } from "vitest";
import type { PostRow, TrashedPost } from "../src/api";
import { createTrash, type Trash } from "../src/trash";
import { answering, fakeCommand, loggedFlows, row, settle } from "./fakes";
import { byTestId as $ } from "./fakes";

let trashed: TrashedPost[];
let listTrash: ReturnType<typeof answering<[], TrashedPost[]>>;
let restoreFromTrash: ReturnType<typeof fakeCommand<[number], PostRow>>;
let emptyTrash: ReturnType<typeof fakeCommand<[], number>>;
let log: string[];
let trash: Trash;

const items = () => Array.from(document.querySelectorAll<HTMLElement>("[data-testid=trash-item]"));

beforeEach(() => {
  document.body.innerHTML = `<button data-testid="trash-toggle"></button><div data-testid="trash-list" hidden></div>`;
  trashed = [
    { id: 4, path: "notes/<b>old</b>.md", title: "Old <b>notes</b>", trashed_at: Date.UTC(2024, 4, 1), files: 1 },
    { id: 7, path: "trip/index.md", title: "", trashed_at: Date.UTC(2024, 3, 1), files: 3 },
  ];
  listTrash = answering(() => trashed);
  restoreFromTrash = fakeCommand();
  emptyTrash = fakeCommand();
  log = [];
  trash = createTrash(
    { toggle: $("trash-toggle"), panel: $("trash-list") },
    {
      api: { listTrash, restoreFromTrash, emptyTrash },
      ...loggedFlows(log),
      say: (m, k) => log.push(k === "error" ? `error ${m}` : `say ${m}`),
    },
  );
});

describe("the trash panel", () => {
  it("lists the trashed posts: title, old path, when", async () => {
    $("trash-toggle").click();
    await settle();
    expect($("trash-list").hidden).toBe(false);
    const [first, second] = items();
    expect(first?.querySelector("strong")?.textContent).toBe("Old <b>notes</b>");
    expect(first?.textContent).toContain("notes/<b>old</b>.md · trashed ");
    // A post without a title goes by its path; a bundle says how many files went.
    expect(second?.querySelector("strong")?.textContent).toBe("trip/index.md");
    expect(second?.textContent).toContain("· 3 files");
    expect($("trash-list").querySelector("b")).toBeNull();
    const restore = first?.querySelector<HTMLElement>("[data-testid=restore-from-trash]");
    expect(restore?.dataset).toMatchObject({ id: "4", path: "notes/<b>old</b>.md" });
    expect($("trash-empty").hidden).toBe(true);
  });

  it("an empty trash says so", async () => {
    trashed = [];
    await trash.toggle();
    expect(items()).toHaveLength(0);
    expect($("trash-empty").hidden).toBe(false);
    expect($("trash-empty").textContent).toBe("The trash is empty.");
    expect($<HTMLButtonElement>("empty-trash").disabled).toBe(true);
  });

  it("restores a post: the list, the post opened, the panel read again", async () => {
    await trash.toggle();
    document.querySelector<HTMLElement>("[data-testid=restore-from-trash][data-id='7']")!.click();
    await settle();
    expect(restoreFromTrash.last().args).toEqual([7]);
    trashed = trashed.slice(0, 1);
    restoreFromTrash.last().resolve(row({ id: 7, path: "trip/index.md" }));
    await settle();
    expect(log).toEqual(["say Restored trip/index.md", "list [7]", "open 7"]);
    expect(items()).toHaveLength(1);
    expect(listTrash.calls).toHaveLength(2);
  });

  it("a taken path is said, and the post stays in the trash", async () => {
    await trash.toggle();
    document.querySelector<HTMLElement>("[data-testid=restore-from-trash]")!.click();
    await settle();
    restoreFromTrash.last().reject({ code: "path_taken", message: "notes/old.md is taken by another post" });
    await settle();
    expect(log).toEqual(["error notes/old.md is taken by another post"]);
    expect(items()).toHaveLength(2);
  });

  it("emptying asks first, naming how many go for good", async () => {
    await trash.toggle();
    const confirm = $("empty-trash-confirm");
    expect(confirm.parentElement?.hidden).toBe(true);
    $("empty-trash").click();
    expect(confirm.parentElement?.hidden).toBe(false);
    expect(confirm.parentElement?.textContent).toContain("Delete 2 posts for good?");
    expect(emptyTrash.calls).toHaveLength(0);
    // Changing one's mind deletes nothing.
    $("empty-trash-cancel").click();
    expect(confirm.parentElement?.hidden).toBe(true);
    expect(emptyTrash.calls).toHaveLength(0);

    $("empty-trash").click();
    confirm.click();
    await settle();
    expect(emptyTrash.calls).toHaveLength(1);
    trashed = [];
    emptyTrash.last().resolve(2);
    await settle();
    expect(log).toEqual(["say Deleted 2 posts for good"]);
    expect($("trash-empty").hidden).toBe(false);
    expect(confirm.parentElement?.hidden).toBe(true);
  });

  it("closes, and reads the trash again only while open", async () => {
    await trash.toggle();
    $("trash-close").click();
    expect($("trash-list").hidden).toBe(true);
    await trash.refreshIfOpen();
    expect(listTrash.calls).toHaveLength(1);
  });
});

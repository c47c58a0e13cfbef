// @vitest-environment happy-dom
// The metadata form bound both ways to the real editor, against a fake core.
import { beforeEach, describe, expect, it } from "vitest";
import type { FieldEdit, FrontForm, TagCount } from "../src/api";
import { createEditor, type Editor } from "../src/editor";
import {
  createMetadata,
  EDIT_MS,
  fieldEdit,
  FILL_MS,
  tagOptions,
  type Metadata,
  type MetaField,
  type MetaKey,
} from "../src/metadata";
import { answering, fakeClock, fakeCommand, form, settle, type FakeClock } from "./fakes";
import { byTestId as $ } from "./fakes";

const TEXT = "---\ntitle: Café 🦀\ntags: [a, b]\nweight: 3\n---\nBody.\n";

let frontForm: ReturnType<typeof fakeCommand<[string], FrontForm>>;
let editFront: ReturnType<typeof fakeCommand<[string, FieldEdit[]], string>>;
let listTags: ReturnType<typeof answering<[], TagCount[]>>;
let clock: FakeClock;
let editor: Editor;
let changes: number;
let notices: string[];
let metadata: Metadata;

const field = (key: MetaKey) => $<HTMLInputElement>(`meta-${key}`);

function type(key: MetaKey, value: string): void {
  const input = field(key);
  input.focus();
  input.value = value;
  input.dispatchEvent(new Event("input", { bubbles: true }));
}

/** Opens a post whose text is TEXT, and answers the form's first reading of it. */
async function openPost(answer: FrontForm = form({ title: "Café 🦀", tags: ["a", "b"] })): Promise<void> {
  metadata.follow(true);
  editor.load(TEXT);
  editor.takeEdits();
  await settle();
  frontForm.last().resolve(answer);
  await settle();
}

beforeEach(() => {
  document.body.innerHTML = `
    <button data-testid="metadata-toggle"></button>
    <form data-testid="metadata-form">
      <p data-testid="meta-problem" hidden></p>
      <fieldset data-testid="meta-fields">
        <input data-testid="meta-title" /><input data-testid="meta-author" /><input data-testid="meta-avatar" />
        <input type="date" data-testid="meta-date" /><input data-testid="meta-label" />
        <input data-testid="meta-tags" list="tag-list" /><datalist id="tag-list" data-testid="meta-tag-list"></datalist>
        <textarea data-testid="meta-summary"></textarea><input data-testid="meta-cover" />
        <select data-testid="meta-status">
          <option value="draft"></option><option value="published"></option><option value="scheduled"></option>
        </select>
        <input data-testid="meta-slug" />
      </fieldset>
      <div data-testid="meta-other" hidden></div>
    </form>
    <div data-testid="editor"></div>`;
  frontForm = fakeCommand();
  editFront = fakeCommand();
  listTags = answering(() => [
    { tag: "rust", count: 4 },
    { tag: "Rules", count: 2 },
    { tag: "a", count: 1 },
  ]);
  clock = fakeClock();
  changes = 0;
  notices = [];
  editor = createEditor($("editor"), {
    onChange: () => changes++,
    onText: (source) => metadata.textChanged(source),
  });
  const inputs = {} as Record<MetaKey, MetaField>;
  for (const key of ["title", "author", "avatar", "date", "label", "tags", "summary", "cover", "status", "slug"] as const) {
    inputs[key] = $(`meta-${key}`) as MetaField;
  }
  metadata = createMetadata(
    {
      form: $<HTMLFormElement>("metadata-form"),
      toggle: $("metadata-toggle"),
      fields: $<HTMLFieldSetElement>("meta-fields"),
      inputs,
      tagList: $<HTMLDataListElement>("meta-tag-list"),
      other: $("meta-other"),
      problem: $("meta-problem"),
    },
    { api: { frontForm, editFront, listTags }, editor, clock, say: (m) => notices.push(m) },
  );
});

describe("filling the form from the text", () => {
  it("reads the text at once when a post opens, and shows every field", async () => {
    metadata.follow(true);
    editor.load(TEXT);
    await settle();
    expect(frontForm.last().args).toEqual([TEXT]);
    frontForm.last().resolve(
      form(
        {
          title: "Café 🦀", author: "Ada", date: "2024-05-01", tags: ["a", "b"], summary: "Short",
          status: "published", slug: "cafe", label: "New", cover: "c.jpg", avatar: "me.png",
        },
        [{ key: "weight", text: "weight: 3" }, { key: "extra.x", text: "[extra]\nx = '<b>1</b>'" }],
      ),
    );
    await settle();
    expect(field("title").value).toBe("Café 🦀");
    expect(field("author").value).toBe("Ada");
    expect(field("date").value).toBe("2024-05-01");
    expect(field("tags").value).toBe("a, b");
    expect($<HTMLTextAreaElement>("meta-summary").value).toBe("Short");
    expect($<HTMLSelectElement>("meta-status").value).toBe("published");
    expect(field("slug").value).toBe("cafe");
    expect(field("label").value).toBe("New");
    expect(field("cover").value).toBe("c.jpg");
    expect(field("avatar").value).toBe("me.png");
    expect($<HTMLFieldSetElement>("meta-fields").disabled).toBe(false);
    const other = $("meta-other");
    expect(other.hidden).toBe(false);
    expect(Array.from(other.querySelectorAll("pre"), (p) => p.textContent)).toEqual(["weight: 3", "[extra]\nx = '<b>1</b>'"]);
    expect(other.querySelector("b")).toBeNull();
  });

  it("follows the author's typing in the editor, once they pause", async () => {
    await openPost();
    editor.applyText(TEXT.replace("Café", "Bar"));
    await settle();
    expect(frontForm.calls).toHaveLength(1);
    clock.advance(FILL_MS);
    await settle();
    expect(frontForm.calls).toHaveLength(2);
    frontForm.last().resolve(form({ title: "Bar 🦀" }));
    await settle();
    expect(field("title").value).toBe("Bar 🦀");
    expect(field("tags").value).toBe("");
  });

  it("never overwrites the field the author is typing in", async () => {
    await openPost();
    field("author").focus();
    field("author").value = "Ad";
    editor.reloadFromDisk(TEXT.replace("weight: 3", "weight: 4"));
    await settle();
    frontForm.last().resolve(form({ title: "Other", author: null }));
    await settle();
    expect(field("author").value).toBe("Ad");
    expect(field("title").value).toBe("Other");
  });

  it("a reply for a text since changed is dropped", async () => {
    await openPost();
    editor.reloadFromDisk("---\ntitle: One\n---\n");
    await settle();
    const first = frontForm.last();
    editor.reloadFromDisk("---\ntitle: Two\n---\n");
    await settle();
    frontForm.last().resolve(form({ title: "Two" }));
    first.resolve(form({ title: "One" }));
    await settle();
    expect(field("title").value).toBe("Two");
  });

  it("front matter that does not parse: a line says so, and the inputs are off until it does", async () => {
    await openPost();
    editor.reloadFromDisk("---\ntitle: [unclosed\n---\n");
    await settle();
    frontForm.last().reject({ code: "front_matter", message: "the front matter is malformed: line 1" });
    await settle();
    expect($("meta-problem").hidden).toBe(false);
    expect($("meta-problem").textContent).toBe("Fix the front matter in the editor to use the form");
    expect($<HTMLFieldSetElement>("meta-fields").disabled).toBe(true);
    editor.reloadFromDisk("---\ntitle: closed\n---\n");
    await settle();
    frontForm.last().resolve(form({ title: "closed" }));
    await settle();
    expect($("meta-problem").hidden).toBe(true);
    expect($<HTMLFieldSetElement>("meta-fields").disabled).toBe(false);
  });

  it("no post open: cleared and off", async () => {
    await openPost();
    metadata.follow(false);
    expect(field("title").value).toBe("");
    expect($<HTMLSelectElement>("meta-status").value).toBe("draft");
    expect($<HTMLFieldSetElement>("meta-fields").disabled).toBe(true);
    expect($("meta-other").hidden).toBe(true);
  });

  it("a hidden form reads nothing; shown again, it reads at once", async () => {
    await openPost();
    $("metadata-toggle").click();
    expect($("metadata-form").hidden).toBe(true);
    editor.applyText(TEXT.replace("Café", "Bar"));
    clock.advance(FILL_MS);
    await settle();
    expect(frontForm.calls).toHaveLength(1);
    metadata.toggle();
    await settle();
    expect(frontForm.calls).toHaveLength(2);
    expect($("metadata-toggle").getAttribute("aria-expanded")).toBe("true");
  });
});

describe("editing the text from the form", () => {
  it("sends the field's edit once the author pauses, and applies a minimal change", async () => {
    await openPost();
    type("title", "Café 🦀 crab");
    clock.advance(EDIT_MS - 1);
    await settle();
    expect(editFront.calls).toHaveLength(0);
    clock.advance(1);
    await settle();
    expect(editFront.last().args).toEqual([TEXT, [{ key: "title", value: { kind: "text", value: "Café 🦀 crab" } }]]);
    const next = TEXT.replace("Café 🦀", "Café 🦀 crab");
    editFront.last().resolve(next);
    await settle();
    expect(editor.text()).toBe(next);
    // One edit where the text differs, as a keystroke: autosave and the preview follow.
    expect(editor.takeEdits()).toEqual({ edits: [{ from: 18, to: 18, insert: " crab" }], length: next.length });
    expect(changes).toBe(1);
    // The field the author types in keeps what they typed.
    expect(field("title").value).toBe("Café 🦀 crab");
  });

  it("tags go as a list, an emptied field as a removal, the status at once", () => {
    expect(fieldEdit("tags", " rust, , web ,")).toEqual({ key: "tags", value: { kind: "list", value: ["rust", "web"] } });
    expect(fieldEdit("summary", "  ")).toEqual({ key: "summary", value: { kind: "remove" } });
    expect(fieldEdit("date", "2024-05-01")).toEqual({ key: "date", value: { kind: "text", value: "2024-05-01" } });
    expect(fieldEdit("status", "published")).toEqual({ key: "status", value: { kind: "text", value: "published" } });
  });

  it("a select or a blur sends at once; a blur after the edit went in sends nothing more", async () => {
    await openPost();
    const status = $<HTMLSelectElement>("meta-status");
    status.value = "published";
    status.dispatchEvent(new Event("change"));
    await settle();
    expect(editFront.last().args[1]).toEqual([{ key: "status", value: { kind: "text", value: "published" } }]);
    editFront.last().resolve(TEXT.replace("weight", "status: published\nweight"));
    await settle();

    type("tags", "a, b, rust");
    field("tags").dispatchEvent(new Event("change"));
    await settle();
    expect(editFront.last().args[1]).toEqual([{ key: "tags", value: { kind: "list", value: ["a", "b", "rust"] } }]);
    editFront.last().resolve(editor.text().replace("[a, b]", "[a, b, rust]"));
    await settle();
    clock.advance(EDIT_MS);
    field("tags").dispatchEvent(new Event("change"));
    await settle();
    expect(editFront.calls).toHaveLength(2);
  });

  it("an emptied field removes its key", async () => {
    await openPost();
    type("title", "");
    clock.advance(EDIT_MS);
    await settle();
    expect(editFront.last().args[1]).toEqual([{ key: "title", value: { kind: "remove" } }]);
  });

  it("a reply for a text the author changed meanwhile is dropped, and the edit sent again", async () => {
    await openPost();
    type("label", "Exclusive");
    clock.advance(EDIT_MS);
    await settle();
    const stale = editFront.last();
    // The author typed in the editor while the core worked.
    editor.applyText(TEXT.replace("Body.", "Body, more."));
    const typed = editor.text();
    stale.resolve(TEXT.replace("weight", "label: Exclusive\nweight"));
    await settle();
    expect(editor.text()).toBe(typed);
    expect(editFront.calls).toHaveLength(2);
    expect(editFront.last().args).toEqual([typed, [{ key: "label", value: { kind: "text", value: "Exclusive" } }]]);
    editFront.last().resolve(typed.replace("weight", "label: Exclusive\nweight"));
    await settle();
    expect(editor.text()).toBe(typed.replace("weight", "label: Exclusive\nweight"));
  });

  it("a field edited but not yet in the text is not overwritten by a fill", async () => {
    await openPost();
    field("cover").value = "new.jpg";
    field("cover").dispatchEvent(new Event("input"));
    field("title").focus();
    editor.applyText(TEXT.replace("Body.", "Body!"));
    clock.advance(FILL_MS);
    await settle();
    frontForm.last().resolve(form({ title: "Café 🦀", cover: null }));
    await settle();
    expect(field("cover").value).toBe("new.jpg");
  });

  it("edits for a post left are dropped", async () => {
    await openPost();
    type("title", "For the first post");
    clock.advance(EDIT_MS);
    await settle();
    const pending = editFront.last();
    editor.load("---\ntitle: Second\n---\n");
    pending.resolve("---\ntitle: For the first post\n---\n");
    await settle();
    expect(editor.text()).toBe("---\ntitle: Second\n---\n");
    expect(editFront.calls).toHaveLength(1);
  });

  it("an edit refused for broken front matter turns the form off", async () => {
    await openPost();
    type("title", "x");
    clock.advance(EDIT_MS);
    await settle();
    editFront.last().reject({ code: "front_matter", message: "malformed" });
    await settle();
    expect($<HTMLFieldSetElement>("meta-fields").disabled).toBe(true);
    expect(editor.text()).toBe(TEXT);
  });
});

describe("tag completion", () => {
  it("completes the tag after the last comma, keeping the ones before as typed", () => {
    const known = ["rust", "Rules", "a", "web"];
    expect(tagOptions("", known)).toEqual(["rust", "Rules", "a", "web"]);
    expect(tagOptions("ru", known)).toEqual(["rust", "Rules"]);
    expect(tagOptions("a, ru", known)).toEqual(["a, rust", "a, Rules"]);
    expect(tagOptions("a,RU", known)).toEqual(["a,rust", "a,Rules"]);
    // A tag already given is not offered again.
    expect(tagOptions("rust, ", known)).toEqual(["rust, Rules", "rust, a", "rust, web"]);
  });

  it("the datalist offers the library's tags as the author types", async () => {
    await openPost();
    field("tags").dispatchEvent(new Event("focus"));
    await settle();
    type("tags", "a, r");
    const options = Array.from($("meta-tag-list").querySelectorAll("option"), (o) => o.value);
    expect(options).toEqual(["a, rust", "a, Rules"]);
  });
});

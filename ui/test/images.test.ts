// @vitest-environment happy-dom
// Images pasted or dropped into the editor: copied by the (fake) core, the Markdown it
// answers put into the text as the author's edit.
import { beforeEach, describe, expect, it } from "vitest";
import type { AddedImage } from "../src/api";
import { createEditor, type Editor } from "../src/editor";
import { createImages, NO_POST, refuseStrayFiles, type Images } from "../src/images";
import { fakeCommand, settle, type FakeCommand } from "./fakes";

const MB = 1024 * 1024;

let addImage: FakeCommand<[number, string, Uint8Array], AddedImage>;
let notices: [string, string | undefined][];
let postId: number | null;
let changes: number;
let editor: Editor;
let images: Images;

const content = () => document.querySelector<HTMLElement>(".cm-content")!;
const png = (name = "cat.png", bytes = [137, 80, 78, 71]) => new File([new Uint8Array(bytes)], name, { type: "image/png" });
const added = (name: string): AddedImage => ({ path: name, link: name, markdown: `![${name}](${name})` });

/** A file of `mb` megabytes that fails the test if it is read. */
function huge(name: string, mb: number): File {
  const file = png(name);
  Object.defineProperty(file, "size", { value: mb * MB });
  file.arrayBuffer = () => {
    throw new Error("read");
  };
  return file;
}

/** An event carrying `data` as its dataTransfer or clipboardData (happy-dom drops it from the init). */
function carrying<E extends Event>(event: E, key: "dataTransfer" | "clipboardData", files: File[]): E {
  const data = new DataTransfer();
  for (const f of files) data.items.add(f);
  Object.defineProperty(event, key, { value: data });
  return event;
}

beforeEach(() => {
  document.body.innerHTML = `<div data-testid="editor"></div>`;
  addImage = fakeCommand();
  notices = [];
  postId = 7;
  changes = 0;
  images = createImages({
    api: { addImage },
    postId: () => postId,
    limitMb: () => 20,
    say: (m, k) => notices.push([m, k]),
  });
  editor = createEditor(
    document.querySelector<HTMLElement>("[data-testid=editor]")!,
    { onChange: () => changes++ },
    { extensions: () => images.extension() },
  );
  editor.load("Hello world\n");
});

describe("images", () => {
  it("copies a dropped image and puts its Markdown on a line of its own at the cursor", async () => {
    editor.setCursorLine(1);
    const drop = carrying(new DragEvent("drop", { bubbles: true, cancelable: true }), "dataTransfer", [png()]);
    content().dispatchEvent(drop);
    expect(drop.defaultPrevented).toBe(true);
    await settle();
    const call = addImage.last();
    expect(call.args[0]).toBe(7);
    expect(call.args[1]).toBe("cat.png");
    expect(Array.from(call.args[2])).toEqual([137, 80, 78, 71]);
    call.resolve(added("cat.png"));
    await settle();
    // At the start of a line with text: the text moves to the next line.
    expect(editor.text()).toBe("![cat.png](cat.png)\nHello world\n");
    // As the author's edit: autosave and the preview follow.
    expect(changes).toBe(1);
  });

  it("breaks the line when the cursor is inside it, and adds several in order", async () => {
    void images.addFiles([png("a.png"), png("b.png")], 5);
    await settle();
    addImage.last().resolve(added("a.png"));
    await settle();
    addImage.last().resolve(added("b.png"));
    await settle();
    expect(addImage.calls.map((c) => c.args[1])).toEqual(["a.png", "b.png"]);
    expect(editor.text()).toBe("Hello\n![a.png](a.png)\n![b.png](b.png)\n world\n");
  });

  it("pastes image files from the clipboard; a paste of text stays CodeMirror's", async () => {
    const paste = carrying(new Event("paste", { bubbles: true, cancelable: true }), "clipboardData", [png("shot.png")]);
    content().dispatchEvent(paste);
    expect(paste.defaultPrevented).toBe(true);
    await settle();
    expect(addImage.calls).toHaveLength(1);
    const text = new Event("paste", { bubbles: true, cancelable: true });
    const data = new DataTransfer();
    data.setData("text/plain", "words");
    Object.defineProperty(text, "clipboardData", { value: data });
    content().dispatchEvent(text);
    await settle();
    expect(addImage.calls).toHaveLength(1);
  });

  it("refuses an image over the limit at once, reading nothing", async () => {
    await images.addFiles([huge("big.jpg", 25.25)]);
    expect(notices).toEqual([["big.jpg is 25.3 MB, over the 20 MB limit for images", "error"]]);
    expect(addImage.calls).toEqual([]);
    expect(editor.text()).toBe("Hello world\n");
  });

  it("says the core's refusal and inserts nothing", async () => {
    void images.addFiles([png("notes.txt")]);
    await settle();
    addImage.last().reject({ code: "not_an_image", message: "notes.txt is not an image Quire can add" });
    await settle();
    expect(notices).toEqual([["notes.txt is not an image Quire can add", "error"]]);
    expect(editor.text()).toBe("Hello world\n");
    expect(changes).toBe(0);
  });

  it("asks for a post first when none is open", async () => {
    postId = null;
    await images.addFiles([png()]);
    expect(notices).toEqual([[NO_POST, "error"]]);
    expect(addImage.calls).toEqual([]);
  });

  it("keeps the spot in step with typing while the core copies", async () => {
    void images.addFiles([png()], 12);
    await settle();
    editor.applyText("Oh. Hello world\n");
    addImage.last().resolve(added("cat.png"));
    await settle();
    expect(editor.text()).toBe("Oh. Hello world\n![cat.png](cat.png)");
  });

  it("drops nothing into another post opened meanwhile", async () => {
    void images.addFiles([png()]);
    await settle();
    editor.load("Another post\n");
    addImage.last().resolve(added("cat.png"));
    await settle();
    expect(editor.text()).toBe("Another post\n");
  });

  it("never puts an image inside the front matter", async () => {
    editor.load("---\ntitle: T\n---\nBody\n");
    void images.addFiles([png()], 0);
    await settle();
    addImage.last().resolve(added("cat.png"));
    await settle();
    expect(editor.text()).toBe("---\ntitle: T\n---\n![cat.png](cat.png)\nBody\n");
  });

  it("refuses files dropped beside the editor, which the webview would open in the window's place", () => {
    refuseStrayFiles(document);
    const beside = document.createElement("aside");
    document.body.append(beside);
    const over = carrying(new DragEvent("dragover", { bubbles: true, cancelable: true }), "dataTransfer", [png()]);
    beside.dispatchEvent(over);
    expect(over.defaultPrevented).toBe(true);
    const drop = carrying(new DragEvent("drop", { bubbles: true, cancelable: true }), "dataTransfer", [png()]);
    beside.dispatchEvent(drop);
    expect(drop.defaultPrevented).toBe(true);
    expect(addImage.calls).toEqual([]);
    // A link or text dropped outside a text field would load in the window too; into a
    // field it is the field's business.
    const text = () => {
      const ev = new DragEvent("drop", { bubbles: true, cancelable: true });
      Object.defineProperty(ev, "dataTransfer", { value: new DataTransfer() });
      return ev;
    };
    const onAside = text();
    beside.dispatchEvent(onAside);
    expect(onAside.defaultPrevented).toBe(true);
    const field = document.createElement("input");
    beside.append(field);
    const onField = text();
    field.dispatchEvent(onField);
    expect(onField.defaultPrevented).toBe(false);
  });
});

// @vitest-environment happy-dom
// Spell checking: prose checked; code, the front matter and addresses left alone.
import { ensureSyntaxTree } from "@codemirror/language";
import { markdown } from "@codemirror/lang-markdown";
import { yamlFrontmatter } from "@codemirror/lang-yaml";
import { EditorState } from "@codemirror/state";
import { describe, expect, it } from "vitest";
import { createEditor } from "../src/editor";
import { quietRanges, spelling } from "../src/spelling";

const DOC = [
  "---", // 1
  "title: Teh post", // 2
  "---", // 3
  "# A heding", // 4
  "", // 5
  "Prose with `inline cod` and <https://exmple.org> and [a link](https://lnk.example/x).", // 6
  "", // 7
  "```rust", // 8
  "let wrng = 1;", // 9
  "```", // 10
  "", // 11
  "    indentd code", // 12
  "", // 13
  "See www.example.org/pth or https://bare.example/a?b for more.", // 14
  "",
].join("\n");

function stateOf(doc: string) {
  const state = EditorState.create({ doc, extensions: [yamlFrontmatter({ content: markdown() })] });
  return { state, tree: ensureSyntaxTree(state, doc.length, 5000)! };
}

describe("spelling", () => {
  it("leaves code, the front matter and addresses unchecked", () => {
    const { state, tree } = stateOf(DOC);
    const { lines, spans } = quietRanges(state, [{ from: 0, to: DOC.length }], tree);
    expect(lines.map((at) => state.doc.lineAt(at).number)).toEqual([1, 2, 3, 8, 9, 10, 12]);
    expect(spans.map(([from, to]) => state.sliceDoc(from, to))).toEqual([
      "`inline cod`",
      "<https://exmple.org>",
      "https://lnk.example/x",
      "www.example.org/pth",
      "https://bare.example/a?b",
    ]);
  });

  it("looks only within the ranges asked for", () => {
    const { state, tree } = stateOf(DOC);
    const line9 = state.doc.line(9);
    const line14 = state.doc.line(14);
    const { lines, spans } = quietRanges(state, [{ from: line9.from, to: line9.to }, { from: line14.from, to: line14.to }], tree);
    expect(lines.map((at) => state.doc.lineAt(at).number)).toEqual([9]);
    expect(spans).toHaveLength(2);
  });

  it("turns the webview's checker on for the editor's text", () => {
    document.body.innerHTML = `<div id="e"></div>`;
    const editor = createEditor(document.getElementById("e")!, { onChange: () => {} }, { extensions: () => spelling() });
    editor.load("Some prose.\n");
    expect(document.querySelector(".cm-content")?.getAttribute("spellcheck")).toBe("true");
  });
});

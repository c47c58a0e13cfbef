// @vitest-environment happy-dom
// A generator's markup marked in the editor: each dialect's tags, nothing in a plain folder.
import { describe, expect, it } from "vitest";
import { createEditor } from "../src/editor";
import { markupRanges, shortcodes } from "../src/shortcodes";

const TEXT = [
  'A {{< figure src="a.png" >}} and {{% notice %}}x{{% /notice %}}.',
  "Liquid {% highlight ruby %} and {{ site.title | upcase }}.",
  'Zola {{ youtube(id="x") }} and {% quote(a=1) %}q{% end %}.',
  "Plain {braces} and {{ half.",
].join("\n");

const marked = (dialect: Parameters<typeof markupRanges>[1]) =>
  markupRanges(TEXT, dialect).map(([from, to]) => TEXT.slice(from, to));

describe("shortcodes", () => {
  it("finds each dialect's tags and none of the others' prose", () => {
    expect(marked("hugo")).toEqual(['{{< figure src="a.png" >}}', "{{% notice %}}", "{{% /notice %}}"]);
    expect(marked("jekyll")).toEqual([
      "{% highlight ruby %}", "{{ site.title | upcase }}", '{{ youtube(id="x") }}', "{% quote(a=1) %}", "{% end %}",
    ]);
    expect(marked("zola")).toEqual(['{{ youtube(id="x") }}', "{% quote(a=1) %}", "{% end %}"]);
    expect(marked("quire")).toEqual([]);
  });

  it("marks them in the editor, not spell checked, and nothing in a plain folder", () => {
    document.body.innerHTML = `<div id="a"></div><div id="b"></div>`;
    const hugo = createEditor(document.getElementById("a")!, { onChange: () => {} }, { extensions: () => shortcodes("hugo") });
    hugo.load(TEXT);
    const marks = [...document.querySelectorAll("#a .cm-shortcode")];
    expect(marks.map((m) => m.textContent)).toEqual(['{{< figure src="a.png" >}}', "{{% notice %}}", "{{% /notice %}}"]);
    expect(marks.every((m) => m.getAttribute("spellcheck") === "false")).toBe(true);
    const plain = createEditor(document.getElementById("b")!, { onChange: () => {} }, { extensions: () => shortcodes("quire") });
    plain.load(TEXT);
    expect(document.querySelectorAll("#b .cm-shortcode")).toHaveLength(0);
  });
});

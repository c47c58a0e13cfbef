// @vitest-environment happy-dom
// The custom theme in the preview.
import { describe, expect, it } from "vitest";
import { createThemeStyle } from "../src/theme";

describe("the theme in the preview", () => {
  it("puts the custom theme's article stylesheet in, and takes it out for the built-in look", async () => {
    const style = document.createElement("style");
    let css: string | null = ".q-title { color: rgb(1, 2, 3); }";
    const said: string[] = [];
    const theme = createThemeStyle(style, { api: { themeCss: async () => css }, say: (m) => said.push(m) });
    await theme.refresh();
    expect(style.textContent).toBe(".q-title { color: rgb(1, 2, 3); }");
    css = null;
    await theme.refresh();
    expect(style.textContent).toBe("");
    expect(said).toEqual([]);
  });

  it("keeps the built-in look and says why when the theme cannot be read", async () => {
    const style = document.createElement("style");
    style.textContent = ".old {}";
    const said: string[] = [];
    const theme = createThemeStyle(style, {
      api: { themeCss: async () => Promise.reject({ code: "bad_setting", message: "settings: `x` is not a valid theme" }) },
      say: (m) => said.push(m),
    });
    await theme.refresh();
    expect(style.textContent).toBe("");
    expect(said).toEqual(["The theme could not be read: settings: `x` is not a valid theme"]);
  });
});

// @vitest-environment happy-dom
// The window's look: the system's, light or dark, chosen by the toggle (or the settings),
// set on <html> for the stylesheet, and remembered.
import { beforeEach, describe, expect, it } from "vitest";
import { createAppearance, THEME_KEY, type Appearance } from "../src/appearance";
import { byTestId } from "./fakes";

let items: Map<string, string>;
let appearance: Appearance;

function start(stored?: string): void {
  document.body.innerHTML = `<button data-testid="theme-toggle">Theme</button>`;
  delete document.documentElement.dataset.theme;
  items = new Map(stored === undefined ? [] : [[THEME_KEY, stored]]);
  appearance = createAppearance(
    { toggle: byTestId("theme-toggle"), root: document.documentElement },
    { storage: { getItem: (k) => items.get(k) ?? null, setItem: (k, v) => void items.set(k, v) } },
  );
}

const theme = () => document.documentElement.getAttribute("data-theme");
const toggle = () => byTestId("theme-toggle");

beforeEach(() => start());

describe("the theme", () => {
  it("follows the system at first, and says so", () => {
    expect(appearance.get()).toBe("system");
    expect(theme()).toBe("system");
    expect(toggle().textContent).toBe("Theme: System");
    expect(toggle().getAttribute("aria-label")).toBe("Theme: System");
  });

  it("the toggle goes system → light → dark → system", () => {
    const seen: (string | null)[] = [];
    for (let i = 0; i < 3; i++) {
      toggle().click();
      seen.push(theme());
    }
    expect(seen).toEqual(["light", "dark", "system"]);
    expect(appearance.get()).toBe("system");
  });

  it("cycle (Ctrl+Shift+L) does what the toggle does", () => {
    appearance.cycle();
    expect(theme()).toBe("light");
    expect(toggle().textContent).toBe("Theme: Light");
  });

  it("set (the settings panel) chooses one, remembered for the next session", () => {
    appearance.set("dark");
    expect(theme()).toBe("dark");
    expect(toggle().textContent).toBe("Theme: Dark");
    expect(items.get(THEME_KEY)).toBe("dark");
    start(items.get(THEME_KEY));
    expect(appearance.get()).toBe("dark");
    expect(theme()).toBe("dark");
  });

  it("a stored value it does not know is the system's", () => {
    start("sepia");
    expect(appearance.get()).toBe("system");
    expect(theme()).toBe("system");
  });
});

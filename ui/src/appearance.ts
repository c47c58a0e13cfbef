// The window's light or dark look: the system's, or one the author chose. The choice is
// `data-theme` on <html>; the stylesheet's colours are light-dark() pairs that follow the
// color-scheme it sets, and so do the editor's and the article's.
import { HighlightStyle, syntaxHighlighting } from "@codemirror/language";
import type { Extension } from "@codemirror/state";
import { EditorView } from "@codemirror/view";
import { tags as t } from "@lezer/highlight";

export type ThemeChoice = "system" | "light" | "dark";

export const THEME_KEY = "quire.theme";

const CHOICES: readonly ThemeChoice[] = ["system", "light", "dark"];
const NAMES: Record<ThemeChoice, string> = { system: "System", light: "Light", dark: "Dark" };

export interface AppearanceElements {
  /** Cycles the choice; says the current one. */
  toggle: HTMLElement;
  /** <html>: its `data-theme` selects the color-scheme. */
  root: HTMLElement;
}

export interface Appearance {
  get(): ThemeChoice;
  /** For the settings panel, and the toggle. */
  set(choice: ThemeChoice): void;
  /** System, then light, then dark, then system again. */
  cycle(): void;
}

export function createAppearance(
  els: AppearanceElements,
  deps: { storage: Pick<Storage, "getItem" | "setItem"> },
): Appearance {
  let choice = stored(deps.storage);

  function show(): void {
    els.root.dataset.theme = choice;
    repaintScrolled(els.root);
    const text = `Theme: ${NAMES[choice]}`;
    els.toggle.textContent = text;
    els.toggle.setAttribute("aria-label", text);
  }

  function set(next: ThemeChoice): void {
    choice = next;
    show();
    try {
      deps.storage.setItem(THEME_KEY, next);
    } catch {
      // Storage refused: the look holds for this session.
    }
  }

  const cycle = () => set(CHOICES[(CHOICES.indexOf(choice) + 1) % CHOICES.length]!);
  els.toggle.addEventListener("click", cycle);
  show();
  return { get: () => choice, set, cycle };
}

/**
 * WebKitGTK leaves a scrolled pane (its own layer) painted in the old colours when the
 * colour variables change (seen going from dark to light with the preview scrolled): a
 * visibility flip makes it paint again, without a layout or a scroll. The contained
 * boxes (style.css) are layers of their own too.
 */
function repaintScrolled(root: HTMLElement): void {
  for (const el of root.querySelectorAll<HTMLElement>(".preview-scroll, .cm-scroller, .post-list, .statusbar")) {
    el.style.visibility = "hidden";
    void el.offsetHeight;
    el.style.visibility = "";
  }
}

function stored(storage: Pick<Storage, "getItem">): ThemeChoice {
  try {
    const value = storage.getItem(THEME_KEY);
    return CHOICES.find((c) => c === value) ?? "system";
  } catch {
    return "system";
  }
}

/**
 * The editor's colours: the page's, by its variables, so the editor turns dark with the
 * window rather than by a theme of its own swapped in.
 */
export const editorLook: Extension = [
  EditorView.theme({
    "&": { color: "var(--ink)", backgroundColor: "var(--surface)" },
    ".cm-content": { caretColor: "var(--caret)" },
    ".cm-cursor, .cm-dropCursor": { borderLeftColor: "var(--caret)" },
    "&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground, .cm-content ::selection":
      { backgroundColor: "var(--selection)" },
    ".cm-activeLine": { backgroundColor: "var(--active-line)" },
    ".cm-gutters": { backgroundColor: "var(--panel)", color: "var(--muted)", borderRight: "1px solid var(--line)" },
    ".cm-activeLineGutter": { backgroundColor: "var(--active-line)", color: "var(--ink)" },
    ".cm-selectionMatch": { backgroundColor: "var(--selection-match)" },
    ".cm-searchMatch": { backgroundColor: "var(--search-match)", outline: "1px solid var(--search-match-edge)" },
    ".cm-searchMatch.cm-searchMatch-selected": { backgroundColor: "var(--selection)" },
    "&.cm-focused .cm-matchingBracket": { backgroundColor: "var(--selection-match)", outline: "1px solid var(--line)" },
    ".cm-panels": { backgroundColor: "var(--panel)", color: "var(--ink)" },
    ".cm-panels.cm-panels-top": { borderBottom: "1px solid var(--line)" },
    ".cm-panels.cm-panels-bottom": { borderTop: "1px solid var(--line)" },
    ".cm-textfield": { backgroundColor: "var(--field)", color: "var(--ink)", border: "1px solid var(--line)" },
    ".cm-button": { backgroundImage: "none", backgroundColor: "var(--surface)", color: "var(--ink)", border: "1px solid var(--line)" },
    ".cm-tooltip": { backgroundColor: "var(--surface)", color: "var(--ink)", border: "1px solid var(--line)" },
    ".cm-foldPlaceholder": { backgroundColor: "var(--panel)", color: "var(--muted)", border: "1px solid var(--line)" },
  }),
  // Instead of basicSetup's light-only colours, which it keeps only while no other
  // highlighter is given.
  syntaxHighlighting(
    HighlightStyle.define([
      { tag: t.heading, color: "var(--syntax-heading)", fontWeight: "bold" },
      { tag: t.emphasis, fontStyle: "italic" },
      { tag: t.strong, fontWeight: "bold" },
      { tag: t.strikethrough, textDecoration: "line-through" },
      { tag: [t.link, t.url], color: "var(--syntax-link)" },
      { tag: t.url, textDecoration: "underline" },
      { tag: t.monospace, color: "var(--syntax-code)" },
      { tag: t.quote, color: "var(--syntax-quote)", fontStyle: "italic" },
      { tag: [t.processingInstruction, t.contentSeparator, t.escape, t.character], color: "var(--syntax-mark)" },
      { tag: [t.meta, t.labelName], color: "var(--syntax-meta)" },
      { tag: [t.propertyName, t.definition(t.propertyName), t.attributeName], color: "var(--syntax-key)" },
      { tag: [t.string, t.special(t.string)], color: "var(--syntax-string)" },
      { tag: [t.number, t.bool, t.null, t.atom], color: "var(--syntax-atom)" },
      { tag: [t.keyword, t.operator], color: "var(--syntax-keyword)" },
      { tag: t.comment, color: "var(--syntax-comment)", fontStyle: "italic" },
      { tag: t.invalid, color: "var(--syntax-invalid)" },
    ]),
  ),
];

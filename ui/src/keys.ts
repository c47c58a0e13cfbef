// The window's keyboard shortcuts. This is the only binding of Ctrl+S: the editor has
// none of its own, since a key handled there bubbles here too and would save twice.
// Cmd stands in for Ctrl on macOS.
export interface Shortcuts {
  save(): void;
  newPost(): void;
  /** Ctrl+K: the quick switcher. */
  quickOpen(): void;
  /** Ctrl+Shift+F: the sidebar's full-text search. */
  search(): void;
  /** F2: rename the open post. */
  rename(): void;
  /** Ctrl+I: show or hide the post's details (the metadata form). */
  metadata(): void;
}

/** Binds the shortcuts on `target`; returns the unbinding. */
export function bindShortcuts(target: EventTarget, actions: Shortcuts): () => void {
  const onKey = (ev: Event) => {
    if (!(ev instanceof KeyboardEvent)) return;
    if (ev.key === "F2" && !(ev.ctrlKey || ev.metaKey || ev.altKey || ev.shiftKey) && !ev.defaultPrevented) {
      ev.preventDefault();
      actions.rename();
      return;
    }
    if (!(ev.ctrlKey || ev.metaKey)) return;
    // Acted on already where it was typed: a second action would be a second save.
    if (ev.defaultPrevented) return;
    const key = ev.key.toLowerCase();
    if (key === "s") {
      ev.preventDefault();
      // A held key repeats; the author asked for one save.
      if (!ev.repeat) actions.save();
    } else if (key === "n") {
      ev.preventDefault();
      actions.newPost();
    } else if (key === "k" && !ev.shiftKey) {
      ev.preventDefault();
      // The switcher toggles: a held key would open and close it by turns.
      if (!ev.repeat) actions.quickOpen();
    } else if (key === "f" && ev.shiftKey) {
      // Plain Ctrl+F stays the editor's find.
      ev.preventDefault();
      actions.search();
    }
  };
  // Ctrl+I is taken before the editor sees it, which binds it (to select the enclosing
  // syntax) and so would mark it acted on.
  const onKeyFirst = (ev: Event) => {
    if (!(ev instanceof KeyboardEvent) || !(ev.ctrlKey || ev.metaKey) || ev.shiftKey || ev.altKey) return;
    if (ev.key.toLowerCase() !== "i") return;
    ev.preventDefault();
    ev.stopPropagation();
    // It toggles: a held key would open and close the form by turns.
    if (!ev.repeat) actions.metadata();
  };
  target.addEventListener("keydown", onKeyFirst, true);
  target.addEventListener("keydown", onKey);
  return () => {
    target.removeEventListener("keydown", onKeyFirst, true);
    target.removeEventListener("keydown", onKey);
  };
}

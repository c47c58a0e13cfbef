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
}

/** Binds the shortcuts on `target`; returns the unbinding. */
export function bindShortcuts(target: EventTarget, actions: Shortcuts): () => void {
  const onKey = (ev: Event) => {
    if (!(ev instanceof KeyboardEvent) || !(ev.ctrlKey || ev.metaKey)) return;
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
  target.addEventListener("keydown", onKey);
  return () => target.removeEventListener("keydown", onKey);
}

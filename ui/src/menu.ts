// The menu bar's actions in the window. The shell builds the menu (src-tauri/src/menu.rs)
// and sends each choice as an action's name; most are the shortcut of the same name, run
// as its key would run it (an accelerator reaches the menu before the page, so the page
// hears the key once, from here). The editor's own keys in the Edit menu go to the
// editor, or to the text field that has the focus.
import type { EditorCommand } from "./editor";
import type { ShortcutActions } from "./shortcuts";
import type { ThemeChoice } from "./appearance";

export interface MenuDeps {
  actions: ShortcutActions;
  editor: { run(command: EditorCommand): void };
  /** Clicks the window's button `testid`: the menu item does what the button does. */
  click(testid: string): void;
  theme(choice: ThemeChoice): void;
  /** The shell switched folders: the window starts over. */
  restart(): void;
}

/** What each menu action that is not a shortcut's does, by the button it stands for. */
const BUTTONS: Record<string, string> = {
  openFolder: "choose-folder",
  import: "import",
  publish: "publish",
  sync: "sync",
  help: "shortcuts-toggle",
};

const EDITOR_COMMANDS: readonly EditorCommand[] = ["undo", "redo", "find", "replace"];

/** Runs the menu's action `action`; false for one the window does not know. */
export function createMenuActions(deps: MenuDeps): (action: string) => boolean {
  return (action) => {
    if (action === "restart") {
      deps.restart();
      return true;
    }
    const theme = /^theme:(system|light|dark)$/.exec(action);
    if (theme) {
      deps.theme(theme[1] as ThemeChoice);
      return true;
    }
    if ((EDITOR_COMMANDS as readonly string[]).includes(action)) {
      const command = action as EditorCommand;
      // A text field of the window (a title, a search) undoes its own typing.
      const field = document.activeElement;
      const inField =
        (field instanceof HTMLInputElement || field instanceof HTMLTextAreaElement) && !field.closest(".cm-editor");
      if (inField && (command === "undo" || command === "redo")) document.execCommand(command);
      else deps.editor.run(command);
      return true;
    }
    const button = BUTTONS[action];
    if (button !== undefined) {
      deps.click(button);
      return true;
    }
    const run = (deps.actions as unknown as Record<string, (() => void) | undefined>)[action];
    if (typeof run !== "function" || action === "leave") return false;
    run();
    return true;
  };
}

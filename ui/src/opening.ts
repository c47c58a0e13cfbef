// Opening a post into the editor: its text (the draft, if it has one), a fresh preview,
// and the merge straight away if the file changed under that draft.
import { asCommandError, type Api, type PostRow } from "./api";
import type { Current } from "./current";
import { opened } from "./post";
import type { RenderLoop } from "./render";
import type { Say } from "./status";

export interface OpeningDeps {
  api: Pick<Api, "openPost">;
  current: Current;
  editor: { load(text: string): void; setReadOnly(readOnly: boolean): void };
  render: Pick<RenderLoop, "restart">;
  keepDraft(): Promise<unknown>;
  merge(): Promise<void>;
  /** Takes down a merge shown for the post being left. */
  closeMerge(): void;
  historyChanged(): Promise<void>;
  say: Say;
}

export interface Opening {
  open(id: number): Promise<void>;
  /** Opens `preferred` if listed, else the first post that can be edited. */
  openFirst(posts: readonly PostRow[], preferred: number | null): Promise<void>;
}

export function createOpening(deps: OpeningDeps): Opening {
  const { current, editor } = deps;
  /** The newest open asked for: when two race, the author's last click wins. */
  let latest = 0;

  async function open(id: number): Promise<void> {
    const mine = ++latest;
    // The post being left keeps its last keystrokes.
    await deps.keepDraft();
    try {
      const o = await deps.api.openPost(id);
      if (mine !== latest) return;
      current.set(opened(o));
      // Writable too, unless held: load asks for that itself.
      editor.load(o.text);
      deps.closeMerge();
      deps.render.restart();
      await deps.historyChanged();
      // Not awaited: the merge waits for the author.
      if (o.conflict) void deps.merge();
    } catch (e) {
      deps.say(asCommandError(e).message, "error");
    }
  }

  return {
    open,
    async openFirst(posts, preferred) {
      const first =
        posts.find((p) => p.id === preferred) ?? posts.find((p) => !p.problem && !p.missing);
      if (first) {
        await open(first.id);
      } else if (!current.get()) {
        editor.setReadOnly(true);
        current.set(null);
      }
    },
  };
}

// Which post is open, and its state: the one place that holds it. Every change goes
// through a transition from post.ts and is then shown (status bar, banners, sidebar).
import type { OpenPost } from "./post";

export interface Current {
  get(): OpenPost | null;
  /** Starts over with a newly opened post, or none. */
  set(next: OpenPost | null): void;
  /**
   * Applies a transition if post `id` is still the open one: the answer to a request made
   * for a post the author has since left changes nothing.
   */
  update(id: number, transition: (s: OpenPost) => OpenPost): void;
}

export function createCurrent(changed: (s: OpenPost | null) => void): Current {
  let state: OpenPost | null = null;
  return {
    get: () => state,
    set(next) {
      state = next;
      changed(state);
    },
    update(id, transition) {
      if (state?.post.id !== id) return;
      state = transition(state);
      changed(state);
    },
  };
}

// A post list in a page of its own, for the tests of its rows' marks. Apart from fakes.ts,
// which window tests load while mocking modules: this one loads the list itself.
import type { PostRow } from "../src/api";
import { createLibrary, type Library } from "../src/library";
import { answering, libraryElements } from "./fakes";

/** A post list of `posts` in a page of its own, read once: for the tests of its rows' marks. */
export async function listOf(posts: PostRow[]): Promise<Library> {
  document.body.innerHTML = `
    <select data-testid="sort"><option value="date"></option></select>
    <select data-testid="status-filter"><option value="all"></option><option value="changed"></option></select>
    <select data-testid="tag-filter"><option value="">All tags</option></select>
    <ul data-testid="post-list"></ul>
    <p data-testid="list-empty" hidden></p>`;
  const library = createLibrary(libraryElements(), {
    api: { listPosts: answering(() => posts), postsById: answering(() => []), listTags: answering(() => []) },
    open: async () => {},
    say: () => {},
    frame: (run) => run(),
  });
  await library.refresh();
  return library;
}

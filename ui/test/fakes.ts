// Stand-ins for what lies outside the ui: the core's commands (promises the test settles
// by hand), time, and the rows and posts the core sends.
import type { AppInfo, FrontForm, Meta, OpenedPost, PostRow, PreviewPatch, Site } from "../src/api";
import type { Clock } from "../src/clock";
import type { LibraryElements } from "../src/library";
import type { OpenPost } from "../src/post";
import type { DraftOutcome } from "../src/saving";

/** One call of a fake command: its arguments, and the means to answer it. */
export interface Call<A extends unknown[], R> {
  args: A;
  resolve(value: R): void;
  reject(error: unknown): void;
}

/** A command whose every call waits until the test answers it. */
export interface FakeCommand<A extends unknown[], R> {
  (...args: A): Promise<R>;
  calls: Call<A, R>[];
  /** The newest call; fails the test if there is none. */
  last(): Call<A, R>;
}

export function fakeCommand<A extends unknown[], R>(): FakeCommand<A, R> {
  const calls: Call<A, R>[] = [];
  const f = ((...args: A) =>
    new Promise<R>((resolve, reject) => {
      calls.push({ args, resolve, reject });
    })) as FakeCommand<A, R>;
  f.calls = calls;
  f.last = () => {
    const call = calls[calls.length - 1];
    if (!call) throw new Error("the command was not called");
    return call;
  };
  return f;
}

/** A command that answers at once with `answer(args)`; calls are recorded. */
export function answering<A extends unknown[], R>(answer: (...args: A) => R | Promise<R>) {
  const calls: A[] = [];
  const f = (...args: A): Promise<R> => {
    calls.push(args);
    return Promise.resolve().then(() => answer(...args));
  };
  return Object.assign(f, { calls });
}

/** Lets every promise that can settle do so (answers travel through a few hops). */
export async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}

export interface FakeClock extends Clock {
  /** Moves time on, running the timers that fall due, in order. */
  advance(ms: number): void;
  pending(): number;
}

export function fakeClock(start = 0): FakeClock {
  let now = start;
  let nextId = 1;
  const timers = new Map<number, { at: number; run: () => void }>();
  return {
    now: () => now,
    setTimeout(run, ms) {
      const id = nextId++;
      timers.set(id, { at: now + ms, run });
      return id;
    },
    clearTimeout(id) {
      if (id !== undefined) timers.delete(id);
    },
    advance(ms) {
      const end = now + ms;
      for (;;) {
        let due: [number, { at: number; run: () => void }] | undefined;
        for (const entry of timers) {
          if (entry[1].at <= end && (!due || entry[1].at < due[1].at)) due = entry;
        }
        if (!due) break;
        timers.delete(due[0]);
        now = due[1].at;
        due[1].run();
      }
      now = end;
    },
    pending: () => timers.size,
  };
}

/**
 * The flows around the open post, as the window hands them to each part, every one
 * writing its call into `log` in the words the tests expect: "keepDraft", "merge",
 * "list [1]" ("list" for the whole list), "history", "open 2". A draft is kept with the
 * outcome `draft` gives at the time; writes run at once, in their turn.
 */
export function loggedFlows(log: string[], draft: () => DraftOutcome = () => "nothing") {
  return {
    keepDraft: async (): Promise<DraftOutcome> => {
      log.push("keepDraft");
      return draft();
    },
    inTurn: <T>(write: () => Promise<T>): Promise<T> => write(),
    merge: async (): Promise<void> => {
      log.push("merge");
    },
    listChanged: async (ids?: number[]): Promise<void> => {
      log.push(ids ? `list ${JSON.stringify(ids)}` : "list");
    },
    historyChanged: async (): Promise<void> => {
      log.push("history");
    },
    open: async (id: number): Promise<void> => {
      log.push(`open ${id}`);
    },
  };
}

export function row(over: Partial<PostRow> = {}): PostRow {
  return {
    id: 1,
    path: "post.md",
    title: "Post",
    status: "draft",
    date: null,
    words: 2,
    problem: null,
    missing: false,
    has_draft: false,
    disk_hash: "h1",
    tags: [],
    edited: 0,
    published: null,
    published_to: [],
    conflicted: false,
    changed_since_publish: false,
    ...over,
  };
}

export function openedPost(over: Partial<OpenedPost> = {}): OpenedPost {
  return { post: row(), text: "text", from_draft: false, conflict: false, base: "h1", ...over };
}

export function state(over: Partial<OpenPost> = {}): OpenPost {
  return {
    post: row(),
    base: "h1",
    dirty: false,
    unkept: false,
    conflict: false,
    note: null,
    ...over,
  };
}

export function patch(over: Partial<PreviewPatch> = {}): PreviewPatch {
  return {
    from: 0,
    version: 1,
    shell: null,
    start: 0,
    removed: 0,
    inserted: [],
    lines: [],
    shift: 0,
    outline: null,
    title: "Post",
    words: 2,
    chars: 9,
    minutes: 1,
    ...over,
  };
}

/** The element with this test id: the tests' one way to find what the window shows. */
export function byTestId<T extends HTMLElement = HTMLElement>(testid: string): T {
  const found = document.querySelector<T>(`[data-testid="${testid}"]`);
  // Named here, rather than a TypeError on null somewhere after.
  if (!found) throw new Error(`missing ${testid}`);
  return found;
}

/** The post list's elements, by the test ids the page gives them. */
export function libraryElements(): LibraryElements {
  return {
    list: byTestId<HTMLUListElement>("post-list"),
    sort: byTestId<HTMLSelectElement>("sort"),
    status: byTestId<HTMLSelectElement>("status-filter"),
    tag: byTestId<HTMLSelectElement>("tag-filter"),
    empty: byTestId("list-empty"),
  };
}

/** Presses `key` on `target` as a key down that bubbles and may be cancelled; the event, to ask what became of it. */
export function press(target: EventTarget, key: string, init: KeyboardEventInit = {}): KeyboardEvent {
  const ev = new KeyboardEvent("keydown", { key, bubbles: true, cancelable: true, ...init });
  target.dispatchEvent(ev);
  return ev;
}

export function site(over: Partial<Site> = {}): Site {
  return {
    title: "My blog", footer: "© me", author: "Ada", lang: "en", description: "", base_url: "",
    per_page: 10, avatar: "", theme: "", words_per_minute: 230, cjk_per_minute: 500, image_limit_mb: 20,
    dialect: "auto", dialect_found: "quire",
    ...over,
  };
}

/** What the core says of the window at start-up: a folder open, nothing amiss. */
export function appInfo(over: Partial<AppInfo> = {}): AppInfo {
  return {
    folder: "/home/ada/blog",
    library: "/home/ada/.local/share/quire/library.sqlite3",
    log: "/home/ada/.local/state/quire",
    site: site(),
    last_post: null,
    unopened: null,
    default_folder: "/home/ada/Documents/Quire",
    salvaged: null,
    read_only: false,
    open_error: null,
    outside: null,
    alone: null,
    ...over,
  };
}

export function meta(over: Partial<Meta> = {}): Meta {
  return {
    title: null, author: null, avatar: null, date: null, label: null, tags: [],
    summary: null, cover: null, status: "draft", slug: null, ...over,
  };
}

/** The core's reading of a post's front matter, for the details form. */
export function form(over: Partial<Meta> = {}, other: FrontForm["other"] = []): FrontForm {
  return { format: "yaml", meta: meta(over), other };
}

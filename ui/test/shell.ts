// The whole window as main.ts wires it, on the real index.html, with the shell faked: its
// commands answered by handlers each test sets, its events sent by the test. For
// window.test.ts and window-start.test.ts, which mock the shell's modules with these:
//   vi.mock("@tauri-apps/api/core", () => fakeCore(shell));
//   vi.mock("@tauri-apps/api/event", () => fakeEvent(shell));
// (a factory is called when main.ts first asks for the module, after this file's imports).
import page from "../index.html?raw";
import type { PreviewPatch } from "../src/api";
import { patch } from "./fakes";

export type Handler = (args: Record<string, unknown>) => unknown;

export interface FakeShell {
  /** Every command called, in order. */
  calls: { cmd: string; args: Record<string, unknown> }[];
  /** What answers each command; one without is refused as the core refuses a bug. */
  handlers: Record<string, Handler>;
  /** The window's listener of each event, for the test to send it. */
  listeners: Record<string, (e: { payload: unknown }) => void>;
}

export function fakeShell(): FakeShell {
  return { calls: [], handlers: {}, listeners: {} };
}

/** Stands in for `@tauri-apps/api/core`. */
export function fakeCore(shell: FakeShell) {
  return {
    // The shell takes each command's arguments as one struct, under `args`.
    invoke: (cmd: string, payload: { args: Record<string, unknown> }) => {
      const args = payload.args;
      shell.calls.push({ cmd, args });
      // Looked up at the call: a test may swap the handlers meanwhile.
      const handler = shell.handlers[cmd];
      return handler
        ? Promise.resolve().then(() => handler(args))
        : Promise.reject({ code: "internal", message: `no fake for ${cmd}` });
    },
  };
}

/** Stands in for `@tauri-apps/api/event`. */
export function fakeEvent(shell: FakeShell) {
  return {
    listen: (name: string, f: (e: { payload: unknown }) => void) => {
      shell.listeners[name] = f;
      return Promise.resolve(() => {});
    },
  };
}

/** Puts the real page's body in the document, as the window starts. */
export function showPage(): void {
  document.body.innerHTML = page.slice(page.indexOf("<body>") + 6, page.indexOf("</body>"));
}

/** The core's answer to a render: the whole article, at the version asked for. */
export function article(args: Record<string, unknown>, over: Partial<PreviewPatch>): PreviewPatch {
  return patch({ version: args.version as number, lines: [1], outline: [], ...over });
}

// Publishing: the site sent to a target of the content folder's quire.toml (a git branch,
// a server over SSH, a folder), with its plan, progress, summary, a confirmation when it
// deletes much of the site, and a way to stop it, in one panel. The shell runs it on its
// blocking pool, so typing goes on while it sends.
import { asCommandError, type Api, type Plan, type PublishProgress, type Published, type Step, type Target } from "./api";
import type { Say } from "./status";

export interface PublishingElements {
  /** The toolbar's "Publish". */
  open: HTMLElement;
  panel: HTMLElement;
  /** Around the target chooser: shown only when quire.toml has several targets. */
  chooser: HTMLElement;
  target: HTMLSelectElement;
  /** "Publish" to the chosen target, beside the chooser. */
  start: HTMLButtonElement;
  /** How to add a target to quire.toml, shown when there is none or it is badly written. */
  help: HTMLElement;
  /** "N files to upload, M to delete, K unchanged — to <destination>". */
  plan: HTMLElement;
  progress: HTMLProgressElement;
  /** Where the publish is, then what it did (or why it failed). */
  summary: HTMLElement;
  /** "Delete N files and publish": only for a plan that needs the author's yes. */
  confirm: HTMLButtonElement;
  /** "Cancel" while a publish runs or waits for a yes, "Close" otherwise. */
  cancel: HTMLButtonElement;
  /** "Open <address>": the site as readers see it, after a publish that knows its address. */
  openSite: HTMLButtonElement;
  /** Shown when an https remote refuses: a token for it, and whether to keep it. */
  token: HTMLElement;
  tokenLabel: HTMLElement;
  tokenInput: HTMLInputElement;
  tokenRemember: HTMLInputElement;
  tokenSend: HTMLButtonElement;
  /** Whether the token was kept in the system keyring, or why not. */
  tokenNote: HTMLElement;
}

export interface PublishingDeps {
  api: Pick<Api, "publishTargets" | "publish" | "cancelPublish" | "openSite" | "rememberPublishToken">;
  say: Say;
  /** Posts may have been published: the list's "changed since publish" marks move. */
  published?: () => void;
}

export interface Publishing {
  running(): boolean;
}

export const CANCELLED_TEXT =
  "Publish cancelled. Every file on the target is whole, old or new; publish again to finish.";
export const NO_TARGET_TEXT = "No publish target is set yet.";
export const TOKEN_KEPT_TEXT = "The token is kept in the system keyring: Quire will not ask for it again.";
export const NO_KEYRING_TEXT =
  "No system keyring (GNOME Keyring, KWallet) answers, so the token was not kept: Quire will ask for it each time.";

type Phase = "idle" | "reading" | "running" | "cancelling" | "confirming";

export function createPublishing(els: PublishingElements, deps: PublishingDeps): Publishing {
  // One publish at a time: the shell has one cancel switch for it.
  let phase: Phase = "idle";
  /** The target of the plan waiting for a yes. */
  let pending: string | null = null;
  /** The token typed for that plan's publish, if any: it goes with the yes. */
  let pendingToken: string | null = null;
  /** The targets as last read, to know which take a token. */
  let known: Target[] = [];
  /** The target a token is asked for. */
  let asking: string | null = null;

  function tell(text: string, error = false): void {
    els.summary.textContent = text;
    els.summary.classList.toggle("error", error);
  }

  function showPlan(plan: Plan | null): void {
    els.plan.textContent = plan ? planText(plan) : "";
    els.plan.hidden = plan === null;
  }

  function settled(): void {
    phase = "idle";
    els.cancel.textContent = "Close";
    els.cancel.disabled = false;
    els.start.disabled = false;
  }

  /** Opens the panel, reads the targets, and publishes to the only one. */
  async function openPanel(): Promise<void> {
    els.panel.hidden = false;
    if (phase !== "idle") return;
    phase = "reading";
    reset();
    tell("Reading quire.toml…");
    let targets: Target[];
    try {
      targets = await deps.api.publishTargets();
    } catch (e) {
      failed(e);
      settled();
      return;
    }
    known = targets;
    settled();
    if (targets.length === 0) {
      noTarget(NO_TARGET_TEXT);
      return;
    }
    if (targets.length === 1) {
      await publish(targets[0]!.name, false);
      return;
    }
    const chosen = els.target.value;
    els.target.replaceChildren(...targets.map((t) => option(t.name, `${t.name} — ${destinationOf(t)}`)));
    if (targets.some((t) => t.name === chosen)) els.target.value = chosen;
    els.chooser.hidden = false;
    tell("Choose where to publish.");
  }

  /** Clears what the last publish showed. */
  function reset(): void {
    els.help.hidden = true;
    els.chooser.hidden = true;
    els.confirm.hidden = true;
    els.openSite.hidden = true;
    els.progress.hidden = true;
    els.token.hidden = true;
    els.tokenNote.hidden = true;
    asking = null;
    showPlan(null);
    tell("");
  }

  function noTarget(text: string, error = false): void {
    els.progress.hidden = true;
    els.help.hidden = false;
    tell(text, error);
  }

  function stepped(step: Step): void {
    switch (step.step) {
      case "exporting":
        bar(step.done, step.total);
        tell(`Exporting the site: ${count(step.done)} of ${count(step.total)}`);
        break;
      case "comparing":
        bar(null, 0);
        tell("Comparing with the target…");
        break;
      case "sending":
        bar(step.done, step.total);
        tell(`Sending files: ${count(step.done)} of ${count(step.total)}`);
        break;
      case "deleting":
        bar(null, 0);
        tell("Deleting files the site no longer has…");
        break;
    }
  }

  /** The bar at `done` of `total`; with no value it is indeterminate. */
  function bar(done: number | null, total: number): void {
    if (done === null) {
      els.progress.removeAttribute("value");
      return;
    }
    els.progress.max = Math.max(total, 1);
    els.progress.value = done;
  }

  function progressed(p: PublishProgress): void {
    // A message may come in after the answer, or after Cancel: the text stays.
    if (phase !== "running") return;
    if (p.kind === "plan") showPlan(p.plan);
    else stepped(p.step);
  }

  async function publish(name: string, confirmed: boolean, token: string | null = null): Promise<void> {
    if (phase !== "idle") return;
    phase = "running";
    pending = null;
    pendingToken = null;
    reset();
    els.progress.hidden = false;
    bar(null, 0);
    tell(`Publishing to ${name}…`);
    els.cancel.textContent = "Cancel";
    els.start.disabled = true;
    els.panel.hidden = false;
    let asked = false;
    try {
      const outcome = await deps.api.publish(name, confirmed, progressed, token);
      if (outcome.outcome === "confirm") {
        asked = true;
        pendingToken = token;
        askToConfirm(outcome.plan);
        return;
      }
      bar(1, 1);
      tell(publishedText(outcome.published));
      const address = outcome.published.address;
      els.openSite.hidden = address === null;
      els.openSite.textContent = address === null ? "" : `Open ${address}`;
      deps.say(
        outcome.published.uploaded + outcome.published.deleted === 0
          ? `Nothing changed since the last publish to ${outcome.published.target}`
          : `Published to ${outcome.published.target}`,
      );
      deps.published?.();
      // Kept only once the remote took it: a mistyped token is never stored.
      if (token !== null && els.tokenRemember.checked) void remember(name, token);
    } catch (e) {
      failed(e, name);
    } finally {
      if (!asked) settled();
    }
  }

  function askToConfirm(plan: Plan): void {
    phase = "confirming";
    pending = plan.target;
    els.progress.hidden = true;
    showPlan(plan);
    els.confirm.textContent = `Delete ${files(plan.delete)} and publish`;
    els.confirm.hidden = false;
    els.cancel.textContent = "Cancel";
    els.cancel.disabled = false;
    tell(`This publish would delete ${files(plan.delete)} from ${plan.target}, much of the site. Nothing was sent yet.`);
  }

  function failed(e: unknown, name: string | null = null): void {
    const error = asCommandError(e);
    els.progress.hidden = true;
    if (error.code === "cancelled") {
      tell(CANCELLED_TEXT);
      return;
    }
    if (error.code === "publish_target") noTarget(error.message, true);
    else tell(error.message, true);
    const target = known.find((t) => t.name === name);
    if (error.code === "auth_refused" && target && takesToken(target)) askToken(target);
    deps.say(error.message, "error");
  }

  /** Asks for a token for `target`, an https remote that refused what git had. */
  function askToken(target: Target): void {
    asking = target.name;
    els.tokenLabel.textContent = `A token for ${destinationOf(target)} (on GitHub: a fine-grained token with "Contents: write")`;
    els.tokenInput.value = "";
    els.token.hidden = false;
    els.tokenInput.focus();
  }

  function sendToken(): void {
    const token = els.tokenInput.value.trim();
    if (asking === null || token === "") return;
    const name = asking;
    els.tokenInput.value = "";
    void publish(name, false, token);
  }

  async function remember(name: string, token: string): Promise<void> {
    try {
      await deps.api.rememberPublishToken(name, token);
      els.tokenNote.textContent = TOKEN_KEPT_TEXT;
      els.tokenNote.classList.remove("error");
    } catch (e) {
      const error = asCommandError(e);
      els.tokenNote.textContent = error.code === "no_keyring" ? NO_KEYRING_TEXT : error.message;
      els.tokenNote.classList.toggle("error", error.code !== "no_keyring");
    }
    els.tokenNote.hidden = false;
  }

  async function confirm(): Promise<void> {
    if (phase !== "confirming" || pending === null) return;
    const name = pending;
    const token = pendingToken;
    phase = "idle";
    await publish(name, true, token);
  }

  async function cancelOrClose(): Promise<void> {
    if (phase === "cancelling" || phase === "reading") return;
    if (phase === "confirming") {
      // Nothing was sent: a no is the end of it.
      pending = null;
      pendingToken = null;
      els.confirm.hidden = true;
      settled();
      els.panel.hidden = true;
      return;
    }
    if (phase !== "running") {
      els.panel.hidden = true;
      return;
    }
    // The file in hand is still sent whole: the button waits for the publish to settle.
    phase = "cancelling";
    els.cancel.disabled = true;
    tell("Cancelling…");
    try {
      await deps.api.cancelPublish();
    } catch (e) {
      if (phase !== "cancelling") return;
      phase = "running";
      els.cancel.disabled = false;
      deps.say(asCommandError(e).message, "error");
    }
  }

  els.open.addEventListener("click", () => void openPanel());
  // The shell opens the address it published to, in the system's browser; the ui names none.
  els.openSite.addEventListener("click", () => {
    deps.api.openSite().catch((e: unknown) => deps.say(asCommandError(e).message, "error"));
  });
  els.start.addEventListener("click", () => {
    if (els.target.value) void publish(els.target.value, false);
  });
  els.confirm.addEventListener("click", () => void confirm());
  els.tokenSend.addEventListener("click", sendToken);
  els.tokenInput.addEventListener("keydown", (e) => {
    if (e.key === "Enter") sendToken();
  });
  els.cancel.addEventListener("click", () => void cancelOrClose());

  return { running: () => phase !== "idle" };
}

/** "12 files to upload, 1 to delete, 30 unchanged — to gh-pages of git@…". */
export function planText(p: Plan): string {
  return (
    `${files(p.upload)} to upload, ${count(p.delete)} to delete, ${count(p.unchanged)} unchanged` +
    ` — to ${p.destination}`
  );
}

/** The summary in one line, as `quire publish` prints it. */
export function publishedText(p: Published): string {
  const seconds = (p.millis / 1000).toFixed(2);
  const head =
    p.uploaded + p.deleted === 0
      ? `Nothing changed since the last publish to ${p.target} (${p.destination}): ` +
        `${files(p.unchanged)} in place, checked in ${seconds} s`
      : `Published to ${p.target} (${p.destination}): ${files(p.uploaded)} sent, ` +
        `${count(p.deleted)} deleted, ${count(p.unchanged)} unchanged in ${seconds} s`;
  return p.address ? `${head}. Readers open ${p.address}` : head;
}

/**
 * Whether a target takes a token: a git remote over https, or plain http on this machine
 * (as the shell's `secrets::takes_token`); ssh goes by the author's keys.
 */
export function takesToken(t: Target): boolean {
  if (t.kind.type !== "git") return false;
  const m = /^(https?):\/\/([^/?#]*)/.exec(t.kind.url);
  // A URL with credentials in it (`user:pass@host`) is not what it seems: never.
  if (!m || m[2] === "" || m[2]!.includes("@")) return false;
  if (m[1] === "https") return true;
  return /^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/.test(m[2]!);
}

function destinationOf(t: Target): string {
  switch (t.kind.type) {
    case "git":
      return `${t.kind.branch} of ${t.kind.url}`;
    case "ssh":
      return t.kind.destination;
    case "folder":
      return t.kind.dir;
  }
}

function count(n: number): string {
  return n.toLocaleString("en");
}

function files(n: number): string {
  return `${count(n)} ${n === 1 ? "file" : "files"}`;
}

function option(value: string, text: string): HTMLOptionElement {
  const o = document.createElement("option");
  o.value = value;
  o.textContent = text;
  return o;
}

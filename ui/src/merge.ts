// The three-way merge view: what both sides agree on, and each part they changed
// differently with "yours", "on disk" and "both" choices and an editable result.
import type { MergeView } from "./api";
import { button } from "./dom";

export interface MergeChoice {
  /** The merged text, when the author accepted. */
  accepted: string | null;
}

function pre(text: string, className: string): HTMLPreElement {
  const p = document.createElement("pre");
  p.className = className;
  p.textContent = text;
  return p;
}

/** Shows `view` in `panel` until the author accepts or puts the decision off. */
export function showMerge(panel: HTMLElement, view: MergeView): Promise<MergeChoice> {
  panel.replaceChildren();
  panel.hidden = false;
  const head = document.createElement("header");
  head.className = "merge-head";
  const title = document.createElement("strong");
  // The other side is the file on disk, or another machine's version met by a sync.
  const remote = view.remote;
  const other = remote === null ? "the ones on disk" : "the other machine's";
  title.textContent =
    remote === null
      ? "This post changed on disk while you were editing it."
      : "Another machine changed the same lines of this post.";
  const help = document.createElement("p");
  const conflicts = view.chunks.filter((c) => c.kind === "conflict").length;
  const written = remote === null ? "Nothing is written until you accept." : "The file keeps your text until you accept.";
  help.textContent =
    conflicts === 0
      ? `Your changes and ${other} touch different parts, so they merge by themselves. Both versions are in the history. ${written}`
      : `${conflicts} ${conflicts === 1 ? "part was" : "parts were"} changed on both sides: choose for each, or edit the result. Both versions are in the history. ${written}`;
  if (remote !== null) help.title = `Theirs: ${remote}`;
  head.append(title, help);

  const body = document.createElement("div");
  body.className = "merge-chunks";
  const parts: (() => string)[] = [];
  for (const chunk of view.chunks) {
    if (chunk.kind === "resolved") {
      body.append(pre(chunk.text, "merge-same"));
      parts.push(() => chunk.text);
      continue;
    }
    const box = document.createElement("div");
    box.className = "merge-conflict";
    box.dataset.testid = "merge-conflict";
    const sides = document.createElement("div");
    sides.className = "merge-sides";
    for (const [label, text] of [
      [remote === null ? "Yours (unsaved)" : "Yours", chunk.mine],
      [remote === null ? "On disk" : "The other machine's", chunk.theirs],
    ] as const) {
      const side = document.createElement("div");
      const h = document.createElement("h4");
      h.textContent = label;
      side.append(h, pre(text || "(nothing)", "merge-side"));
      sides.append(side);
    }
    const result = document.createElement("textarea");
    result.dataset.testid = "merge-result";
    result.spellcheck = false;
    // Both, until the author chooses: the safe default loses nothing.
    result.value = chunk.mine + chunk.theirs;
    result.rows = Math.min(12, Math.max(3, result.value.split("\n").length));
    const choices = document.createElement("div");
    choices.className = "merge-choices";
    const pick = (text: string) => () => {
      result.value = text;
    };
    const mine = button("Keep yours", "merge-mine");
    mine.addEventListener("click", pick(chunk.mine));
    const theirs = button(remote === null ? "Keep disk" : "Keep theirs", "merge-theirs");
    theirs.addEventListener("click", pick(chunk.theirs));
    const both = button("Keep both", "merge-both");
    both.addEventListener("click", pick(chunk.mine + chunk.theirs));
    choices.append(mine, theirs, both);
    box.append(sides, choices, result);
    body.append(box);
    parts.push(() => result.value);
  }

  const foot = document.createElement("footer");
  foot.className = "merge-foot";
  const accept = button("Accept merge and save", "merge-accept", "button primary");
  const later = button("Decide later", "merge-later");
  foot.append(accept, later);
  panel.append(head, body, foot);

  return new Promise((resolve) => {
    accept.addEventListener("click", () => {
      panel.hidden = true;
      resolve({ accepted: parts.map((p) => p()).join("") });
    });
    later.addEventListener("click", () => {
      panel.hidden = true;
      resolve({ accepted: null });
    });
  });
}

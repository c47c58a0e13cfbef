// The few elements the panels build by hand, made one way everywhere: a plain button
// (never a form's submit) and a muted line of explanation.

/** A button that submits nothing; `testid` names it to the tests. */
export function button(text: string, testid?: string, className = "button"): HTMLButtonElement {
  const b = document.createElement("button");
  b.type = "button";
  b.className = className;
  b.textContent = text;
  if (testid !== undefined) b.dataset.testid = testid;
  return b;
}

/** A line of muted text: what a panel says when it has nothing else to show. */
export function note(text: string): HTMLParagraphElement {
  const p = document.createElement("p");
  p.className = "muted";
  p.textContent = text;
  return p;
}

// When the draft is kept: 300 ms after the last keystroke, at most 700 ms after the
// first one not yet kept.
import { beforeEach, describe, expect, it } from "vitest";
import { createAutosave, DRAFT_IDLE_MS, DRAFT_MAX_MS, type Autosave } from "../src/autosave";
import { fakeClock, type FakeClock } from "./fakes";

let clock: FakeClock;
let kept: number[];
let autosave: Autosave;

beforeEach(() => {
  clock = fakeClock();
  kept = [];
  autosave = createAutosave(() => kept.push(clock.now()), clock);
});

describe("autosave", () => {
  it("keeps the values the crash test relies on", () => {
    expect(DRAFT_IDLE_MS).toBe(300);
    expect(DRAFT_MAX_MS).toBe(700);
  });

  it("keeps the draft after a pause of 300 ms", () => {
    autosave.edited();
    clock.advance(299);
    expect(kept).toEqual([]);
    clock.advance(1);
    expect(kept).toEqual([300]);
  });

  it("each keystroke restarts the pause", () => {
    autosave.edited();
    clock.advance(200);
    autosave.edited();
    clock.advance(200);
    expect(kept).toEqual([]);
    clock.advance(100);
    expect(kept).toEqual([500]);
  });

  it("keeps at least every 700 ms while the author types on", () => {
    for (let t = 0; t < 2000; t += 100) {
      autosave.edited();
      clock.advance(100);
    }
    clock.advance(1000);
    // Typing stops at 1900: the run that began at 1400 is due at 2100, before the pause ends.
    expect(kept).toEqual([700, 1400, 2100]);
  });

  it("cancel forgets the wait and when the typing began", () => {
    autosave.edited();
    clock.advance(250);
    autosave.cancel();
    clock.advance(1000);
    expect(kept).toEqual([]);
    autosave.edited();
    clock.advance(300);
    expect(kept).toEqual([1550]);
  });
});

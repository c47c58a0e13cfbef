// Time as the modules that wait see it: passed in, so that their tests move it by hand.

export type TimerId = number;

export interface Clock {
  now(): number;
  setTimeout(run: () => void, ms: number): TimerId;
  clearTimeout(id: TimerId | undefined): void;
}

export const windowClock: Clock = {
  now: () => Date.now(),
  setTimeout: (run, ms) => window.setTimeout(run, ms),
  clearTimeout: (id) => window.clearTimeout(id),
};

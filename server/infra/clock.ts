/** The source of the current time, replaceable in tests. */
export interface Clock {
  now(): number;
}

/** The real wall clock, in epoch milliseconds. */
export const systemClock: Clock = { now: () => Date.now() };

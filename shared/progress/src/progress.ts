/**
 * How a long operation reports how far it got. The operation calls it; what is shown (a bar on a
 * terminal, nothing in a pipe or a log) is the caller's choice, so the same code runs in both.
 */
export type ProgressPayload = Readonly<Record<string, string | number>>;

export interface Progress {
  /** `total` undefined: the end is not known in advance, and a counter is shown instead of a bar. */
  start(total: number | undefined, payload?: ProgressPayload): void;
  update(done: number, payload?: ProgressPayload): void;
  increment(by?: number, payload?: ProgressPayload): void;
  /** Ends the line: what is written next starts on a line of its own. */
  stop(): void;
}

/** Shows nothing: for streams that are not a terminal, and for tests. */
export const quietProgress: Progress = {
  start() {},
  update() {},
  increment() {},
  stop() {},
};

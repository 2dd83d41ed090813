import { ok, warn, type Finding } from './finding.js';

/** The server's time, and when this machine asked and heard back, all in epoch milliseconds. */
export interface ClockReading {
  readonly sentAt: number;
  readonly receivedAt: number;
  readonly serverTime: number;
}

/**
 * Decisions take `now` from their process's clock: a send window of 08:00–21:00 is kept only as
 * well as the clock is right. A few seconds is noise; more says that one of the clocks is not
 * synchronised.
 */
export const SKEW_WARN_MS = 5_000;

/**
 * How far this machine's clock is from another (`against`: `the clock of the MongoDB server at
 * …`). The server read its clock somewhere between asking and hearing back: the estimate takes
 * the middle, and only a skew beyond that round trip's uncertainty counts.
 */
export function judgeClockSkew(
  reading: ClockReading,
  against: string,
  warnOverMs: number = SKEW_WARN_MS,
): Finding {
  const halfTrip = (reading.receivedAt - reading.sentAt) / 2;
  const skew = reading.serverTime - (reading.sentAt + halfTrip);
  const beyondDoubt = Math.max(0, Math.abs(skew) - halfTrip);
  const seconds = (ms: number) =>
    ms < 1_000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
  if (beyondDoubt > warnOverMs) {
    const direction = skew > 0 ? 'behind' : 'ahead of';
    return warn(
      'clock',
      `this machine's clock is ${seconds(Math.abs(skew))} ${direction} ${against} (±${seconds(halfTrip)}): a service on a skewed clock sends at the wrong hour`,
      "synchronise both clocks with NTP (timedatectl, chronyc tracking), on every service's machine too",
    );
  }
  return ok(
    'clock',
    `this machine's clock agrees with ${against} within ${seconds(Math.abs(skew) + halfTrip)}`,
  );
}

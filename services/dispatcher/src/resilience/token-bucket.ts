/**
 * A token bucket: `ratePerSecond` tokens a second, at most `burst` saved up. Pure over the
 * instants it is given (milliseconds), so that tests need no timers; `wait` is the only part
 * that sleeps. One per provider account (Twilio's per-sender MPS, an SMTP relay's hourly quota).
 */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;
  /** Tokens promised to callers still waiting, so that concurrent callers queue up fairly. */
  private reserved = 0;

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
    nowMs: number,
  ) {
    if (!(ratePerSecond > 0)) throw new RangeError('ratePerSecond must be positive');
    if (!(burst >= 1)) throw new RangeError('burst must be at least 1');
    this.tokens = burst;
    this.updatedAt = nowMs;
  }

  /**
   * Takes one token: 0 when one was there, else how many milliseconds the caller must wait for
   * the token it is now promised (it must not take another for this send), or undefined, with
   * nothing promised, when that wait would be longer than `maxWaitMs`.
   */
  take(nowMs: number, maxWaitMs = Number.POSITIVE_INFINITY): number | undefined {
    this.refill(nowMs);
    const available = this.tokens - this.reserved;
    if (available >= 1) {
      this.tokens -= 1;
      return 0;
    }
    const missing = this.reserved + 1 - this.tokens;
    const wait = Math.ceil((missing / this.ratePerSecond) * 1000);
    // Nothing is promised to a caller that would wait too long: it comes back later.
    if (wait > maxWaitMs) return undefined;
    this.reserved += 1;
    return wait;
  }

  /** Settles a promise made by `take`, once the caller has waited. */
  redeem(nowMs: number): void {
    this.refill(nowMs);
    this.reserved = Math.max(0, this.reserved - 1);
    this.tokens -= 1; // may go below zero for a moment when timers fire early: the next callers wait
  }

  /** Tokens available now (for tests and metrics). */
  available(nowMs: number): number {
    this.refill(nowMs);
    return this.tokens - this.reserved;
  }

  private refill(nowMs: number): void {
    const elapsed = Math.max(0, nowMs - this.updatedAt);
    this.tokens = Math.min(this.burst, this.tokens + (elapsed / 1000) * this.ratePerSecond);
    this.updatedAt = nowMs;
  }
}

/** Waits for a token of `bucket` on the wall clock: false, at once, when it would wait too long. */
export async function takeToken(
  bucket: TokenBucket,
  now: () => number = Date.now,
  maxWaitMs = Number.POSITIVE_INFINITY,
): Promise<boolean> {
  const wait = bucket.take(now(), maxWaitMs);
  if (wait === undefined) return false;
  if (wait === 0) return true;
  await new Promise((resolve) => setTimeout(resolve, wait));
  bucket.redeem(now());
  return true;
}

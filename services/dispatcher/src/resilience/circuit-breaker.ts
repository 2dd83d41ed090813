/**
 * A circuit breaker per provider account: after `failureThreshold` consecutive provider
 * failures it opens and refuses sends for `openMs`; then it lets one trial send through
 * (half-open): success closes it, failure opens it again. Pure over the instants it is given.
 *
 * Only failures that are the provider's fault count (5xx, 429, no answer); a recipient's bad
 * number says nothing about Twilio's health.
 */
export type BreakerState = 'closed' | 'open' | 'half-open';

export class CircuitBreaker {
  private consecutiveFailures = 0;
  private openedAt: number | undefined;
  private trialInFlight = false;

  constructor(
    private readonly failureThreshold: number,
    private readonly openMs: number,
  ) {
    if (!(failureThreshold >= 1)) throw new RangeError('failureThreshold must be at least 1');
  }

  state(nowMs: number): BreakerState {
    if (this.openedAt === undefined) return 'closed';
    return nowMs - this.openedAt >= this.openMs ? 'half-open' : 'open';
  }

  /** Whether a send may go out now; in half-open, only one trial at a time. */
  tryAcquire(nowMs: number): boolean {
    const state = this.state(nowMs);
    if (state === 'closed') return true;
    if (state === 'open' || this.trialInFlight) return false;
    this.trialInFlight = true;
    return true;
  }

  /**
   * What was acquired was not tried after all (a rate limit's wait too long, a query not asked):
   * says nothing of the provider's health, and frees the half-open trial for the next send.
   */
  release(): void {
    this.trialInFlight = false;
  }

  succeeded(): void {
    this.consecutiveFailures = 0;
    this.openedAt = undefined;
    this.trialInFlight = false;
  }

  /** A send failed; `providerFault` says whether it counts against the provider. */
  failed(nowMs: number, providerFault: boolean): void {
    if (!providerFault) {
      // The provider answered: it is up, whatever this recipient's trouble.
      this.succeeded();
      return;
    }
    this.trialInFlight = false;
    this.consecutiveFailures += 1;
    if (this.openedAt !== undefined || this.consecutiveFailures >= this.failureThreshold) {
      this.openedAt = nowMs;
    }
  }
}

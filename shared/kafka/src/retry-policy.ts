/**
 * How failures are retried. In place first, a few quick times, because a consumer that sleeps
 * holds up its whole partition; then through the service's retry topic with growing waits, so
 * that the partition moves on; then the dead-letter topic.
 */
export interface RetryPolicy {
  /** Attempts in place, the first delivery included. */
  readonly inPlaceAttempts: number;
  /** Wait before the second in-place attempt; doubled for each one after. */
  readonly inPlaceBackoffMs: number;
  /** Waits before each attempt through the retry topic; its length is how many there are. */
  readonly retryTopicDelaysMs: readonly number[];
  /** ± this fraction of each wait is random, so that many failing consumers do not retry in step. */
  readonly jitter: number;
}

export const defaultRetryPolicy: RetryPolicy = {
  inPlaceAttempts: 3,
  inPlaceBackoffMs: 100,
  retryTopicDelaysMs: [5_000, 30_000, 120_000],
  jitter: 0.2,
};

/** The wait before in-place attempt `attempt` (2, 3, …). */
export function inPlaceDelayMs(
  policy: RetryPolicy,
  attempt: number,
  random: () => number = Math.random,
): number {
  return withJitter(policy.inPlaceBackoffMs * 2 ** Math.max(0, attempt - 2), policy.jitter, random);
}

export type AfterFailure =
  | { readonly action: 'retry-in-place'; readonly delayMs: number }
  | { readonly action: 'retry-topic'; readonly delayMs: number }
  | { readonly action: 'dead-letter' };

/**
 * What to do after a failed attempt. `inPlaceAttempt` counts attempts in this delivery;
 * `retryRound` counts the record's passes through the retry topic so far (0 on the original topic).
 */
export function afterFailure(
  policy: RetryPolicy,
  retryable: boolean,
  inPlaceAttempt: number,
  retryRound: number,
  random: () => number = Math.random,
): AfterFailure {
  if (!retryable) return { action: 'dead-letter' };
  if (inPlaceAttempt < policy.inPlaceAttempts) {
    return {
      action: 'retry-in-place',
      delayMs: inPlaceDelayMs(policy, inPlaceAttempt + 1, random),
    };
  }
  const nextDelay = policy.retryTopicDelaysMs[retryRound];
  if (nextDelay === undefined) return { action: 'dead-letter' };
  return { action: 'retry-topic', delayMs: withJitter(nextDelay, policy.jitter, random) };
}

function withJitter(ms: number, jitter: number, random: () => number): number {
  return Math.max(0, Math.round(ms * (1 + jitter * (2 * random() - 1))));
}

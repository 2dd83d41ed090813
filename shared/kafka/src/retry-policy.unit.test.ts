import { describe, expect, it } from 'vitest';
import { afterFailure, inPlaceDelayMs, type RetryPolicy } from './retry-policy.js';

const policy: RetryPolicy = {
  inPlaceAttempts: 3,
  inPlaceBackoffMs: 100,
  retryTopicDelaysMs: [5_000, 30_000],
  jitter: 0.2,
};
const middle = () => 0.5; // no jitter

describe('retry policy', () => {
  it('dead-letters a permanent failure at once', () => {
    expect(afterFailure(policy, false, 1, 0, middle)).toEqual({ action: 'dead-letter' });
  });

  it('retries in place with doubling waits, then through the retry topic, then gives up', () => {
    expect(afterFailure(policy, true, 1, 0, middle)).toEqual({
      action: 'retry-in-place',
      delayMs: 100,
    });
    expect(afterFailure(policy, true, 2, 0, middle)).toEqual({
      action: 'retry-in-place',
      delayMs: 200,
    });
    expect(afterFailure(policy, true, 3, 0, middle)).toEqual({
      action: 'retry-topic',
      delayMs: 5_000,
    });
    expect(afterFailure(policy, true, 3, 1, middle)).toEqual({
      action: 'retry-topic',
      delayMs: 30_000,
    });
    expect(afterFailure(policy, true, 3, 2, middle)).toEqual({ action: 'dead-letter' });
  });

  it('spreads waits by the jitter fraction, both ways', () => {
    expect(inPlaceDelayMs(policy, 2, () => 0)).toBe(80);
    expect(inPlaceDelayMs(policy, 2, () => 1)).toBe(120);
  });
});

import { describe, expect, it } from 'vitest';
import { failed, sent, type SendResult } from '../domain/send-result.js';
import { classifyTwilioError, TWILIO_NO_ANSWER } from '../domain/classify-failure.js';
import { CircuitBreaker } from './circuit-breaker.js';
import { guardedSender } from './guarded-sender.js';
import { TokenBucket } from './token-bucket.js';

describe('TokenBucket', () => {
  it('gives a burst at once, then one token per 1/rate seconds', () => {
    const bucket = new TokenBucket(2, 3, 0);
    expect([bucket.take(0), bucket.take(0), bucket.take(0)]).toEqual([0, 0, 0]);
    // Empty: the next callers are promised tokens 500 ms apart.
    expect(bucket.take(0)).toBe(500);
    expect(bucket.take(0)).toBe(1_000);
    bucket.redeem(500);
    bucket.redeem(1_000);
    expect(bucket.available(1_000)).toBeCloseTo(0);
    expect(bucket.available(1_500)).toBeCloseTo(1);
  });

  it('never saves up more than the burst', () => {
    const bucket = new TokenBucket(10, 2, 0);
    expect(bucket.available(60_000)).toBe(2);
  });
});

describe('CircuitBreaker', () => {
  it('opens after N consecutive provider failures, half-opens after the pause, closes on success', () => {
    const breaker = new CircuitBreaker(3, 1_000);
    for (let i = 0; i < 3; i++) {
      expect(breaker.tryAcquire(i)).toBe(true);
      breaker.failed(i, true);
    }
    expect(breaker.state(10)).toBe('open');
    expect(breaker.tryAcquire(10)).toBe(false);
    expect(breaker.state(1_002)).toBe('half-open');
    expect(breaker.tryAcquire(1_002)).toBe(true);
    expect(breaker.tryAcquire(1_003)).toBe(false); // one trial at a time
    breaker.succeeded();
    expect(breaker.state(1_004)).toBe('closed');
  });

  it('a failed trial opens it again for a whole pause', () => {
    const breaker = new CircuitBreaker(1, 1_000);
    breaker.failed(0, true);
    expect(breaker.tryAcquire(1_000)).toBe(true);
    breaker.failed(1_000, true);
    expect(breaker.state(1_500)).toBe('open');
    expect(breaker.state(2_000)).toBe('half-open');
  });

  it('a recipient’s failure does not count, and resets the count', () => {
    const breaker = new CircuitBreaker(2, 1_000);
    breaker.failed(0, true);
    breaker.failed(1, false);
    breaker.failed(2, true);
    expect(breaker.state(3)).toBe('closed');
  });
});

describe('guardedSender', () => {
  const down = (provider: string): SendResult =>
    failed({
      provider,
      code: '500',
      retryable: true,
      attempted: true,
      providerFault: true,
      effect: 'none',
      detail: 'down',
    });

  it('fails over to the second provider while the first is failing, and skips it once its breaker opens', async () => {
    const calls: string[] = [];
    let now = 0;
    const send = guardedSender<string>(
      [
        {
          name: 'primary',
          breaker: new CircuitBreaker(2, 1_000),
          send: async () => {
            calls.push('primary');
            return down('primary');
          },
        },
        {
          name: 'secondary',
          breaker: new CircuitBreaker(2, 1_000),
          send: async () => {
            calls.push('secondary');
            return sent({ provider: 'secondary', providerMessageId: 'id' });
          },
        },
      ],
      undefined,
      () => now,
    );
    for (let i = 0; i < 3; i++) expect((await send('m')).ok).toBe(true);
    expect(calls).toEqual(['primary', 'secondary', 'primary', 'secondary', 'secondary']);
    now = 1_000; // half-open: the primary gets one trial
    await send('m');
    expect(calls.slice(-2)).toEqual(['primary', 'secondary']);
  });

  it('does not fail over on a recipient’s problem', async () => {
    const calls: string[] = [];
    const send = guardedSender<string>([
      {
        name: 'primary',
        breaker: new CircuitBreaker(2, 1_000),
        send: async () => {
          calls.push('primary');
          return failed({
            provider: 'primary',
            code: '21211',
            retryable: false,
            attempted: true,
            providerFault: false,
            effect: 'invalid-address',
            detail: 'bad number',
          });
        },
      },
      {
        name: 'secondary',
        breaker: new CircuitBreaker(2, 1_000),
        send: async () => {
          calls.push('secondary');
          return sent({ provider: 'secondary', providerMessageId: 'id' });
        },
      },
    ]);
    expect((await send('m')).ok).toBe(false);
    expect(calls).toEqual(['primary']);
  });

  it('does not ask a second provider after one that may have taken the message', async () => {
    const calls: string[] = [];
    const unanswered = classifyTwilioError({ provider: 'primary' });
    const send = guardedSender<string>([
      {
        name: 'primary',
        breaker: new CircuitBreaker(2, 1_000),
        send: async () => {
          calls.push('primary');
          return failed(unanswered);
        },
      },
      {
        name: 'secondary',
        breaker: new CircuitBreaker(2, 1_000),
        send: async () => {
          calls.push('secondary');
          return sent({ provider: 'secondary', providerMessageId: 'id' });
        },
      },
    ]);
    const result = await send('m');
    expect(result.ok ? undefined : result.failure.code).toBe(TWILIO_NO_ANSWER);
    expect(calls).toEqual(['primary']);
    // A request that never left (connection refused) did not reach Twilio: the second is asked.
    const refused = classifyTwilioError({ provider: 'primary', neverSent: true });
    expect(refused.mayHaveBeenSent).toBe(false);
  });

  it('answers CIRCUIT_OPEN, not attempted, when every provider is paused', async () => {
    const breaker = new CircuitBreaker(1, 60_000);
    breaker.failed(Date.now(), true);
    const result = await guardedSender<string>([
      {
        name: 'only',
        breaker,
        send: async () => sent({ provider: 'only', providerMessageId: 'x' }),
      },
    ])('m');
    expect(result).toMatchObject({
      ok: false,
      failure: { code: 'CIRCUIT_OPEN', attempted: false, retryable: true },
    });
  });
});

describe('a half-open trial not tried after all', () => {
  it('is freed when the rate limit would keep it waiting too long, so the next send is the trial', async () => {
    let now = 0;
    const breaker = new CircuitBreaker(1, 1_000);
    breaker.failed(0, true);
    // One token a second, none saved: a send at 1,000 ms takes it; the next would wait a second.
    const bucket = new TokenBucket(1, 1, 0);
    bucket.take(0);
    let tried = 0;
    const send = guardedSender<string>(
      [
        {
          name: 'twilio',
          breaker,
          bucket,
          send: async () => {
            tried += 1;
            return sent({ provider: 'twilio', providerMessageId: `SM${tried}` });
          },
        },
      ],
      undefined,
      () => now,
      100,
    );
    now = 1_000;
    expect(breaker.state(now)).toBe('half-open');
    bucket.take(now);
    const limited = await send('m1');
    expect(limited.ok ? undefined : limited.failure.code).toBe('RATE_LIMITED');
    expect(tried).toBe(0);
    now = 2_000;
    expect((await send('m2')).ok).toBe(true);
    expect(tried).toBe(1);
    expect(breaker.state(now)).toBe('closed');
  });
});

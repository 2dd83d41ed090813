import { describe, expect, it } from 'vitest';
import { accountsAtOnce } from './messages-at-once.js';

const wait = { DISPATCHER_RATE_WAIT_MAX_MS: 10_000 };

describe('how many messages the dispatcher has in hand', () => {
  it('keeps a 1-a-second long code’s queue within the token wait', () => {
    // 6 partitions × 1 account: the sixth message gets its token after ~6 s, inside the 10 s.
    expect(accountsAtOnce({ ...wait, TWILIO_MPS: 1 })).toBe(1);
    expect(accountsAtOnce({ ...wait, TWILIO_MPS: 3 })).toBe(5);
  });

  it('follows the slowest rate-limited provider', () => {
    expect(accountsAtOnce({ ...wait, TWILIO_MPS: 500, SMTP_RATE_PER_SECOND: 2 })).toBe(3);
  });

  it('takes the consumer’s 32 when the providers are fast', () => {
    expect(accountsAtOnce({ ...wait, TWILIO_MPS: 500 })).toBe(32);
  });
});

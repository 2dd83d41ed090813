import { deterministicId } from '@kindly/contracts';
import { describe, expect, it } from 'vitest';
import { messageIdOf } from './message-id.js';

describe('messageIdOf', () => {
  it('is deterministicId over the message’s parts, asked once or again', () => {
    const cases = [
      ['bank-1', 'acct-1', 'cycle-1', 1, 'sms'],
      ['bank-1', 'acct-1', 'cycle-1', 1, 'email'],
      ['bank-1', 'acct-1', 'cycle-1', 12, 'sms'],
      ['bank-1', 'acct-11', 'cycle-1', 2, 'sms'],
      ['bank-11', 'acct-1', 'cycle-1', 2, 'sms'],
      ['bank-1', 'acct-1', 'cycle-2', 1, 'letter'],
    ] as const;
    for (const round of [1, 2]) {
      for (const [tenant, account, cycle, stage, channel] of cases) {
        const expected = deterministicId('message', tenant, account, cycle, String(stage), channel);
        expect(messageIdOf(tenant, account, cycle, stage, channel), `round ${round}`).toBe(
          expected,
        );
      }
    }
  });

  it('stays right after the cache fills and starts again', () => {
    for (let i = 0; i < 8_200; i += 1) messageIdOf('bank-1', `acct-${i}`, 'cycle-1', 1, 'sms');
    expect(messageIdOf('bank-1', 'acct-3', 'cycle-1', 1, 'sms')).toBe(
      deterministicId('message', 'bank-1', 'acct-3', 'cycle-1', '1', 'sms'),
    );
    expect(messageIdOf('bank-1', 'acct-8199', 'cycle-1', 1, 'sms')).toBe(
      deterministicId('message', 'bank-1', 'acct-8199', 'cycle-1', '1', 'sms'),
    );
  });
});

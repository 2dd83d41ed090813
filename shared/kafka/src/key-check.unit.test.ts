import { describe, expect, it } from 'vitest';
import { checkRecordKey } from './key-check.js';
import { aProbeEvent } from './testing/probe-event.js';

describe('checkRecordKey', () => {
  const event = aProbeEvent('succeed', 'acct-7');

  it('accepts a record keyed by its own account', () => {
    expect(checkRecordKey(Buffer.from('acct-7'), event)).toBeUndefined();
  });

  it('refuses a record keyed by another account, or by none, without naming either', () => {
    const other = checkRecordKey(Buffer.from('acct-8'), event);
    const none = checkRecordKey(null, event);
    expect(other?.reason).toBe('KEY_MISMATCH');
    expect(none?.reason).toBe('KEY_MISSING');
    expect(checkRecordKey(Buffer.alloc(0), event)?.reason).toBe('KEY_MISSING');
    expect(`${other?.detail} ${none?.detail}`).not.toMatch(/acct-/);
  });

  it('compares bytes exactly', () => {
    expect(checkRecordKey(Buffer.from('acct-7 '), event)?.reason).toBe('KEY_MISMATCH');
    expect(checkRecordKey(Buffer.from('ACCT-7'), event)?.reason).toBe('KEY_MISMATCH');
    const accented = aProbeEvent('succeed', 'compte-é');
    expect(checkRecordKey(Buffer.from('compte-é'), accented)).toBeUndefined();
  });

  it('leaves events that name no account alone', () => {
    expect(checkRecordKey(null, { payload: { batchId: 'b-1' } })).toBeUndefined();
    expect(checkRecordKey(Buffer.from('x'), { notAnEvent: true })).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { ACCEPTED_RANK, movesForward, rankOf, type TrackedStatus } from './delivery-progress.js';
import { mapTwilioStatus } from './twilio-status.js';

/** Applies statuses in the order they arrive, keeping only those that move forward. */
function replay(channel: 'sms' | 'email', arrivals: TrackedStatus[]): TrackedStatus[] {
  let rank = ACCEPTED_RANK;
  const taken: TrackedStatus[] = [];
  for (const status of arrivals) {
    const next = rankOf(channel, status);
    if (!movesForward(rank, next)) continue;
    rank = next;
    taken.push(status);
  }
  return taken;
}

describe('status order', () => {
  it('moves an SMS forward: queued, sent, delivered', () => {
    expect(replay('sms', ['queued', 'sent', 'delivered'])).toEqual(['queued', 'sent', 'delivered']);
  });

  it('never moves back: a late sent after delivered, or queued after sent, changes nothing', () => {
    expect(replay('sms', ['sent', 'delivered', 'sent', 'queued'])).toEqual(['sent', 'delivered']);
    expect(replay('sms', ['sent', 'queued'])).toEqual(['sent']);
  });

  it('keeps the first final status of an SMS, and ignores repeats', () => {
    expect(replay('sms', ['delivered', 'undelivered', 'failed', 'delivered'])).toEqual([
      'delivered',
    ]);
    expect(replay('sms', ['undelivered', 'delivered'])).toEqual(['undelivered']);
  });

  it('lets a hard bounce follow a soft one for an e-mail, never the reverse', () => {
    expect(replay('email', ['undelivered', 'undelivered', 'bounced'])).toEqual([
      'undelivered',
      'bounced',
    ]);
    expect(replay('email', ['bounced', 'undelivered'])).toEqual(['bounced']);
  });
});

describe('mapTwilioStatus', () => {
  it('maps the statuses Kindly tracks', () => {
    expect(mapTwilioStatus('queued', undefined)).toEqual({ status: 'queued', retryable: false });
    expect(mapTwilioStatus('sent', undefined)).toEqual({ status: 'sent', retryable: false });
    expect(mapTwilioStatus('delivered', undefined)).toEqual({
      status: 'delivered',
      retryable: false,
    });
  });

  it('marks 30003 (handset off) retryable and 30005/30007 final, with the code', () => {
    expect(mapTwilioStatus('undelivered', '30003')).toEqual({
      status: 'undelivered',
      retryable: true,
      errorCode: '30003',
    });
    expect(mapTwilioStatus('failed', '30008')).toMatchObject({ status: 'failed', retryable: true });
    expect(mapTwilioStatus('undelivered', '30005')).toEqual({
      status: 'undelivered',
      retryable: false,
      errorCode: '30005',
    });
    expect(mapTwilioStatus('failed', '30007')).toMatchObject({ retryable: false });
    expect(mapTwilioStatus('failed', undefined)).toEqual({ status: 'failed', retryable: false });
  });

  it('reports nothing for the steps the contract does not have', () => {
    for (const status of [
      'accepted',
      'scheduled',
      'sending',
      'receiving',
      'received',
      'read',
      'x',
    ]) {
      expect(mapTwilioStatus(status, undefined)).toBeUndefined();
    }
  });

  it('drops an error code that is not a number', () => {
    expect(mapTwilioStatus('failed', '<script>')).toEqual({ status: 'failed', retryable: false });
  });
});

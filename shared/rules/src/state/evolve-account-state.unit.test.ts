import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sampleEvents, type EventOf } from '@kindly/contracts';
import { emptyAccountState } from './account-state.js';
import { evolveAccountState, type BankInput } from './evolve-account-state.js';

const start = emptyAccountState('bank-1', sampleEvents['account.overdue'].payload.accountId);

function overdue(
  eventId: string,
  occurredAt: string,
  daysPastDue: number,
): EventOf<'account.overdue'> {
  const base = sampleEvents['account.overdue'];
  return { ...base, eventId, occurredAt, payload: { ...base.payload, daysPastDue } };
}

function status(
  eventId: string,
  occurredAt: string,
  set: string[],
  cleared: string[] = [],
): EventOf<'account.status'> {
  const base = sampleEvents['account.status'];
  return {
    ...base,
    eventId,
    occurredAt,
    payload: {
      accountId: base.payload.accountId,
      set: set as EventOf<'account.status'>['payload']['set'],
      cleared: cleared as EventOf<'account.status'>['payload']['cleared'],
      effectiveAt: occurredAt,
    },
  };
}

function apply(events: readonly BankInput[]) {
  return events.reduce((state, event) => evolveAccountState(state, event).state, start);
}

describe('evolveAccountState', () => {
  it('keeps the newest overdue position and skips an older one as stale', () => {
    const newer = overdue('e-2', '2026-03-05T00:00:00Z', 5);
    const older = overdue('e-1', '2026-03-04T00:00:00Z', 4);
    const afterNewer = evolveAccountState(start, newer);
    expect(afterNewer.applied).toBe(true);
    const afterOlder = evolveAccountState(afterNewer.state, older);
    expect(afterOlder).toMatchObject({ applied: false, reason: 'STALE_EVENT' });
    expect(afterOlder.state.overdue?.value.daysPastDue).toBe(5);
  });

  it('says duplicate for the same event twice', () => {
    const event = overdue('e-1', '2026-03-04T00:00:00Z', 4);
    const once = evolveAccountState(start, event);
    expect(evolveAccountState(once.state, event)).toMatchObject({
      applied: false,
      reason: 'DUPLICATE',
    });
  });

  it('adds payments whatever their order, once each, newest first', () => {
    const base = sampleEvents['account.payment'];
    const payment = (id: string, paidAt: string): EventOf<'account.payment'> => ({
      ...base,
      eventId: `e-${id}`,
      payload: { ...base.payload, paymentId: id, paidAt },
    });
    const earlier = payment('pay-1', '2026-03-01T00:00:00Z');
    const later = payment('pay-2', '2026-03-02T00:00:00Z');
    const state = apply([later, earlier, later]);
    expect(state.payments.map((p) => p.value.paymentId)).toEqual(['pay-2', 'pay-1']);
  });

  it('sets and clears flags, each by its own newest event', () => {
    const state = apply([
      status('s-1', '2026-03-01T00:00:00Z', ['dispute', 'legal-hold']),
      status('s-3', '2026-03-03T00:00:00Z', [], ['dispute']),
      status('s-2', '2026-03-02T00:00:00Z', ['dispute'], ['legal-hold']),
    ]);
    expect(state.flags.dispute?.active).toBe(false); // cleared on the 3rd; the 2nd's set is older
    expect(state.flags['legal-hold']?.active).toBe(false); // cleared on the 2nd
  });

  it('ends in the same state whatever order the events arrive in', () => {
    const events: BankInput[] = [
      overdue('o-1', '2026-03-04T00:00:00Z', 4),
      overdue('o-2', '2026-03-05T00:00:00Z', 5),
      overdue('o-3', '2026-03-05T00:00:00Z', 6), // same instant: the event id decides
      status('s-1', '2026-03-01T00:00:00Z', ['dispute']),
      status('s-2', '2026-03-02T00:00:00Z', [], ['dispute']),
      status('s-3', '2026-03-02T00:00:00Z', ['dispute']),
      sampleEvents['account.payment'],
      sampleEvents['account.arrangement'],
      sampleEvents['contact.updated'],
      sampleEvents['contact.consent'],
    ];
    const expected = apply(events);
    fc.assert(
      fc.property(fc.shuffledSubarray(events, { minLength: events.length }), (shuffled) => {
        const withRepeats = [...shuffled, ...shuffled.slice(0, 3)];
        expect(apply(withRepeats)).toEqual(expected);
      }),
    );
  });
});

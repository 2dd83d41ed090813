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

function contact(
  eventId: string,
  occurredAt: string,
  changes: Partial<EventOf<'contact.updated'>['payload']> = {},
): EventOf<'contact.updated'> {
  const base = sampleEvents['contact.updated'];
  return { ...base, eventId, occurredAt, payload: { ...base.payload, ...changes } };
}

function unreachable(
  eventId: string,
  occurredAt: string,
  channel: 'sms' | 'email' | 'letter' = 'sms',
  address = MOBILE,
): EventOf<'contact.unreachable'> {
  const base = sampleEvents['contact.unreachable'];
  const payload = { ...base.payload, at: occurredAt };
  return {
    ...base,
    eventId,
    occurredAt,
    payload:
      channel === 'letter'
        ? { ...payload, channel, address: 'postal', reason: 'returned-mail' }
        : channel === 'email'
          ? { ...payload, channel, address, reason: 'hard-bounce' }
          : { ...payload, channel, address },
  };
}

const MOBILE = sampleEvents['contact.updated'].payload.phones[0]!.number;
const OTHER_MOBILE = '+8613900139000';
const newMobile = { phones: [{ number: OTHER_MOBILE, type: 'mobile' as const, primary: true }] };

/** The unreachable addresses of a state, as `channel address`. */
function marks(state: ReturnType<typeof apply>): string[] {
  return (state.unreachable ?? []).map((m) => `${m.value.channel} ${m.value.address}`).sort();
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
      sampleEvents['contact.unreachable'],
      unreachable('u-letter', '2026-03-06T00:00:00Z', 'letter', 'postal'),
    ];
    const expected = apply(events);
    fc.assert(
      fc.property(fc.shuffledSubarray(events, { minLength: events.length }), (shuffled) => {
        const withRepeats = [...shuffled, ...shuffled.slice(0, 3)];
        expect(apply(withRepeats)).toEqual(expected);
      }),
    );
  });

  describe('unreachable addresses', () => {
    it('marks an address unreachable, once, and keeps the newest mark of it', () => {
      const first = unreachable('u-1', '2026-03-02T00:00:00Z');
      const once = evolveAccountState(apply([contact('c-1', '2026-03-01T00:00:00Z')]), first);
      expect(once.applied).toBe(true);
      expect(marks(once.state)).toEqual([`sms ${MOBILE}`]);
      expect(evolveAccountState(once.state, first)).toMatchObject({ reason: 'DUPLICATE' });
      const older = unreachable('u-0', '2026-03-01T12:00:00Z');
      expect(evolveAccountState(once.state, older)).toMatchObject({ reason: 'STALE_EVENT' });
      const later = evolveAccountState(once.state, unreachable('u-2', '2026-03-03T00:00:00Z'));
      expect(later.state.unreachable?.map((m) => m.eventId)).toEqual(['u-2']);
    });

    it('is cleared by a later contact record with a new address for the channel', () => {
      const state = apply([
        contact('c-1', '2026-03-01T00:00:00Z'),
        unreachable('u-1', '2026-03-02T00:00:00Z'),
        contact('c-2', '2026-03-03T00:00:00Z', newMobile),
      ]);
      expect(marks(state)).toEqual([]);
      // The consents are not touched: it was never a consent.
      expect(state.consents).toEqual([]);
    });

    it('is not cleared by a later contact record that repeats the same address', () => {
      const state = apply([
        contact('c-1', '2026-03-01T00:00:00Z'),
        unreachable('u-1', '2026-03-02T00:00:00Z'),
        contact('c-2', '2026-03-03T00:00:00Z', { locale: 'en-US' }),
      ]);
      expect(marks(state)).toEqual([`sms ${MOBILE}`]);
    });

    it('keeps the other addresses marked when one changes, and compares e-mail without case', () => {
      const email = sampleEvents['contact.updated'].payload.emails[0]!.address;
      const state = apply([
        contact('c-1', '2026-03-01T00:00:00Z'),
        unreachable('u-1', '2026-03-02T00:00:00Z'),
        unreachable('u-2', '2026-03-02T00:00:00Z', 'email', email.toUpperCase()),
        contact('c-2', '2026-03-03T00:00:00Z', newMobile),
      ]);
      expect(marks(state)).toEqual([`email ${email.toUpperCase()}`]);
    });

    it('orders by occurredAt, not arrival: an older contact record clears nothing', () => {
      const events = [
        unreachable('u-1', '2026-03-02T00:00:00Z'),
        contact('c-1', '2026-03-01T00:00:00Z', newMobile),
      ];
      expect(marks(apply(events))).toEqual([`sms ${MOBILE}`]);
    });

    it('orders by occurredAt, not arrival: a mark older than the new address is stale', () => {
      const newer = apply([contact('c-2', '2026-03-03T00:00:00Z', newMobile)]);
      const late = evolveAccountState(newer, unreachable('u-1', '2026-03-02T00:00:00Z'));
      expect(late).toMatchObject({ applied: false, reason: 'STALE_EVENT' });
      // …but kept when the newer record still has the address.
      const same = apply([contact('c-2', '2026-03-03T00:00:00Z')]);
      expect(evolveAccountState(same, unreachable('u-1', '2026-03-02T00:00:00Z')).applied).toBe(
        true,
      );
    });

    it('keeps a mark the bank already cleared stale, though a later record lists the address again', () => {
      // Mark T1, a record without the number T2, a record with it again T3: the mark arriving
      // last (or the T2 record arriving last) must not bar the number, whatever the order.
      const m1 = unreachable('u-1', '2026-03-01T00:00:00Z');
      const c0 = contact('c-0', '2026-02-01T00:00:00Z');
      const c2 = contact('c-2', '2026-03-02T00:00:00Z', newMobile);
      const c3 = contact('c-3', '2026-03-03T00:00:00Z');
      for (const order of [
        [c0, c2, c3, m1],
        [c0, c3, c2, m1],
        [c0, c3, m1, c2],
        [m1, c0, c2, c3],
        [c0, m1, c3, c2],
      ]) {
        expect(marks(apply(order)), order.map((e) => e.eventId).join(' ')).toEqual([]);
      }
      // A mark found after that record bars the number again.
      const m4 = unreachable('u-4', '2026-03-04T00:00:00Z');
      expect(marks(apply([c0, c2, c3, m1, m4]))).toEqual([`sms ${MOBILE}`]);
    });

    it('breaks a tie of instants by event id, as every other fact', () => {
      const at = '2026-03-02T00:00:00Z';
      // The contact record's id sorts after the mark's: the record is the later, and clears it.
      const after = [unreachable('a-mark', at), contact('b-contact', at, newMobile)];
      expect(marks(apply(after))).toEqual([]);
      expect(marks(apply([...after].reverse()))).toEqual([]);
      // The other way round the mark is the later: it was found under that record, and stays.
      const listed = [contact('a-contact', at), unreachable('b-mark', at)];
      expect(marks(apply(listed))).toEqual([`sms ${MOBILE}`]);
      expect(marks(apply([...listed].reverse()))).toEqual([`sms ${MOBILE}`]);
    });

    it('clears a returned letter only when the postal address changes', () => {
      const base = sampleEvents['contact.updated'].payload.postalAddresses[0]!;
      const moved = { postalAddresses: [{ ...base, lines: ['Other road 1'] }] };
      const returned = [
        contact('c-1', '2026-03-01T00:00:00Z'),
        unreachable('u-1', '2026-03-02T00:00:00Z', 'letter', 'postal'),
      ];
      expect(marks(apply([...returned, contact('c-2', '2026-03-03T00:00:00Z')]))).toEqual([
        'letter postal',
      ]);
      expect(marks(apply([...returned, contact('c-2', '2026-03-03T00:00:00Z', moved)]))).toEqual(
        [],
      );
      // Out of order, the record it was found under is not known (only the newest is kept): the
      // letter stays barred, on the safe side, until a record changes the address again.
      const moving = contact('c-2', '2026-03-03T00:00:00Z', moved);
      expect(marks(apply([returned[0]!, moving, returned[1]!]))).toEqual(['letter postal']);
      expect(marks(apply([returned[1]!, moving, returned[0]!]))).toEqual(['letter postal']);
    });

    it('reads a state stored before there were marks as having none', () => {
      const { unreachable: _none, ...old } = apply([contact('c-1', '2026-03-01T00:00:00Z')]);
      const next = evolveAccountState(old, contact('c-2', '2026-03-03T00:00:00Z', newMobile));
      expect(next.state.unreachable).toBeUndefined();
      const marked = evolveAccountState(old, unreachable('u-1', '2026-03-04T00:00:00Z'));
      expect(marks(marked.state)).toEqual([`sms ${MOBILE}`]);
    });
  });
});

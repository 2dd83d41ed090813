import { describe, expect, it } from 'vitest';
import { sampleEvents, type EventOf } from '@kindly/contracts';
import { observedTypes, type Observed } from './observer.js';
import { summarise } from './summary.js';

const START = Date.parse('2025-03-04T00:00:00Z');

function observed(events: Partial<Observed['byType']>): Observed {
  const byType = Object.fromEntries(
    observedTypes.map((t) => [t, []]),
  ) as unknown as Observed['byType'];
  return { byType: { ...byType, ...events }, lastEventAt: 0, positions: new Map() };
}

const plan = (messageId: string): EventOf<'outreach.planned'> => ({
  ...sampleEvents['outreach.planned'],
  payload: { ...sampleEvents['outreach.planned'].payload, messageId },
});

describe('the demo summary', () => {
  it('accounts for every planned message once: released, cancelled with a reason, or waiting', () => {
    const released = {
      ...sampleEvents['outreach.released'],
      payload: { ...sampleEvents['outreach.released'].payload, messageId: 'm1' },
    };
    const cancelled = {
      ...sampleEvents['outreach.cancelled'],
      payload: { ...sampleEvents['outreach.cancelled'].payload, messageId: 'm2' },
    };
    // A plan published twice (same id) counts once; a cancellation after release does not move it.
    const late = { ...cancelled, payload: { ...cancelled.payload, messageId: 'm1' } };
    const summary = summarise(
      observed({
        'outreach.planned': [plan('m1'), plan('m1'), plan('m2'), plan('m3')],
        'outreach.released': [released],
        'outreach.cancelled': [cancelled, late],
      }),
      3,
      START,
      2,
    );
    expect(summary).toMatchObject({
      planned: 3,
      released: 1,
      cancelled: 1,
      waiting: 1,
      addsUp: true,
    });
    expect(summary.cancelledByReason).toEqual({ PAID: 1 });
  });

  it('counts a send once per message, on the simulated day it was accepted', () => {
    const accepted = {
      ...sampleEvents['delivery.outcome'],
      payload: {
        ...sampleEvents['delivery.outcome'].payload,
        status: 'accepted' as const,
        at: '2025-03-05T10:00:00Z',
      },
    };
    const summary = summarise(observed({ 'delivery.outcome': [accepted, accepted] }), 1, START, 2);
    expect(summary.sentByChannel).toEqual({ sms: 1 });
    expect(summary.sentPerDay).toEqual([{}, { sms: 1 }]);
  });
});

import { describe, expect, it } from 'vitest';
import { deterministicId, sampleEvents, type EventOf } from '@kindly/contracts';
import { keepOnce, observedTypes, type Observed } from './observer.js';
import { summarise } from './summary.js';

const START = Date.parse('2025-03-04T00:00:00Z');

function observed(events: Partial<Observed['byType']>): Observed {
  const byType = Object.fromEntries(
    observedTypes.map((t) => [t, []]),
  ) as unknown as Observed['byType'];
  return {
    byType: { ...byType, ...events },
    records: new Map(),
    lastEventAt: 0,
    positions: new Map(),
  };
}

/** An outcome as the dispatcher publishes it: its id derives from the message and the attempt. */
function dispatcherOutcome(fields: {
  status: 'accepted' | 'failed';
  errorCode?: string;
  messageId?: string;
  at?: string;
}): EventOf<'delivery.outcome'> {
  const base = sampleEvents['delivery.outcome'];
  const messageId = fields.messageId ?? base.payload.messageId;
  const { messageId: _, ...rest } = fields;
  return {
    ...base,
    eventId: deterministicId('delivery.outcome', messageId, String(base.payload.attempt)),
    payload: { ...base.payload, ...rest, messageId, retryable: false },
  };
}

const plan = (messageId: string): EventOf<'outreach.planned'> => ({
  ...sampleEvents['outreach.planned'],
  payload: { ...sampleEvents['outreach.planned'].payload, messageId },
});

describe('the demo summary', () => {
  it('shows every planned message once: released, cancelled with a reason, or waiting', () => {
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
    });
    expect(summary.cancelledByReason).toEqual({ PAID: 1 });
  });

  it('counts a send once per message, on the simulated day it was accepted', () => {
    const accepted = dispatcherOutcome({ status: 'accepted', at: '2025-03-05T10:00:00Z' });
    const summary = summarise(observed({ 'delivery.outcome': [accepted, accepted] }), 1, START, 2);
    expect(summary.sentByChannel).toEqual({ sms: 1 });
    expect(summary.sentPerDay).toEqual([{}, { sms: 1 }]);
  });

  it('tells the dispatcher’s last-look stops from its failures, and both from later reports', () => {
    const stopped = dispatcherOutcome({ status: 'failed', errorCode: 'LAST_LOOK:PAID' });
    const refused = dispatcherOutcome({ status: 'failed', errorCode: '21211', messageId: 'm-2' });
    // The tracker's report of a Twilio status has an id of its own: not a failure at send.
    const reported = {
      ...refused,
      eventId: deterministicId('delivery.outcome', 'm-2', '1', 'failed'),
    };
    const summary = summarise(
      observed({ 'delivery.outcome': [stopped, refused, reported] }),
      1,
      START,
      2,
    );
    expect(summary.stoppedAtSendByReason).toEqual({ PAID: 1 });
    expect(summary.failedAtSendByReason).toEqual({ 'sms 21211': 1 });
    expect(summary.deliveryByStatus).toEqual({ 'sms failed': 1 });
  });
});

describe('what the demo observed', () => {
  it('keeps each event once, however many copies a retried publish stored', () => {
    const seen = new Set<string>();
    const run = observed({});
    const task = sampleEvents['agent.task'];
    const suppressed = sampleEvents['outreach.suppressed'];
    for (const copy of [task, task, { ...task }]) keepOnce(run, 'agent.task', copy, seen);
    keepOnce(run, 'outreach.suppressed', suppressed, seen);
    keepOnce(run, 'outreach.suppressed', { ...suppressed }, seen);
    const summary = summarise(run, 1, START, 1);
    expect(summary.agentTasks).toBe(1);
    expect(run.byType['outreach.suppressed']).toHaveLength(1);
  });
});

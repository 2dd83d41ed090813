import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '@kindly/clock';
import { newEventId, sampleEvents } from '@kindly/contracts';
import type { EventPublisher } from '@kindly/kafka';
import { provisionTestNamespace, type ProvisionedNamespace } from '@kindly/testing';
import type { OutgoingEvent } from '../domain/ports.js';
import { createEventOutbox, type ProducedBindings } from './event-outbox.repository.js';

/** A publisher whose broker is away until told otherwise: what an outage looks like to the outbox. */
function flakyPublisher() {
  const sent: OutgoingEvent[] = [];
  let up = false;
  const publisher: EventPublisher<ProducedBindings> = {
    publish: async (_topic, events) => {
      if (!up) throw new Error('the broker is away');
      sent.push(...(events as readonly OutgoingEvent[]));
    },
  };
  return { publisher, sent, comeBack: () => void (up = true) };
}

describe('the escalation outbox after a failed publish', () => {
  let ns: ProvisionedNamespace;
  beforeAll(async () => {
    ns = await provisionTestNamespace('escalation-outbox');
  });
  afterAll(async () => {
    await ns?.cleanup();
  });

  it('keeps the event for recovery, which publishes it once as decided, with nothing deciding it again', async () => {
    const storedAt = DateTime.fromISO('2026-03-01T12:00:00Z');
    const broker = flakyPublisher();
    const outbox = createEventOutbox(ns.mongo.db, broker.publisher, new ManualClock(storedAt));
    const event: OutgoingEvent = { ...sampleEvents['outreach.escalated'], eventId: newEventId() };

    await expect(outbox.publishOnce([event])).rejects.toThrow('away');
    expect((await outbox.recovery.oldest())?.getTime()).toBe(storedAt.toMillis());
    expect(await outbox.recovery.stale(storedAt.toJSDate(), 10)).toEqual([]);
    const stale = await outbox.recovery.stale(storedAt.plus({ seconds: 1 }).toJSDate(), 10);
    expect(stale.map((p) => p.event)).toEqual([event]);

    broker.comeBack();
    for (const pending of stale) await outbox.recovery.recover(pending);
    expect(broker.sent).toEqual([event]);
    expect(await outbox.recovery.oldest()).toBeUndefined();
    expect(await outbox.recovery.stale(storedAt.plus({ days: 1 }).toJSDate(), 10)).toEqual([]);
    // Decided again later: already out, nothing more.
    expect(await outbox.publishOnce([event])).toBe(0);
    expect(broker.sent).toHaveLength(1);
  });
});

import { ZodError } from 'zod';
import { topicCatalog } from './topic-catalog.js';
import { describe, expect, it } from 'vitest';
import { createEvent } from './create-event.js';
import { newEventId } from './ids.js';
import { sampleEvents } from './testing-fixtures/sample-events.js';

describe('createEvent', () => {
  it('stamps type and the version this code writes', () => {
    const { occurredAt, correlationId, causationId, tenantId, payload } =
      sampleEvents['outreach.planned'];
    const event = createEvent('outreach.planned', {
      eventId: newEventId(),
      occurredAt,
      correlationId,
      causationId,
      tenantId,
      payload,
    });
    expect(event.type).toBe('outreach.planned');
    expect(event.schemaVersion).toBe(topicCatalog['outreach.planned'].schemaVersion);
    expect(event.payload.window.zones).toEqual(['Asia/Shanghai']);
  });

  it('takes optional fields that are present but undefined', () => {
    const sample = sampleEvents['outreach.planned'];
    const campaignId: string | undefined = undefined;
    const event = createEvent('outreach.planned', {
      eventId: sample.eventId,
      occurredAt: sample.occurredAt,
      correlationId: sample.correlationId,
      causationId: sample.causationId,
      tenantId: sample.tenantId,
      payload: { ...sample.payload, campaignId },
    });
    expect(event.payload.campaignId).toBeUndefined();
  });

  it('refuses to build an event that breaks the contract', () => {
    const sample = sampleEvents['agent.task'];
    const broken = {
      eventId: sample.eventId,
      occurredAt: '2025-03-11 09:00',
      correlationId: sample.correlationId,
      causationId: sample.causationId,
      tenantId: sample.tenantId,
      payload: sample.payload,
    };
    expect(() => createEvent('agent.task', broken)).toThrow(ZodError);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleEvents } from '@kindly/contracts';
import { provisionTestNamespace, type ProvisionedNamespace } from '@kindly/testing';
import { createOutreachLogRepository } from './outreach-log.repository.js';

describe("the planner's log of delivery reports", () => {
  let ns: ProvisionedNamespace;
  beforeAll(async () => {
    ns = await provisionTestNamespace('outreach-log');
  });
  afterAll(async () => {
    await ns?.cleanup();
  });

  async function planned(messageId: string) {
    const log = createOutreachLogRepository(ns.mongo.db);
    const sample = sampleEvents['outreach.planned'];
    await log.claim(
      {
        messageId,
        tenantId: 'bank-1',
        accountId: `acct-${messageId}`,
        cycleId: 'cycle-1',
        stage: 1,
        channel: 'sms',
        purpose: 'servicing',
        plannedFor: '2026-03-04T13:00:00Z',
      },
      { ...sample, payload: { ...sample.payload, messageId } },
    );
    await log.markPublished(messageId);
    return log;
  }

  it('keeps the earliest send time, whatever order the reports come in', async () => {
    const log = await planned('m-order');
    await log.recordOutcome('m-order', { sentAt: '2026-03-04T13:00:05Z' });
    const earlier = await log.recordOutcome('m-order', { sentAt: '2026-03-04T13:00:01Z' });
    expect(earlier?.sentAt).toBe('2026-03-04T13:00:01Z');
    const later = await log.recordOutcome('m-order', { sentAt: '2026-03-04T13:00:09Z' });
    expect(later?.sentAt).toBe('2026-03-04T13:00:01Z');
    expect(later?.outcome).toBeUndefined();
  });

  it('keeps the first final outcome, and still records an earlier send time', async () => {
    const log = await planned('m-final');
    const delivered = await log.recordOutcome('m-final', {
      sentAt: '2026-03-04T13:00:07Z',
      outcome: 'delivered',
    });
    expect(delivered).toMatchObject({ outcome: 'delivered', sentAt: '2026-03-04T13:00:07Z' });
    const late = await log.recordOutcome('m-final', {
      sentAt: '2026-03-04T13:00:02Z',
      outcome: 'undelivered',
    });
    expect(late).toMatchObject({ outcome: 'delivered', sentAt: '2026-03-04T13:00:02Z' });
    const reopened = await log.accountLog('bank-1', 'acct-m-final');
    expect(reopened.messages.map((m) => m.outcome)).toEqual(['delivered']);
  });

  it('knows nothing of a message it never planned', async () => {
    const log = createOutreachLogRepository(ns.mongo.db);
    expect(await log.recordOutcome('m-unknown', { sentAt: '2026-03-04T13:00:00Z' })).toBe(
      undefined,
    );
    expect(await log.recordOutcome('m-unknown', { outcome: 'failed' })).toBe(undefined);
  });
});

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

  async function planned(
    messageId: string,
    {
      accountId = `acct-${messageId}`,
      channel = 'sms',
    }: { accountId?: string; channel?: 'sms' | 'email' } = {},
  ) {
    const log = createOutreachLogRepository(ns.mongo.db);
    const sample = sampleEvents['outreach.planned'];
    await log.claim(
      {
        messageId,
        tenantId: 'bank-1',
        accountId,
        cycleId: 'cycle-1',
        stage: 1,
        channel,
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

  it('marks a supersession once, and never on a message it knows was sent', async () => {
    const log = await planned('m-superseded');
    expect((await log.markSuperseded('m-superseded'))?.result).toBe('superseded');
    expect((await log.markSuperseded('m-superseded'))?.result).toBe('already-cancelled');
    await planned('m-sent');
    await log.recordOutcome('m-sent', { sentAt: '2026-03-04T13:00:05Z' });
    expect((await log.markSuperseded('m-sent'))?.result).toBe('already-sent');
    await planned('m-delivered');
    await log.recordOutcome('m-delivered', { outcome: 'delivered' });
    expect((await log.markSuperseded('m-delivered'))?.result).toBe('already-sent');
    const logged = await log.accountLog('bank-1', 'acct-m-sent');
    expect(logged.messages.map((m) => [m.status, m.supersededAtRelease])).toEqual([
      ['planned', undefined],
    ]);
    expect(await log.markSuperseded('m-never')).toBeUndefined();
  });

  it('finds the copy of a channel still planned, not the one superseded or closed', async () => {
    const email = { accountId: 'acct-copies', channel: 'email' as const };
    const log = await planned('m-copy-1', email);
    await log.markSuperseded('m-copy-1');
    await planned('m-copy-2', email);
    const found = () => log.findMessage('bank-1', 'acct-copies', 'cycle-1', 1, 'email');
    expect((await found())?.messageId).toBe('m-copy-2');
    // Closed by an outcome, the slot is free again: the open copy is preferred.
    await log.recordOutcome('m-copy-2', { outcome: 'undelivered' });
    expect((await found())?.messageId).toBe('m-copy-2');
    await planned('m-copy-3', email);
    expect((await found())?.messageId).toBe('m-copy-3');
  });
});

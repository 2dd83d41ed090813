import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  sampleEvents,
  type EventOf,
  type OutreachCancelledV1,
  type OutreachPlannedV1,
} from '@kindly/contracts';
import { loadPlanningRules } from '@kindly/rules';
import { provisionTestNamespace, type ProvisionedNamespace } from '@kindly/testing';
import { createOutreachLogRepository } from './data-access/outreach-log.repository.js';
import { planAccount, type PlanAccountDeps } from './domain/plan-account.use-case.js';
import type { PlannerEvent } from './domain/ports.js';
import { WASHINGTON_NOW, washingtonAccount } from './testing/washington-account.js';

/*
 * The notices of the shipped strategies, through the planner and its log in MongoDB: a cease
 * request replaces the waiting reminder with the efforts-terminated letter, once; a promise to
 * pay gets its reminder, withdrawn when the promise is kept before it goes.
 */

const rules = loadPlanningRules();
// Wednesday 2026-06-10, 11:00 in Seattle.
const NOW = WASHINGTON_NOW;
const base = { tenantId: 'bank-1', correlationId: 'c', causationId: null };

function cease(accountId: string): EventOf<'account.status'> {
  return {
    ...sampleEvents['account.status'],
    ...base,
    eventId: `${accountId}-cease`,
    occurredAt: '2026-06-10T17:30:00Z',
    payload: {
      accountId,
      set: ['cease-communication'],
      cleared: [],
      effectiveAt: '2026-06-10T17:30:00Z',
    },
  };
}

function promise(
  accountId: string,
  status: 'made' | 'kept',
  at: string,
): EventOf<'account.arrangement'> {
  const sample = sampleEvents['account.arrangement'];
  if (sample.payload.kind !== 'promise-to-pay') throw new Error('expected a promise to pay');
  return {
    ...sample,
    ...base,
    eventId: `${accountId}-promise-${status}`,
    occurredAt: at,
    payload: {
      ...sample.payload,
      accountId,
      status,
      promisedDate: '2026-06-15',
      amount: { amountMinor: 42_000, currency: 'USD' },
    },
  };
}

describe('notices, planned by the planner', () => {
  let ns: ProvisionedNamespace;
  let deps: PlanAccountDeps;
  const published: PlannerEvent[] = [];
  const plans = (accountId: string) =>
    published.filter(
      (e): e is OutreachPlannedV1 =>
        e.type === 'outreach.planned' && e.payload.accountId === accountId,
    );
  const cancels = (accountId: string) =>
    published.filter(
      (e): e is OutreachCancelledV1 =>
        e.type === 'outreach.cancelled' && e.payload.accountId === accountId,
    );

  beforeAll(async () => {
    ns = await provisionTestNamespace('planner-notices');
    deps = {
      rules,
      log: createOutreachLogRepository(ns.mongo.db),
      events: { publish: async (list) => void published.push(...list) },
    };
  });
  afterAll(async () => {
    await ns?.cleanup();
  });
  const cause = { eventId: 'e', correlationId: 'c' };

  it('replaces the waiting reminder with the efforts-terminated letter after a cease request, once', async () => {
    const id = 'acct-cease';
    await planAccount(
      deps,
      washingtonAccount(id, { daysPastDue: 5, overdueMinor: 42_000 }),
      cause,
      NOW,
    );
    const [sms] = plans(id);
    expect(sms?.payload).toMatchObject({ channel: 'sms', templateId: 'reminder-friendly-sms' });

    const ceased = washingtonAccount(id, {
      daysPastDue: 5,
      overdueMinor: 42_000,
      more: [cease(id)],
    });
    await planAccount(deps, ceased, cause, NOW.plus({ minutes: 40 }));
    expect(cancels(id).map((c) => c.payload)).toEqual([
      expect.objectContaining({
        messageId: sms?.payload.messageId,
        reason: 'CEASE_COMMUNICATION',
      }),
    ]);
    const [, letter] = plans(id);
    expect(letter?.payload).toMatchObject({
      channel: 'letter',
      templateId: 'cease-efforts-terminated-letter',
    });

    // Asked again (another event about the account): nothing more is planned.
    await planAccount(deps, ceased, cause, NOW.plus({ hours: 2 }));
    expect(plans(id)).toHaveLength(2);
  });

  it('plans the reminder before a promised payment, and withdraws it when the promise is kept', async () => {
    const id = 'acct-promise';
    const made = promise(id, 'made', '2026-06-10T17:30:00Z');
    await planAccount(
      deps,
      washingtonAccount(id, { daysPastDue: 5, overdueMinor: 42_000, more: [made] }),
      cause,
      NOW,
    );
    const [reminder] = plans(id);
    expect(reminder?.payload).toMatchObject({ channel: 'sms', templateId: 'promise-reminder-sms' });
    const start = DateTime.fromISO(reminder?.payload.earliestSendAt ?? '').setZone(
      'America/Los_Angeles',
    );
    expect(start.toISODate()).toBe('2026-06-13');

    const kept = promise(id, 'kept', '2026-06-11T17:00:00Z');
    await planAccount(
      deps,
      washingtonAccount(id, { daysPastDue: 5, overdueMinor: 42_000, more: [made, kept] }),
      cause,
      NOW.plus({ days: 1 }),
    );
    expect(cancels(id).map((c) => c.payload)).toEqual([
      expect.objectContaining({
        messageId: reminder?.payload.messageId,
        reason: 'PAID',
      }),
    ]);
  });
});

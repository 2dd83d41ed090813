import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '@kindly/clock';
import { sampleEvents } from '@kindly/contracts';
import { provisionTestNamespace, type ProvisionedNamespace } from '@kindly/testing';
import { createOutreachLogRepository } from './data-access/outreach-log.repository.js';
import { planAccount } from './domain/plan-account.use-case.js';
import type { PlannerEvent } from './domain/ports.js';
import { SEATTLE_PHONE, WASHINGTON_NOW, washingtonAccount } from './testing/washington-account.js';
import { loadPlanningRules } from '@kindly/rules';

const rules = loadPlanningRules();
const NOW = WASHINGTON_NOW;

describe("the planner's own plans count towards the caps", () => {
  let ns: ProvisionedNamespace;
  beforeAll(async () => {
    ns = await provisionTestNamespace('plan-account');
  });
  afterAll(async () => {
    await ns?.cleanup();
  });

  it('waits until a Washington customer has had fewer than 3 contacts in 7 days', async () => {
    const log = createOutreachLogRepository(ns.mongo.db);
    const published: PlannerEvent[] = [];
    const events = {
      publish: async (list: readonly PlannerEvent[]) => void published.push(...list),
    };
    // Three messages of the previous cycle, planned for the last three days.
    for (const daysAgo of [1, 2, 3]) {
      const messageId = `earlier-${daysAgo}`;
      const sample = sampleEvents['outreach.planned'];
      await log.claim(
        {
          messageId,
          tenantId: 'bank-1',
          accountId: 'acct-wa',
          cycleId: 'acct-wa-2026-05-07',
          stage: daysAgo,
          channel: 'sms',
          purpose: 'servicing',
          plannedFor: NOW.minus({ days: daysAgo }).toISO() ?? '',
        },
        { ...sample, payload: { ...sample.payload, messageId } },
      );
      await log.markPublished(messageId);
    }

    const outcome = await planAccount(
      { rules, log, events },
      washingtonAccount('acct-wa', { daysPastDue: 3 }),
      { eventId: 'e', correlationId: 'c' },
      NOW,
    );
    expect(outcome).toBe('plan');
    const planned = published.find((e) => e.type === 'outreach.planned');
    if (planned?.type !== 'outreach.planned') throw new Error('no plan');
    // The oldest of the three (3 days ago) leaves the rolling week after 7 local days: the
    // planner must not offer a slot before then.
    const oldestLeaves = NOW.minus({ days: 3 })
      .setZone('America/Los_Angeles')
      .plus({ days: 7 })
      .startOf('day');
    expect(DateTime.fromISO(planned.payload.earliestSendAt) >= oldestLeaves).toBe(true);
    expect(planned.payload.reasons).toContain('WAITED_FOR_CAP');

    // Without those plans in the log the same account could be contacted at once.
    const fresh = washingtonAccount('acct-wa-2', { daysPastDue: 3 });
    const alone: PlannerEvent[] = [];
    await planAccount(
      { rules, log, events: { publish: async (l) => void alone.push(...l) } },
      fresh,
      { eventId: 'e2', correlationId: 'c' },
      NOW,
    );
    const immediate = alone.find((e) => e.type === 'outreach.planned');
    expect(immediate?.type === 'outreach.planned' && immediate.payload.earliestSendAt).toBe(
      '2026-06-10T18:00:00Z',
    );
  });
});

describe('a plan claimed and not published (a crash or a broker outage between the two)', () => {
  let ns: ProvisionedNamespace;
  beforeAll(async () => {
    ns = await provisionTestNamespace('plan-unpublished');
  });
  afterAll(async () => {
    await ns?.cleanup();
  });

  it('goes out, as first decided, at the next look at the account, and only once', async () => {
    const log = createOutreachLogRepository(ns.mongo.db);
    const published: PlannerEvent[] = [];
    let brokerDown = true;
    const events = {
      publish: async (list: readonly PlannerEvent[]) => {
        if (brokerDown) throw new Error('the broker is away');
        published.push(...list);
      },
    };
    const account = washingtonAccount('acct-lost', { daysPastDue: 3 });
    const cause = { eventId: 'e', correlationId: 'c' };
    await expect(planAccount({ rules, log, events }, account, cause, NOW)).rejects.toThrow();
    const [claimed] = (await log.accountLog('bank-1', 'acct-lost')).unpublished;
    expect(claimed?.event.type).toBe('outreach.planned');

    // The input comes again (redelivery): the claim counts as a pending contact, so the decision
    // itself is "wait for its outcome"; the stored plan must go out all the same.
    brokerDown = false;
    await planAccount({ rules, log, events }, account, cause, NOW.plus({ hours: 1 }));
    const plans = published.filter((e) => e.type === 'outreach.planned');
    expect(plans).toHaveLength(1);
    expect(plans[0]).toEqual(claimed?.event);
    expect((await log.accountLog('bank-1', 'acct-lost')).unpublished).toEqual([]);
    expect(await log.oldestUnpublished()).toBeUndefined();

    await planAccount({ rules, log, events }, account, cause, NOW.plus({ hours: 2 }));
    expect(published.filter((e) => e.type === 'outreach.planned')).toHaveLength(1);
  });

  it('is listed for recovery once older than the grace period, oldest first', async () => {
    const claimedAt = DateTime.fromISO('2026-06-10T12:00:00Z');
    const log = createOutreachLogRepository(ns.mongo.db, new ManualClock(claimedAt));
    const sample = sampleEvents['outreach.planned'];
    for (const [i, accountId] of ['acct-r1', 'acct-r2'].entries()) {
      await log.claim(
        {
          messageId: `m-${accountId}`,
          tenantId: 'bank-1',
          accountId,
          cycleId: `${accountId}-c`,
          stage: 1,
          channel: 'sms',
          purpose: 'servicing',
          plannedFor: NOW.toISO() ?? '',
        },
        { ...sample, payload: { ...sample.payload, messageId: `m-${accountId}`, stage: i + 1 } },
      );
    }
    expect(await log.unpublishedBefore(claimedAt.toJSDate(), 10)).toEqual([]);
    const stale = await log.unpublishedBefore(claimedAt.plus({ seconds: 1 }).toJSDate(), 10);
    expect(stale.map((p) => p.messageId).sort()).toEqual(['m-acct-r1', 'm-acct-r2']);
    expect((await log.oldestUnpublished())?.getTime()).toBe(claimedAt.toMillis());
    await log.markPublished('m-acct-r1');
    await log.markPublished('m-acct-r2');
    expect(await log.unpublishedBefore(claimedAt.plus({ days: 1 }).toJSDate(), 10)).toEqual([]);
  });

  it('withdraws the collections stage’s waiting SMS on a revoked servicing consent, not a campaign’s SMS of the same stage number', async () => {
    const log = createOutreachLogRepository(ns.mongo.db);
    const published: PlannerEvent[] = [];
    const events = {
      publish: async (list: readonly PlannerEvent[]) => void published.push(...list),
    };
    const cause = { eventId: 'e', correlationId: 'c' };
    const planned = washingtonAccount('acct-both', { daysPastDue: 3 });
    await planAccount({ rules, log, events }, planned, cause, NOW);
    const stageSms = published.find((e) => e.type === 'outreach.planned');
    if (stageSms?.type !== 'outreach.planned') throw new Error('no plan');
    // A campaign's stage-1 SMS waits too, in the campaign's own cycle.
    const sample = sampleEvents['outreach.planned'];
    await log.claim(
      {
        messageId: 'campaign-message-1',
        tenantId: 'bank-1',
        accountId: 'acct-both',
        cycleId: 'campaign:spring',
        stage: 1,
        channel: 'sms',
        purpose: 'marketing',
        plannedFor: NOW.toISO() ?? '',
      },
      { ...sample, payload: { ...sample.payload, messageId: 'campaign-message-1' } },
    );
    await log.markPublished('campaign-message-1');

    // The customer revokes servicing texts (marketing consent, for the campaign, is its own).
    const revoked = washingtonAccount('acct-both', {
      daysPastDue: 3,
      more: [
        {
          ...sampleEvents['contact.consent'],
          tenantId: 'bank-1',
          eventId: 'acct-both-revoked',
          occurredAt: '2026-06-10T17:00:00Z',
          payload: {
            ...sampleEvents['contact.consent'].payload,
            accountId: 'acct-both',
            address: SEATTLE_PHONE,
            channel: 'sms',
            purpose: 'servicing',
            status: 'revoked',
            at: '2026-06-10T17:00:00Z',
          },
        },
      ],
    });
    await planAccount({ rules, log, events }, revoked, cause, NOW.plus({ minutes: 5 }));
    const cancelled = published.flatMap((e) =>
      e.type === 'outreach.cancelled' ? [e.payload.messageId] : [],
    );
    expect(cancelled).toContain(stageSms.payload.messageId);
    expect(cancelled).not.toContain('campaign-message-1');
  });
});

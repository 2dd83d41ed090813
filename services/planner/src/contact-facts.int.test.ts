import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccountStateRepository } from '@kindly/account-state';
import {
  createEvent,
  deterministicId,
  type EscalationReason,
  type OutreachPlannedV1,
} from '@kindly/contracts';
import { loadPlanningRules } from '@kindly/rules';
import { provisionTestNamespace, type ProvisionedNamespace } from '@kindly/testing';
import { createOutreachLogRepository } from './data-access/outreach-log.repository.js';
import { contactsOf, planAccount } from './domain/plan-account.use-case.js';
import type { PlannerEvent } from './domain/ports.js';
import { WASHINGTON_NOW, washingtonAccount } from './testing/washington-account.js';
import {
  recordDelivery,
  recordEscalation,
  type RecordDeliveryDeps,
} from './domain/record-delivery.use-case.js';

const rules = loadPlanningRules();
// Wednesday 2026-06-10, 11:00 in Seattle.
const NOW = WASHINGTON_NOW;
const base = { tenantId: 'bank-1', correlationId: 'c', causationId: null };

describe('the wording the planner chooses, from its own log of contacts', () => {
  let ns: ProvisionedNamespace;
  let deps: RecordDeliveryDeps;
  const published: PlannerEvent[] = [];
  const plans = (accountId: string) =>
    published.filter(
      (e): e is OutreachPlannedV1 =>
        e.type === 'outreach.planned' && e.payload.accountId === accountId,
    );

  beforeAll(async () => {
    ns = await provisionTestNamespace('planner-facts');
    deps = {
      rules,
      log: createOutreachLogRepository(ns.mongo.db),
      events: { publish: async (list) => void published.push(...list) },
      store: createAccountStateRepository(ns.mongo.db),
    };
  });
  afterAll(async () => {
    await ns?.cleanup();
  });

  /** The account is known and its stage-3 call planned; returns the call's plan. */
  async function callPlanned(accountId: string): Promise<OutreachPlannedV1> {
    const state = washingtonAccount(accountId, { daysPastDue: 50, overdueMinor: 42_000 });
    expect(await deps.store.save(state, 0)).toBe(true);
    expect(await planAccount(deps, state, { eventId: 'e', correlationId: 'c' }, NOW)).toBe('plan');
    const [call] = plans(accountId);
    expect(call?.payload).toMatchObject({ stage: 3, channel: 'agent-call' });
    if (!call) throw new Error('no call planned');
    return call;
  }

  const escalated = (call: OutreachPlannedV1, reason: EscalationReason) =>
    createEvent('outreach.escalated', {
      ...base,
      eventId: deterministicId('escalated', call.payload.messageId, reason),
      occurredAt: '2026-06-15T18:00:00Z',
      payload: {
        accountId: call.payload.accountId,
        cycleId: call.payload.cycleId,
        from: { stage: 3, channel: 'agent-call' },
        to: { stage: 3, channel: 'sms' },
        reason,
      },
    });

  it('after an agent task that expired unworked, plans the SMS that says nothing of a call', async () => {
    const call = await callPlanned('acct-expired');
    const later = NOW.plus({ days: 5 });
    expect(await recordEscalation(deps, escalated(call, 'TASK_EXPIRED'), later)).toBe('recorded');
    const [, sms] = plans('acct-expired');
    expect(sms?.payload).toMatchObject({
      stage: 3,
      channel: 'sms',
      templateId: 'personal-contact-sms',
    });
    expect(sms?.payload.reasons.filter((r) => r.startsWith('ASSERTS_'))).toEqual([]);
    // The expired task is in the log as such: not a call, no attempt for the caps or the facts.
    const logged = (await deps.log.accountLog('bank-1', 'acct-expired')).messages;
    expect(logged.find((m) => m.channel === 'agent-call')).toMatchObject({ outcome: 'expired' });
    expect(logged.find((m) => m.channel === 'agent-call')?.sentAt).toBeUndefined();
    expect(contactsOf(logged)).toEqual([]);
  });

  it('after a call an agent made and nobody answered, plans "we tried to call you"', async () => {
    const call = await callPlanned('acct-called');
    const report = createEvent('delivery.outcome', {
      ...base,
      eventId: deterministicId('outcome', call.payload.messageId),
      occurredAt: '2026-06-11T17:00:00Z',
      payload: {
        accountId: 'acct-called',
        messageId: call.payload.messageId,
        attempt: 1,
        channel: 'agent-call',
        provider: 'agent-desk',
        status: 'undelivered',
        retryable: true,
        at: '2026-06-11T17:00:00Z',
      },
    });
    expect(await recordDelivery(deps, report, NOW.plus({ days: 1 }))).toBe('recorded');
    const [, sms] = plans('acct-called');
    expect(sms?.payload).toMatchObject({
      channel: 'sms',
      templateId: 'personal-contact-after-call-sms',
    });
    expect(sms?.payload.reasons).toEqual(
      expect.arrayContaining(['ASSERTS_CALL_ATTEMPTED', 'ASSERTS_CALL_UNANSWERED']),
    );
  });

  it('still moves on, without counting a call, when the escalation said the delivery failed', async () => {
    // The reason an older escalation service gave an unworked task: no call was reported, so
    // the planner's log has no attempt, and the wording stays plain.
    const call = await callPlanned('acct-old-reason');
    await recordEscalation(deps, escalated(call, 'DELIVERY_FAILED'), NOW.plus({ days: 5 }));
    expect(plans('acct-old-reason')[1]?.payload.templateId).toBe('personal-contact-sms');
  });
});

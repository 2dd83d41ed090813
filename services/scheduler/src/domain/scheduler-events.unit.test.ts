import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { OutreachReleasedV1, sampleEvents, type OutreachPlannedV1Payload } from '@kindly/contracts';
import { loadPlanningRules } from '@kindly/rules';
import { plannedStepOf } from './planned-step.js';
import { releasedEvent } from './scheduler-events.js';
import type { ScheduledMessage } from './scheduled-message.js';

const { strategies } = loadPlanningRules();
const now = DateTime.fromISO('2026-03-04T14:00:00Z', { zone: 'utc' });
const sample = sampleEvents['outreach.planned'].payload;

function scheduled(plan: Partial<OutreachPlannedV1Payload>): ScheduledMessage {
  const full = { ...sample, strategyId: 'default', strategyVersion: 3, ...plan };
  return {
    tenantId: 'bank-1',
    plan: full,
    plannedEventId: 'e1',
    correlationId: 'c1',
    earliestSendAt: full.earliestSendAt,
    latestSendAt: full.latestSendAt,
    reslots: 0,
  };
}

describe('the release carries the plan’s step forward', () => {
  it('names a notice’s template kind, from a plan made before the plan carried it', () => {
    const message = scheduled({
      channel: 'letter',
      templateId: 'cease-efforts-terminated-letter',
      window: { zones: ['Asia/Shanghai', 'Asia/Urumqi'], start: '10:00', end: '20:00' },
    });
    const step = plannedStepOf(strategies, message.plan);
    expect(step).toEqual({ templateKind: 'cease-efforts-terminated', notice: true });
    const event = releasedEvent(message, sample.latestSendAt, now, step);
    expect(OutreachReleasedV1.parse(event).payload).toMatchObject({
      templateKind: 'cease-efforts-terminated',
      notice: true,
      windowZones: ['Asia/Shanghai', 'Asia/Urumqi'],
    });
  });

  it('names a stage’s step as no notice, with the kind the plan gave it', () => {
    const message = scheduled({ channel: 'sms', stage: 1 });
    expect(plannedStepOf(strategies, message.plan)).toEqual({ notice: false });
    expect(plannedStepOf(strategies, { ...message.plan, templateKind: 'k' })).toEqual({
      templateKind: 'k',
      notice: false,
    });
  });
});

describe('the release carries what the plan was made from, for the audit', () => {
  const provenance = { policyVersion: 4, policyHash: 'a'.repeat(64), strategyHash: 'b'.repeat(64) };

  it('names the plan’s policy version and hash and its strategy hash', () => {
    const event = releasedEvent(scheduled(provenance), sample.latestSendAt, now);
    expect(OutreachReleasedV1.parse(event).payload).toMatchObject(provenance);
  });

  it('claims none where a plan made before them had none', () => {
    const event = releasedEvent(scheduled({}), sample.latestSendAt, now);
    expect(event.payload).not.toHaveProperty('policyVersion');
    expect(event.payload).not.toHaveProperty('policyHash');
    expect(event.payload).not.toHaveProperty('strategyHash');
  });
});

describe('the release carries a campaign message’s own facts to the renderer', () => {
  it('carries its variant, offers and the signed reference its payment link ends with', () => {
    const campaign = {
      campaignId: 'spring',
      variant: 'champion',
      purpose: 'marketing' as const,
      cycleId: 'campaign:spring',
      paymentReference: 'k2026.KD3F2B8C1E9A.ABCDEFGHIJKLMNOPQRSTUVWXYZ',
    };
    const event = releasedEvent(scheduled(campaign), sample.latestSendAt, now);
    expect(OutreachReleasedV1.parse(event).payload).toMatchObject({
      campaignId: 'spring',
      variant: 'champion',
      paymentReference: campaign.paymentReference,
    });
  });
});

import { describe, expect, it } from 'vitest';
import { issuePathsOf } from '../testing-fixtures/issue-paths.js';
import { without } from '../testing-fixtures/without.js';
import { sampleEvents } from '../testing-fixtures/sample-events.js';
import { OutreachCancelledV1 } from './outreach-cancelled.v1.js';
import { OutreachPlannedV1 } from './outreach-planned.v1.js';
import { OutreachReleasedV1 } from './outreach-released.v1.js';
import { OutreachSuppressedV1 } from './outreach-suppressed.v1.js';

describe('outreach.planned v1', () => {
  const event = sampleEvents['outreach.planned'];
  const withPayload = (changes: Record<string, unknown>) => ({
    ...event,
    payload: { ...event.payload, ...changes },
  });

  it('accepts a plan, also a marketing one with campaign and variant', () => {
    expect(issuePathsOf(OutreachPlannedV1, event)).toEqual([]);
    const campaign = withPayload({
      purpose: 'marketing',
      channel: 'email',
      campaignId: 'spring-instalments',
      variant: 'B',
      locale: 'en-US',
    });
    expect(issuePathsOf(OutreachPlannedV1, campaign)).toEqual([]);
  });

  it('names a passed-over channel once, and never the plan’s own', () => {
    const email = { channel: 'email', templateId: event.payload.templateId };
    expect(issuePathsOf(OutreachPlannedV1, withPayload({ ...email, passedOver: ['sms'] }))).toEqual(
      [],
    );
    for (const passedOver of [['sms', 'sms'], ['email'], ['sms', 'email']]) {
      expect(
        issuePathsOf(OutreachPlannedV1, withPayload({ ...email, passedOver })),
        passedOver.join(),
      ).toEqual(['payload.passedOver']);
    }
  });

  it('refuses a send time range that ends before it begins', () => {
    const reversed = withPayload({ latestSendAt: '2025-03-04T01:59:59Z' });
    expect(issuePathsOf(OutreachPlannedV1, reversed)).toEqual(['payload.latestSendAt']);
    const local = withPayload({ earliestSendAt: '2025-03-04T10:00:00+08:00' });
    expect(issuePathsOf(OutreachPlannedV1, local)).toEqual(['payload.earliestSendAt']);
  });

  it('wants a window in real zones, in order', () => {
    const window = event.payload.window;
    const mars = withPayload({ window: { ...window, zones: ['Asia/Shanghai', 'Mars/Base'] } });
    expect(issuePathsOf(OutreachPlannedV1, mars)).toEqual(['payload.window.zones[1]']);
    const none = withPayload({ window: { ...window, zones: [] } });
    expect(issuePathsOf(OutreachPlannedV1, none)).toEqual(['payload.window.zones']);
    const reversed = withPayload({ window: { ...window, start: '21:00', end: '08:00' } });
    expect(issuePathsOf(OutreachPlannedV1, reversed)).toEqual(['payload.window.end']);
  });

  it('refuses unknown channels, stage 0, a fractional strategy version and prose reasons', () => {
    expect(issuePathsOf(OutreachPlannedV1, withPayload({ channel: 'push' }))).toEqual([
      'payload.channel',
    ]);
    expect(issuePathsOf(OutreachPlannedV1, withPayload({ stage: 0 }))).toEqual(['payload.stage']);
    expect(issuePathsOf(OutreachPlannedV1, withPayload({ strategyVersion: 3.1 }))).toEqual([
      'payload.strategyVersion',
    ]);
    expect(issuePathsOf(OutreachPlannedV1, withPayload({ reasons: ['first reminder'] }))).toEqual([
      'payload.reasons[0]',
    ]);
  });
});

describe('outreach.suppressed v1', () => {
  const event = sampleEvents['outreach.suppressed'];
  const withPayload = (changes: Record<string, unknown>) => ({
    ...event,
    payload: { ...event.payload, ...changes },
  });

  it('accepts a suppression with several reasons and a detail', () => {
    const several = withPayload({
      reasons: ['OUTSIDE_WINDOW', 'HOLIDAY'],
      checkpoint: 'release',
      detail: 'Qingming festival in CN',
    });
    expect(issuePathsOf(OutreachSuppressedV1, several)).toEqual([]);
    expect(issuePathsOf(OutreachSuppressedV1, event)).toEqual([]);
  });

  it('wants at least one known reason, each once', () => {
    expect(issuePathsOf(OutreachSuppressedV1, withPayload({ reasons: [] }))).toEqual([
      'payload.reasons',
    ]);
    expect(issuePathsOf(OutreachSuppressedV1, withPayload({ reasons: ['TOO_EARLY'] }))).toEqual([
      'payload.reasons[0]',
    ]);
    expect(
      issuePathsOf(OutreachSuppressedV1, withPayload({ reasons: ['DISPUTE', 'DISPUTE'] })),
    ).toEqual(['payload.reasons']);
  });

  it('bounds the detail and names the checkpoint', () => {
    expect(issuePathsOf(OutreachSuppressedV1, withPayload({ detail: 'x'.repeat(501) }))).toEqual([
      'payload.detail',
    ]);
    expect(issuePathsOf(OutreachSuppressedV1, withPayload({ checkpoint: 'audit' }))).toEqual([
      'payload.checkpoint',
    ]);
  });
});

describe('outreach.released v1', () => {
  const event = sampleEvents['outreach.released'];

  it('accepts a release and needs its deadline', () => {
    expect(issuePathsOf(OutreachReleasedV1, event)).toEqual([]);
    const rest = without(event.payload, 'latestSendAt');
    expect(issuePathsOf(OutreachReleasedV1, { ...event, payload: rest })).toEqual([
      'payload.latestSendAt',
    ]);
  });
});

describe('outreach.cancelled v1', () => {
  const event = sampleEvents['outreach.cancelled'];
  const withReason = (reason: string) => ({ ...event, payload: { ...event.payload, reason } });

  it('takes a suppression reason or one of its own', () => {
    for (const reason of [
      'PAID',
      'PLAN_ACTIVE',
      'SUPERSEDED',
      'EXPIRED',
      'MANUAL',
      'PREFERRED_CHANNEL',
    ]) {
      expect(issuePathsOf(OutreachCancelledV1, withReason(reason)), reason).toEqual([]);
    }
    expect(issuePathsOf(OutreachCancelledV1, withReason('because'))).toEqual(['payload.reason']);
  });
});

import { describe, expect, it } from 'vitest';
import { sampleEvents, type DeliveryStatus } from '@kindly/contracts';
import { outcomeUpdateOf } from './record-delivery.use-case.js';

const report = (status: DeliveryStatus, retryable = false) => ({
  ...sampleEvents['delivery.outcome'].payload,
  status,
  retryable,
  at: '2026-03-04T02:00:00Z',
});

describe('what a delivery report means for the strategy', () => {
  it('marks the attempt’s time when a provider takes the message', () => {
    for (const status of ['accepted', 'queued', 'sent'] as const) {
      expect(outcomeUpdateOf(report(status))).toEqual({ sentAt: '2026-03-04T02:00:00Z' });
    }
  });

  it('ends the fallback on delivery, and moves it on when nothing arrived', () => {
    expect(outcomeUpdateOf(report('delivered')).outcome).toBe('delivered');
    expect(outcomeUpdateOf(report('undelivered')).outcome).toBe('undelivered');
    expect(outcomeUpdateOf(report('bounced')).outcome).toBe('undelivered');
    expect(outcomeUpdateOf(report('failed')).outcome).toBe('failed');
  });

  it('takes every report from the agent desk as a call made, answered or not', () => {
    const call = (status: DeliveryStatus, retryable: boolean) => ({
      ...report(status, retryable),
      channel: 'agent-call' as const,
    });
    expect(outcomeUpdateOf(call('undelivered', true))).toEqual({
      sentAt: '2026-03-04T02:00:00Z',
      outcome: 'undelivered',
    });
    expect(outcomeUpdateOf(call('failed', false))).toMatchObject({
      sentAt: '2026-03-04T02:00:00Z',
    });
    expect(outcomeUpdateOf(call('delivered', false)).outcome).toBe('delivered');
  });

  it('waits while the dispatcher retries, and reads nothing into opens or clicks', () => {
    expect(outcomeUpdateOf(report('failed', true))).toEqual({});
    for (const status of ['opened', 'clicked', 'complained'] as const) {
      expect(outcomeUpdateOf(report(status))).toEqual({});
    }
  });
});

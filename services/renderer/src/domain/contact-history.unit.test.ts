import { describe, expect, it } from 'vitest';
import { sampleEvents, type DeliveryStatus, type OutreachChannel } from '@kindly/contracts';
import { parseContactFact, type ContactAttempt, type ContactFact } from '@kindly/rules';
import {
  attemptReportOf,
  contactsBefore,
  factVerdict,
  HISTORY_GRACE_MS,
} from './contact-history.js';

const report = (channel: OutreachChannel, status: DeliveryStatus, attempt = 1) => ({
  ...sampleEvents['delivery.outcome'].payload,
  channel,
  status,
  attempt,
  at: '2026-03-04T02:00:00Z',
});
const facts = (...texts: string[]) =>
  texts.map((t) => parseContactFact(t)).filter((f): f is ContactFact => f !== undefined);
const call: ContactAttempt = { channel: 'agent-call', at: '2026-03-04T02:00:00Z', reached: false };

describe('the renderer’s contact history', () => {
  it('counts a message once a provider took it, and every call the desk reports', () => {
    expect(attemptReportOf(report('sms', 'failed'))).toEqual({ kind: 'none' });
    expect(attemptReportOf(report('sms', 'accepted'))).toMatchObject({
      kind: 'message',
      reached: false,
    });
    expect(attemptReportOf(report('email', 'bounced'))).toMatchObject({
      kind: 'message',
      reached: false,
    });
    expect(attemptReportOf(report('email', 'opened'))).toMatchObject({
      kind: 'message',
      reached: true,
    });
    expect(attemptReportOf(report('agent-call', 'undelivered', 2))).toEqual({
      kind: 'call',
      attempt: 2,
      at: '2026-03-04T02:00:00Z',
      reached: false,
    });
    expect(attemptReportOf(report('agent-call', 'failed'))).toMatchObject({ kind: 'call' });
    expect(attemptReportOf(report('agent-call', 'delivered'))).toMatchObject({ reached: true });
  });

  it('takes the attempts of the message’s cycle, before it, and none of a message never released here', () => {
    const records = [
      { messageId: 'm1', channel: 'sms' as const, cycleId: 'c1', attempts: [call] },
      { messageId: 'm2', channel: 'sms' as const, cycleId: 'c0', attempts: [call] },
      { messageId: 'm3', channel: 'sms' as const, attempts: [call] },
      { messageId: 'm4', channel: 'sms' as const, cycleId: 'c1', attempts: [call, call] },
    ];
    expect(contactsBefore(records, { cycleId: 'c1', messageId: 'm4' })).toEqual([call]);
  });

  it('refuses a fact that does not hold, after a short wait for a late report', () => {
    const stated = facts('call-attempted');
    expect(factVerdict(stated, [call], HISTORY_GRACE_MS * 10)).toEqual({ kind: 'holds' });
    expect(factVerdict([], [], HISTORY_GRACE_MS * 10)).toEqual({ kind: 'holds' });
    expect(factVerdict(stated, [], 1_000)).toEqual({ kind: 'not-yet', unheld: stated });
    expect(factVerdict(stated, [], HISTORY_GRACE_MS)).toEqual({ kind: 'not-held', unheld: stated });
  });
});

import { describe, expect, it } from 'vitest';
import { FunnelTally, type TallyRecord } from './funnel-tally.js';

const at = (day: number, hour = 10) => `2026-03-0${day}T${String(hour).padStart(2, '0')}:00:00Z`;
const planned = (
  id: string,
  account: string,
  channel: string,
  stage: number,
  campaign?: string,
): TallyRecord => ({
  type: 'outreach.planned',
  occurredAt: at(1),
  tenantId: 'bank-1',
  accountId: account,
  payload: { messageId: id, channel, stage, ...(campaign ? { campaignId: campaign } : {}) },
});
const outcome = (
  id: string,
  account: string,
  channel: string,
  status: string,
  day = 1,
): TallyRecord => ({
  type: 'delivery.outcome',
  occurredAt: at(day, 12),
  tenantId: 'bank-1',
  accountId: account,
  payload: { messageId: id, channel, status, attempt: 1 },
});
const paid = (account: string, day: number): TallyRecord => ({
  type: 'account.payment',
  occurredAt: at(day, 15),
  tenantId: 'bank-1',
  accountId: account,
  payload: { accountId: account },
});

describe('the dashboard funnel', () => {
  it('counts each message once per step, and a payment under the messages sent before it', () => {
    const tally = new FunnelTally();
    const records = [
      planned('m1', 'A', 'sms', 1),
      planned('m1', 'A', 'sms', 1), // a redelivered plan
      planned('m2', 'B', 'sms', 1),
      planned('m3', 'C', 'email', 2, 'spring'),
      outcome('m1', 'A', 'sms', 'accepted'),
      outcome('m1', 'A', 'sms', 'delivered'),
      outcome('m1', 'A', 'sms', 'delivered'), // twice reported
      outcome('m2', 'B', 'sms', 'failed'),
      outcome('m3', 'C', 'email', 'accepted', 2),
      outcome('m3', 'C', 'email', 'clicked', 3),
      paid('A', 2),
      paid('A', 3), // a second payment: the message counts once
      paid('B', 2), // B's message was never sent: not the message's doing
      {
        type: 'outreach.suppressed',
        occurredAt: at(1),
        tenantId: 'bank-1',
        accountId: 'D',
        payload: { reasons: ['NO_CONSENT', 'OPTED_OUT'] },
      },
      {
        type: 'outreach.suppressed',
        occurredAt: at(1),
        tenantId: 'bank-1',
        accountId: 'E',
        payload: { reasons: ['NO_CONSENT'] },
      },
    ];
    for (const record of records) tally.add(record);
    const funnel = tally.result();
    expect(funnel.byChannel).toEqual([
      { key: 'email', planned: 1, sent: 1, delivered: 1, paid: 0 },
      { key: 'sms', planned: 2, sent: 1, delivered: 1, paid: 1 },
    ]);
    expect(funnel.byCampaign).toEqual([
      { key: '(none)', planned: 2, sent: 1, delivered: 1, paid: 1 },
      { key: 'spring', planned: 1, sent: 1, delivered: 1, paid: 0 },
    ]);
    expect(funnel.daily).toEqual([
      { date: '2026-03-01', planned: 3, sent: 1, delivered: 1, paid: 0 },
      { date: '2026-03-02', planned: 0, sent: 1, delivered: 0, paid: 1 },
      { date: '2026-03-03', planned: 0, sent: 0, delivered: 1, paid: 0 },
    ]);
    expect(funnel.suppressions).toEqual([
      { reason: 'NO_CONSENT', count: 2 },
      { reason: 'OPTED_OUT', count: 1 },
    ]);
    expect(funnel.providers).toEqual([
      { channel: 'sms', attempts: 2, failed: 1 },
      { channel: 'email', attempts: 1, failed: 0 },
    ]);
  });

  it('counts an attempt that fails after the provider took it once, and no agent call', () => {
    const tally = new FunnelTally();
    for (const record of [
      planned('m1', 'A', 'sms', 1),
      outcome('m1', 'A', 'sms', 'accepted'),
      outcome('m1', 'A', 'sms', 'failed'), // the provider's callback, later
      outcome('m9', 'Z', 'agent-call', 'undelivered'), // a call no one answered
    ]) {
      tally.add(record);
    }
    expect(tally.result().providers).toEqual([{ channel: 'sms', attempts: 1, failed: 1 }]);
  });
});

/**
 * A payment link followed through the tracker: the tracker publishes `delivery.outcome`
 * `clicked` for the message (once per message, the same event again when republished), and the
 * report counts the account clicked, once.
 */
import { describe, expect, it } from 'vitest';
import { sampleEvents, type DeliveryOutcomeV1, type DeliveryStatus } from '@kindly/contracts';
import { campaignReport } from '../attribution/campaign-report.js';
import type {
  CampaignMessage,
  CampaignMessages,
  MessageMark,
} from '../data-access/campaign-messages.repository.js';
import type { Payments } from '../data-access/payments.repository.js';
import type { Exposure } from '../launch/ports.js';
import { exposuresForReport } from '../report/report-input.js';
import { recordOutcome, type ReachDeps } from './record-reach.use-case.js';

const CAMPAIGN = 'spring-plan';
const ASSIGNED = '2027-03-01T00:00:00Z';

function memoryMessages(list: CampaignMessage[]) {
  const messages = new Map(list.map((m) => [m.messageId, { ...m }]));
  const port = {
    get: async (id: string) => messages.get(id),
    recordSent: async (id: string, at: string) => {
      const message = messages.get(id);
      if (message !== undefined && message.sentAt === undefined)
        messages.set(id, { ...message, sentAt: at });
    },
    markOnce: async (id: string, mark: MessageMark) => {
      const message = messages.get(id);
      if (message === undefined || message[mark] === true) return false;
      messages.set(id, { ...message, [mark]: true });
      return true;
    },
  } as unknown as CampaignMessages;
  return { messages, port };
}

function sms(accountId: string): CampaignMessage {
  return {
    messageId: `msg-${accountId}`,
    campaignId: CAMPAIGN,
    tenantId: 'bank-1',
    accountId,
    variant: 'champion',
    channel: 'sms',
    cycleId: `campaign:${CAMPAIGN}`,
    stage: 1,
  };
}

function outcome(accountId: string, status: DeliveryStatus, at: string): DeliveryOutcomeV1 {
  const base = sampleEvents['delivery.outcome'];
  return {
    ...base,
    // The tracker's click has one id per message, however often the link is followed.
    eventId: `msg-${accountId}-${status}`,
    tenantId: 'bank-1',
    payload: {
      ...base.payload,
      accountId,
      messageId: `msg-${accountId}`,
      channel: 'sms',
      provider: 'twilio',
      status,
      at,
    },
  };
}

describe('a clicked payment link in the campaign report', () => {
  it('counts the account clicked once, however often the click is reported', async () => {
    const { messages, port } = memoryMessages([sms('C1'), sms('C2')]);
    const deps: ReachDeps = {
      messages: port,
      payments: undefined as unknown as Payments,
      addReach: async () => {},
      referenceKeys: [],
      exposuresOf: async () => [],
    };
    for (const account of ['C1', 'C2']) {
      await recordOutcome(deps, outcome(account, 'accepted', '2027-03-02T09:00:00Z'));
      await recordOutcome(deps, outcome(account, 'delivered', '2027-03-02T09:00:05Z'));
    }
    // C1 followed the link, twice; the tracker's event came twice (a republish).
    await recordOutcome(deps, outcome('C1', 'clicked', '2027-03-02T10:00:00Z'));
    await recordOutcome(deps, outcome('C1', 'clicked', '2027-03-02T10:00:00Z'));
    expect(messages.get('msg-C1')?.clicked).toBe(true);
    expect(messages.get('msg-C2')?.clicked).toBeUndefined();

    const exposures: Exposure[] = [
      {
        campaignId: CAMPAIGN,
        tenantId: 'bank-1',
        accountId: 'H1',
        group: 'holdout',
        assignedAt: ASSIGNED,
      },
      ...['C1', 'C2'].map((accountId) => ({
        campaignId: CAMPAIGN,
        tenantId: 'bank-1',
        accountId,
        group: 'treatment' as const,
        variant: 'champion',
        assignedAt: ASSIGNED,
      })),
    ];
    const report = campaignReport({
      rules: { tenantId: 'bank-1', campaignId: CAMPAIGN, windowDays: 14 },
      exposures: exposuresForReport(exposures, [...messages.values()]),
      payments: [],
      prices: {
        smsSegment: { amountMinor: 5, currency: 'CNY', perUnits: 1 },
        letter: { amountMinor: 300, currency: 'CNY', perUnits: 1 },
      },
    });
    const champion = report.groups.find(
      (g) => g.arm.group === 'treatment' && g.arm.variant === 'champion',
    );
    const holdout = report.groups.find((g) => g.arm.group === 'holdout');
    expect(champion).toMatchObject({ accounts: 2, contacted: 2, delivered: 2, clicked: 1 });
    expect(holdout).toMatchObject({ accounts: 1, contacted: 0, clicked: 0 });
  });
});

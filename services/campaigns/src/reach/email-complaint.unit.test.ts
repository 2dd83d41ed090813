import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { sampleEvents, type DeliveryOutcomeV1, type DeliveryStatus } from '@kindly/contracts';
import type {
  CampaignMessage,
  CampaignMessages,
  MessageMark,
} from '../data-access/campaign-messages.repository.js';
import type { Payments } from '../data-access/payments.repository.js';
import { exampleCampaign, INSTALMENT_PLAN_FILE } from '../definition/testing/example-campaigns.js';
import { noCounts, noUse, type Launch, type LaunchStatus } from '../launch/launch.js';
import { launchRound, type LaunchRoundDeps } from '../launch/launch-round.use-case.js';
import type { Launches } from '../launch/ports.js';
import { sendByOf } from '../launch/send-by.js';
import { BREAKER_TRIPS_METRIC, breakerAlert } from './breaker-alert.js';
import { noReach, type CampaignReach } from './reach.js';
import { recordOutcome, type ReachDeps } from './record-reach.use-case.js';

const campaign = exampleCampaign(INSTALMENT_PLAN_FILE); // e-mail complaint limit 0.1 %
const CAMPAIGN = campaign.campaignId;
// Inside the campaign's days: the breaker reads every launch whose campaign has not ended.
const NOW = new Date('2027-03-10T15:00:00Z');

/** The campaigns service's records of messages and launches, in memory. */
function memoryRecords() {
  const messages = new Map<string, CampaignMessage & Partial<Record<MessageMark, boolean>>>();
  const launches = new Map<string, Launch>();
  const messagePort = {
    get: async (id: string) => messages.get(id),
    recordSent: async () => undefined,
    markOnce: async (id: string, mark: MessageMark) => {
      const message = messages.get(id);
      if (message === undefined || message[mark] === true) return false;
      messages.set(id, { ...message, [mark]: true });
      return true;
    },
  } as unknown as CampaignMessages;
  const launchPort: Launches = {
    get: async (id) => launches.get(id),
    running: async () => [...launches.values()].filter((l) => l.status === 'running'),
    live: async (nowIso) => [...launches.values()].filter((l) => l.sendBy >= nowIso),
    create: async (launch) => {
      if (launches.has(launch.campaignId)) return 'exists';
      launches.set(launch.campaignId, launch);
      return 'created';
    },
    advance: async () => false,
    addReach: async (id, field: keyof CampaignReach) => {
      const launch = launches.get(id);
      if (launch === undefined) return;
      const reach = launch.reach ?? noReach;
      launches.set(id, { ...launch, reach: { ...reach, [field]: reach[field] + 1 } });
    },
    setStatus: async (id, from: readonly LaunchStatus[], to, action) => {
      const launch = launches.get(id);
      if (launch === undefined || !from.includes(launch.status)) return false;
      launches.set(id, { ...launch, status: to, actions: [...launch.actions, action] });
      return true;
    },
  };
  const reach: ReachDeps = {
    messages: messagePort,
    payments: undefined as unknown as Payments, // no payment in these tests
    addReach: (id, field) => launchPort.addReach(id, field),
    referenceKeys: [],
    exposuresOf: async () => [],
  };
  return { messages, launches, launchPort, reach };
}

function campaignEmail(messageId: string, channel: 'email' | 'sms' = 'email'): CampaignMessage {
  return {
    messageId,
    campaignId: CAMPAIGN,
    tenantId: 'bank-1',
    accountId: `acc-${messageId}`,
    variant: 'champion',
    channel,
    cycleId: `campaign:${CAMPAIGN}`,
    stage: 1,
  };
}

function outcome(
  messageId: string,
  status: DeliveryStatus,
  channel: 'email' | 'sms' = 'email',
): DeliveryOutcomeV1 {
  const base = sampleEvents['delivery.outcome'];
  return {
    ...base,
    eventId: `${messageId}-${status}`,
    payload: {
      ...base.payload,
      accountId: `acc-${messageId}`,
      messageId,
      channel,
      provider: channel === 'email' ? 'smtp' : 'twilio',
      status,
      at: '2027-03-10T14:00:00Z',
    },
  };
}

function completedLaunch(): Launch {
  return {
    campaignId: CAMPAIGN,
    campaignHash: 'c'.repeat(64),
    campaign,
    sendBy: sendByOf(campaign),
    // The walk is over: its messages are still going out, and the breaker still holds.
    status: 'completed',
    counts: noCounts,
    use: noUse,
    actions: [{ action: 'launch', at: '2027-03-01T14:00:00Z', by: 'ops-1' }],
  };
}

describe('an e-mail spam complaint on a campaign message', () => {
  it('counts the message delivered and complained against, once, however often reported', async () => {
    const { messages, launches, launchPort, reach } = memoryRecords();
    await launchPort.create(completedLaunch());
    messages.set('m1', campaignEmail('m1'));
    // The ARF report may come before any delivery report: the complaint proves delivery.
    expect(await recordOutcome(reach, outcome('m1', 'complained'))).toBe(true);
    await recordOutcome(reach, outcome('m1', 'complained'));
    await recordOutcome(reach, outcome('m1', 'delivered'));
    expect(launches.get(CAMPAIGN)?.reach).toEqual({
      ...noReach,
      emailsDelivered: 1,
      emailComplaints: 1,
    });
    expect(messages.get('m1')).toMatchObject({ delivered: true, complained: true });
  });

  it('counts no e-mail complaint for an SMS, nor for a message no campaign sent', async () => {
    const { messages, launches, launchPort, reach } = memoryRecords();
    await launchPort.create(completedLaunch());
    messages.set('s1', campaignEmail('s1', 'sms'));
    await recordOutcome(reach, outcome('s1', 'complained', 'sms'));
    expect(await recordOutcome(reach, outcome('other', 'complained'))).toBe(false);
    expect(launches.get(CAMPAIGN)?.reach).toEqual({ ...noReach, smsDelivered: 1 });
  });
});

describe('the complaint breaker on e-mail complaints', () => {
  async function afterComplaints(delivered: number, complaints: number) {
    const records = memoryRecords();
    await records.launchPort.create(completedLaunch());
    for (let i = 0; i < delivered; i++) {
      const id = `e${i}`;
      records.messages.set(id, campaignEmail(id));
      await recordOutcome(records.reach, outcome(id, 'delivered'));
      if (i < complaints) await recordOutcome(records.reach, outcome(id, 'complained'));
    }
    const registry = new Registry();
    const deps = {
      launches: records.launchPort,
      onBreakerTrip: breakerAlert(registry, { warn: () => undefined }),
    } as unknown as LaunchRoundDeps; // a completed launch walks nothing: no other port is used
    await launchRound(deps, NOW);
    await launchRound(deps, new Date(NOW.getTime() + 100));
    const trips = (await registry.getSingleMetric(BREAKER_TRIPS_METRIC)?.get())?.values ?? [];
    return { launch: records.launches.get(CAMPAIGN)!, trips };
  }

  it('pauses the campaign at 0.1 % and counts one trip on the alert metric', async () => {
    const { launch, trips } = await afterComplaints(1_000, 1);
    expect(launch.reach).toMatchObject({ emailsDelivered: 1_000, emailComplaints: 1 });
    expect(launch.status).toBe('paused');
    expect(launch.actions[launch.actions.length - 1]).toMatchObject({
      action: 'pause',
      by: 'kindly',
      reason: 'complaint breaker: EMAIL_COMPLAINTS at 0.10 % (limit 0.10 %)',
    });
    // One trip, though a second round read the launch again.
    expect(trips).toEqual([{ value: 1, labels: { campaign: CAMPAIGN, why: 'EMAIL_COMPLAINTS' } }]);
  });

  it('lets the campaign run on below 0.1 %, and counts nothing', async () => {
    const { launch, trips } = await afterComplaints(1_001, 1);
    expect(launch.status).toBe('completed');
    expect(trips.filter((t) => t.value > 0)).toEqual([]);
  });
});

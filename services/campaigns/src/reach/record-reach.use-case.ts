/**
 * Folds what happens to campaign messages into the campaigns service's own records: the plan
 * (which campaign, variant and channel a message is), its rendering (SMS segments, for the
 * cost), its delivery reports, the customer's STOP reply, and the bank's payments. Each fact
 * counts once per message, so a redelivered event changes nothing.
 */
import { DateTime } from 'luxon';
import type {
  AccountPaymentV1,
  ContactConsentV1,
  DeliveryOutcomeV1,
  OutreachPlannedV1,
  OutreachRenderedV1,
} from '@kindly/contracts';
import { verifyReference, type ReferenceKey } from '../attribution/index.js';
import type { CampaignMessages, MessageMark } from '../data-access/campaign-messages.repository.js';
import type { Payments } from '../data-access/payments.repository.js';
import type { CampaignReach } from './reach.js';

export interface ReachDeps {
  readonly messages: CampaignMessages;
  readonly payments: Payments;
  /** Adds to a campaign's reach counters. */
  readonly addReach: (campaignId: string, field: keyof CampaignReach) => Promise<void>;
  /** The keys payment references are verified with; none: references are not trusted. */
  readonly referenceKeys: readonly ReferenceKey[];
}

/** How long after a campaign SMS a STOP reply is laid at its door. */
export const OPT_OUT_WINDOW_DAYS = 7;

export async function recordPlanned(deps: ReachDeps, event: OutreachPlannedV1): Promise<boolean> {
  const p = event.payload;
  if (p.campaignId === undefined || p.channel === 'agent-call') return false;
  await deps.messages.recordPlanned({
    messageId: p.messageId,
    campaignId: p.campaignId,
    tenantId: event.tenantId,
    accountId: p.accountId,
    channel: p.channel,
    cycleId: p.cycleId,
    stage: p.stage,
    ...(p.variant !== undefined ? { variant: p.variant } : {}),
  });
  return true;
}

export async function recordRendered(deps: ReachDeps, event: OutreachRenderedV1): Promise<boolean> {
  const p = event.payload;
  if (p.campaignId === undefined || p.channel !== 'sms') return false;
  await deps.messages.recordSegments(p.messageId, p.content.segments);
  return true;
}

const MARKS: Partial<Record<DeliveryOutcomeV1['payload']['status'], MessageMark>> = {
  delivered: 'delivered',
  opened: 'delivered',
  clicked: 'clicked',
  complained: 'complained',
};

export async function recordOutcome(deps: ReachDeps, event: DeliveryOutcomeV1): Promise<boolean> {
  const { messageId, status, at } = event.payload;
  const message = await deps.messages.get(messageId);
  if (message === undefined) return false;
  if (status === 'accepted' || status === 'sent' || status === 'delivered') {
    await deps.messages.recordSent(messageId, new Date(at).toISOString());
  }
  const mark = MARKS[status];
  // An open or a click proves delivery too (some providers never report it).
  const marks: MessageMark[] =
    mark === undefined ? [] : mark === 'delivered' ? ['delivered'] : ['delivered', mark];
  for (const each of marks) {
    if (!(await deps.messages.markOnce(messageId, each))) continue;
    if (each === 'delivered' && message.channel === 'email') {
      await deps.addReach(message.campaignId, 'emailsDelivered');
    }
    if (each === 'delivered' && message.channel === 'sms') {
      await deps.addReach(message.campaignId, 'smsDelivered');
    }
    if (each === 'complained' && message.channel === 'email') {
      await deps.addReach(message.campaignId, 'emailComplaints');
    }
  }
  return true;
}

/**
 * A STOP / 退订 reply (the tracker's revocation from an SMS reply) counts against the newest
 * campaign SMS the account was sent within the last week: the campaign the customer answered.
 */
export async function recordOptOut(deps: ReachDeps, event: ContactConsentV1): Promise<boolean> {
  const p = event.payload;
  if (p.status !== 'revoked' || p.source !== 'sms-reply') return false;
  const at = DateTime.fromISO(p.at, { zone: 'utc' });
  // Only an SMS sent before the reply can be the one answered.
  const sent = await deps.messages.smsSentBetween(
    event.tenantId,
    p.accountId,
    at.minus({ days: OPT_OUT_WINDOW_DAYS }).toJSDate().toISOString(),
    at.toJSDate().toISOString(),
  );
  const answered = sent[0];
  if (answered === undefined) return false;
  if (await deps.messages.markOnce(answered.messageId, 'optedOut')) {
    await deps.addReach(answered.campaignId, 'smsOptOuts');
  }
  return true;
}

/** Keeps every payment; its reference only when one of the keys signed it and it was valid then. */
export async function recordPayment(deps: ReachDeps, event: AccountPaymentV1): Promise<void> {
  const p = event.payload;
  const token = p.paymentReference;
  const verified =
    token !== undefined && deps.referenceKeys.length > 0
      ? verifyReference(token, deps.referenceKeys, DateTime.fromISO(p.paidAt, { zone: 'utc' }))
      : undefined;
  await deps.payments.record({
    paymentId: p.paymentId,
    tenantId: event.tenantId,
    accountId: p.accountId,
    amount: p.amount,
    paidAt: p.paidAt,
    // A reference for another tenant is no evidence about this payment.
    ...(verified?.ok === true && verified.reference.tenantId === event.tenantId
      ? { reference: verified.reference }
      : {}),
  });
}

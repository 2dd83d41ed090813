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
import {
  referenceFieldsOf,
  verifyReference,
  type PaymentReferenceFields,
  type ReferenceKey,
} from '../attribution/index.js';
import type { CampaignMessages, MessageMark } from '../data-access/campaign-messages.repository.js';
import type { Payments } from '../data-access/payments.repository.js';
import type { Exposure } from '../launch/ports.js';
import type { CampaignReach } from './reach.js';

export interface ReachDeps {
  readonly messages: CampaignMessages;
  readonly payments: Payments;
  /** Adds to a campaign's reach counters. */
  readonly addReach: (campaignId: string, field: keyof CampaignReach) => Promise<void>;
  /** The keys payment references are verified with; none: references are not trusted. */
  readonly referenceKeys: readonly ReferenceKey[];
  /** An account's assignments to campaigns: the messages a payment's reference may name. */
  readonly exposuresOf: (tenantId: string, accountId: string) => Promise<readonly Exposure[]>;
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

/**
 * The campaign messages the paying account was sent (or was to be sent): each treatment
 * assignment has one, its id from campaign and account. Only these can a reference on this
 * account's payment name; a link forwarded to pay another account names none of them.
 */
async function messagesOfPayer(
  deps: ReachDeps,
  tenantId: string,
  accountId: string,
): Promise<PaymentReferenceFields[]> {
  const exposures = await deps.exposuresOf(tenantId, accountId);
  return exposures.flatMap((exposure) =>
    exposure.group === 'treatment' && exposure.variant !== undefined
      ? [referenceFieldsOf(tenantId, accountId, exposure.campaignId, exposure.variant)]
      : [],
  );
}

/**
 * Keeps every payment; its reference only when one of the keys accepted now signed it for one
 * of the paying account's campaign messages. Verified on arrival, not at the report: by then the
 * key that signed it may have been retired.
 */
export async function recordPayment(deps: ReachDeps, event: AccountPaymentV1): Promise<void> {
  const p = event.payload;
  const token = p.paymentReference;
  const verified =
    token !== undefined && deps.referenceKeys.length > 0
      ? verifyReference(
          token,
          deps.referenceKeys,
          await messagesOfPayer(deps, event.tenantId, p.accountId),
        )
      : undefined;
  await deps.payments.record({
    paymentId: p.paymentId,
    tenantId: event.tenantId,
    accountId: p.accountId,
    amount: p.amount,
    paidAt: p.paidAt,
    ...(verified?.ok === true ? { reference: verified.reference } : {}),
  });
}

/**
 * A few accounts' messages as the pipeline's events (a plan, its rendering, the provider's
 * reports, a payment; a suppression), built from the contracts' samples, checked against their
 * schemas, and published to their topics for the audit service's consumer to keep as it keeps
 * any run's. The dashboard's funnel and the audit's records then come from real kept records.
 */
import {
  deterministicId,
  sampleEvents,
  topicCatalog,
  type AnyEvent,
  type EventType,
} from '@kindly/contracts';
import type { Producer } from '@kindly/kafka';
import type { ProvisionedNamespace } from '@kindly/testing';

export const STORY_TENANT = 'bank-1';

/** One account's message and what became of it. */
export interface StorySend {
  readonly accountId: string;
  readonly channel: 'sms' | 'email';
  /** The address it went to: kept by the audit only as its keyed hash. */
  readonly to: string;
  readonly stage: number;
  readonly templateId: string;
  readonly campaignId?: string;
  /** When it was planned and sent, UTC. */
  readonly at: string;
  readonly outcome: 'delivered' | 'failed';
  /** When the account paid afterwards, UTC. */
  readonly paidAt?: string;
}

const EMAIL_CONTENT = {
  subject: 'Your card payment is overdue',
  html: '<p>Your card payment is overdue.</p>',
  text: 'Your card payment is overdue.',
  headers: {},
};

const later = (iso: string, seconds: number) =>
  new Date(Date.parse(iso) + seconds * 1_000).toISOString().replace('.000Z', 'Z');

/** An event of `type` from its sample, for this story: checked by the type's own schema. */
function event(
  type: EventType,
  occurredAt: string,
  payload: Record<string, unknown>,
  ...idParts: string[]
): AnyEvent {
  const sample = sampleEvents[type];
  const built = {
    ...sample,
    eventId: deterministicId('console-e2e', type, ...idParts),
    tenantId: STORY_TENANT,
    occurredAt,
    causationId: null,
    payload: { ...sample.payload, ...payload },
  };
  return topicCatalog[type].schema.parse(built);
}

/** The events of one send, in the order the pipeline makes them. */
export function sendEvents(send: StorySend): AnyEvent[] {
  const cycleId = `${send.accountId}-2026-02-28`;
  const messageId = deterministicId('message', send.accountId, cycleId, String(send.stage));
  const plan = sampleEvents['outreach.planned'].payload;
  const planned = {
    accountId: send.accountId,
    messageId,
    cycleId,
    stage: send.stage,
    channel: send.channel,
    templateId: send.templateId,
    locale: send.channel === 'email' ? 'en-US' : plan.locale,
    earliestSendAt: send.at,
    latestSendAt: later(send.at, 8 * 3600),
    ...(send.campaignId !== undefined ? { campaignId: send.campaignId } : {}),
  };
  const rendered = {
    accountId: send.accountId,
    messageId,
    cycleId,
    stage: send.stage,
    channel: send.channel,
    templateId: send.templateId,
    locale: planned.locale,
    latestSendAt: planned.latestSendAt,
    ...(send.channel === 'email' ? { content: EMAIL_CONTENT } : {}),
  };
  const report = (status: string, seconds: number) =>
    event(
      'delivery.outcome',
      later(send.at, seconds),
      {
        accountId: send.accountId,
        messageId,
        channel: send.channel,
        provider: send.channel === 'email' ? 'smtp' : 'twilio',
        status,
        retryable: false,
        at: later(send.at, seconds),
        to: send.to,
      },
      messageId,
      status,
    );
  const events = [
    event('outreach.planned', send.at, planned, messageId),
    event('outreach.rendered', later(send.at, 1), rendered, messageId),
    report('accepted', 2),
    report(send.outcome, 60),
  ];
  if (send.paidAt !== undefined) {
    events.push(
      event(
        'account.payment',
        send.paidAt,
        { accountId: send.accountId, paymentId: `pay-${send.accountId}`, paidAt: send.paidAt },
        send.accountId,
      ),
    );
  }
  return events;
}

/** A message the planner withheld, and why. */
export function suppressedEvent(accountId: string, at: string, reasons: string[]): AnyEvent {
  return event('outreach.suppressed', at, { accountId, reasons }, accountId, at);
}

/** Publishes the events to their topics, keyed by account as the services publish them. */
export async function publishEvents(
  ns: ProvisionedNamespace,
  producer: Producer,
  events: readonly AnyEvent[],
): Promise<void> {
  for (const one of events) {
    await producer.send({
      topic: ns.topic(one.type),
      messages: [{ key: one.payload.accountId, value: JSON.stringify(one) }],
    });
  }
}

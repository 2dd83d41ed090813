import type { DateTime } from 'luxon';
import { deterministicId, type EventOf } from '@kindly/contracts';
import type {
  ContactDirectory,
  ReplyTaskStore,
  SendingNumbers,
  SmsOptOutRegistry,
  TrackerEvents,
} from './ports.js';
import { classifyReplyText } from './reply-classification.js';
import { maskNumber, replyTaskId, type ReplyTaskCategory } from './reply-task.js';
import { classifySmsReply, type ReplyLocale, type SmsReplyKind } from './sms-keywords.js';
import type { SmsReplyTexts } from './sms-replies.js';
import { PURPOSES, revocationEvent } from './tracker-events.js';
import { unreachableEvent } from './unreachable-event.js';
import { utcText } from './utc-text.js';

export interface InboundSms {
  /** The customer's number (E.164). */
  readonly from: string;
  /** Our number that received it (Twilio's `To`): whose bank the reply is for. */
  readonly to?: string;
  /** The provider's id of the inbound message (Twilio's MessageSid). */
  readonly inboundId: string;
  readonly body: string;
}

export interface InboundSmsDeps {
  readonly directory: ContactDirectory;
  readonly optOuts: SmsOptOutRegistry;
  readonly events: TrackerEvents;
  readonly replies: SmsReplyTexts;
  readonly numbers: SendingNumbers;
  readonly tasks: ReplyTaskStore;
}

export interface InboundSmsVerdict {
  /** A keyword's kind, or what a reply in words was taken for. */
  readonly kind: SmsReplyKind | ReplyTaskCategory;
  /** Whether the number that received it is a known tenant's. */
  readonly tenant: 'known' | 'unknown';
  /** The text to answer with; undefined: answer nothing. */
  readonly reply?: string;
  /** How many accounts it touched: consent withdrawn (an opt-out), or named on the task. */
  readonly accounts: number;
  /** A task for an agent: created, there already (a retry), or none. */
  readonly task: 'created' | 'exists' | 'none';
}

/**
 * A customer's reply, for the tenant whose sending number received it (`to`). An opt-out, by
 * keyword or in words ("pls stop texting me", "不要再给我发短信"), withdraws SMS consent,
 * servicing and marketing, for the number on that tenant's accounts that have it, at once (one
 * `contact.consent` per account and purpose), and is confirmed once: a second one gets no answer.
 * A number that is no tenant's: the opt-out applies to every tenant's accounts with the number
 * (honouring a revocation too widely costs a text; ignoring one is unlawful). START is answered
 * but grants nothing: a reply is no proof of the consent the bank needs, so consent comes back
 * only from the bank. HELP is answered. Any other reply in words (a wrong party, a payment claim,
 * a request for a call, anything not empty) becomes a task for an agent, with its text, for a
 * known tenant only: a reply to a number that is no tenant's is nobody's work, and is dropped.
 * A wrong party also makes the number unreachable (`contact.unreachable`, `wrong-party`, for SMS
 * and calls) on that tenant's accounts with it. A payment claim is only a task: a payment is
 * what the bank's `account.payment` says.
 */
export async function handleInboundSms(
  deps: InboundSmsDeps,
  sms: InboundSms,
  now: DateTime,
): Promise<InboundSmsVerdict> {
  const tenantId = sms.to === undefined ? undefined : deps.numbers.tenantOf(sms.to);
  const tenant = tenantId === undefined ? ('unknown' as const) : ('known' as const);
  const at = utcText(now);
  const intent = classifySmsReply(sms.body);
  switch (intent.kind) {
    case 'opt-out':
      return { tenant, ...(await optOut(deps, sms, tenantId, intent.locale, at)) };
    case 'opt-in':
      await deps.optOuts.optIn(sms.from, at, tenantId);
      return {
        kind: intent.kind,
        tenant,
        accounts: 0,
        task: 'none',
        reply: deps.replies.optIn[intent.locale],
      };
    case 'help':
      return {
        kind: intent.kind,
        tenant,
        accounts: 0,
        task: 'none',
        reply: deps.replies.help[intent.locale],
      };
    case 'other':
      break;
  }
  const words = classifyReplyText(sms.body);
  if (words.category === 'opt-out') {
    return { tenant, ...(await optOut(deps, sms, tenantId, words.locale, at)) };
  }
  const category = words.category;
  if (tenantId === undefined || (category === 'other' && sms.body.trim() === '')) {
    return { kind: category, tenant, accounts: 0, task: 'none' };
  }
  const accounts = await deps.directory.withPhone(sms.from, tenantId);
  if (category === 'wrong-party') {
    // The number is not our customer's: no more texts nor calls to it, on any of the tenant's
    // accounts that have it, until the bank gives a number again. Published before the task is
    // stored, both idempotent: the provider's retry after a failure completes both.
    const found = {
      reason: 'wrong-party' as const,
      cause: `sms:${sms.inboundId}`,
      evidenceRef: `twilio-sms:${sms.inboundId}`,
      at,
      correlationId: deterministicId('inbound-sms', sms.inboundId),
      causationId: null,
    };
    await deps.events.publishUnreachable(
      accounts.flatMap((known) =>
        (['sms', 'voice'] as const).map((channel) =>
          unreachableEvent(known, channel, sms.from, found),
        ),
      ),
    );
  }
  const created = await deps.tasks.create({
    taskId: replyTaskId(tenantId, sms.inboundId),
    tenantId,
    accountIds: accounts.map((known) => known.accountId),
    category,
    text: sms.body,
    locale: words.locale,
    inboundId: sms.inboundId,
    maskedFrom: maskNumber(sms.from),
    receivedAt: at,
    status: 'open',
  });
  return {
    kind: category,
    tenant,
    accounts: accounts.length,
    task: created ? 'created' : 'exists',
  };
}

async function optOut(
  deps: InboundSmsDeps,
  sms: InboundSms,
  tenantId: string | undefined,
  locale: ReplyLocale,
  at: string,
): Promise<Omit<InboundSmsVerdict, 'tenant'>> {
  const accounts = await deps.directory.withPhone(sms.from, tenantId);
  const revocation = {
    source: 'sms-reply' as const,
    basis: 'customer-request' as const,
    cause: `sms:${sms.inboundId}`,
    evidenceRef: `twilio-sms:${sms.inboundId}`,
    at,
    // The reply starts its own chain of events.
    correlationId: deterministicId('inbound-sms', sms.inboundId),
    causationId: null,
  };
  const events: EventOf<'contact.consent'>[] = accounts.flatMap((known) =>
    PURPOSES.map((purpose) => revocationEvent(known, 'sms', sms.from, purpose, revocation)),
  );
  // Withdrawn first, confirmed after: a failure here answers nothing, and the provider's
  // retry of the same message publishes the same events and still gets its confirmation.
  await deps.events.publishConsents(events);
  const first = await deps.optOuts.optOut(sms.from, sms.inboundId, at, tenantId);
  return {
    kind: 'opt-out',
    accounts: accounts.length,
    task: 'none',
    ...(first ? { reply: deps.replies.optOut[locale] } : {}),
  };
}

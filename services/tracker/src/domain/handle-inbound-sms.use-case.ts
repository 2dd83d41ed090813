import type { DateTime } from 'luxon';
import { deterministicId, type EventOf } from '@kindly/contracts';
import type {
  ContactDirectory,
  KnownContact,
  ReplyTaskStore,
  SendingNumbers,
  SmsOptOutRegistry,
  TrackerEvents,
} from './ports.js';
import { classifyReplyText, type ReplyClassification } from './reply-classification.js';
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
 * When that tenant has no account with the number, or the number that received it is no
 * tenant's, the opt-out applies to every tenant's accounts with the number (honouring a
 * revocation too widely costs a text; ignoring one is unlawful). START is answered but grants
 * nothing: a reply is no proof of the consent the bank needs, so consent comes back only from the
 * bank. HELP is answered. Any other reply in words (a wrong party, a payment claim, a request for
 * a call, anything not empty) becomes a task for an agent, with its text: for the tenant whose
 * number received it, or, when that number is no tenant's, one task for each tenant with an
 * account that has the number (that is no guess: the reply is about those accounts); a reply
 * from a number no tenant has is nobody's work, and is dropped. A wrong party also makes the
 * number unreachable (`contact.unreachable`, `wrong-party`, for SMS and calls) on the accounts of
 * those tenants with it, as does an opt-out that also says the number is the wrong one ("wrong
 * number, stop texting me"), which gets its task too. A request for no calls ("don't call me")
 * withdraws voice consent for the number, servicing and marketing, on the accounts an opt-out
 * would reach, and is a task; so does an opt-out that also says it ("stop texting and calling
 * me"), without the task. A payment claim is only a task: a payment is what the bank's
 * `account.payment` says.
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
  // Read in words too: "Stop!!! wrong number" starts with a keyword and still says more.
  const words = classifyReplyText(sms.body);
  switch (intent.kind) {
    case 'opt-out':
      return { tenant, ...(await optOutInWords(deps, sms, tenantId, intent.locale, words, at)) };
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
  if (words.category === 'opt-out') {
    return { tenant, ...(await optOutInWords(deps, sms, tenantId, words.locale, words, at)) };
  }
  const category = words.category;
  if (category === 'other' && sms.body.trim() === '') {
    return { kind: category, tenant, accounts: 0, task: 'none' };
  }
  if (category === 'no-calls') {
    // "Don't call me": calls to the number stop (Reg F §1006.14(h): a medium the person asked
    // us not to use), on the same accounts an opt-out would reach, and an agent reads it.
    const { accounts, owner } = await revocable(deps, sms.from, tenantId);
    await deps.events.publishConsents(revocations(accounts, 'voice', sms, at));
    const work = await needsWork(deps, sms, category, words.locale, at, accounts, owner);
    return { kind: category, tenant, accounts: accounts.length, task: work.task };
  }
  const accounts = await deps.directory.withPhone(sms.from, tenantId);
  const work = await needsWork(deps, sms, category, words.locale, at, accounts, tenantId);
  return { kind: category, tenant, accounts: accounts.length, task: work.task };
}

/**
 * An opt-out, and what else its words say: "stop texting and calling me" withdraws voice consent
 * too; "wrong number, stop texting me" is honoured and answered, and the number is still not our
 * customer's: unreachable and a task, on the accounts the opt-out found.
 */
async function optOutInWords(
  deps: InboundSmsDeps,
  sms: InboundSms,
  tenantId: string | undefined,
  locale: ReplyLocale,
  words: ReplyClassification,
  at: string,
): Promise<Omit<InboundSmsVerdict, 'tenant'>> {
  const { verdict, found } = await optOut(deps, sms, tenantId, locale, words.saysNoCalls, at);
  if (!words.saysWrongParty) return verdict;
  const work = await needsWork(deps, sms, 'wrong-party', words.locale, at, found);
  return { ...verdict, task: work.task };
}

/**
 * The receiving tenant's accounts with the number; every tenant's when that tenant has none (the
 * number moved, or senders.yaml lists a number another bank also texts from: the customer still
 * asked us to stop) or the number that received it is no tenant's. `owner`: the tenant they are
 * all of, when scoped to it.
 */
async function revocable(
  deps: InboundSmsDeps,
  from: string,
  tenantId: string | undefined,
): Promise<{ readonly accounts: KnownContact[]; readonly owner: string | undefined }> {
  const mine = await deps.directory.withPhone(from, tenantId);
  if (mine.length > 0 || tenantId === undefined) return { accounts: mine, owner: tenantId };
  const everyones = await deps.directory.withPhone(from);
  return { accounts: everyones, owner: everyones.length > 0 ? undefined : tenantId };
}

/** The customer's reply withdraws consent on `channel` for the number, for both purposes. */
function revocations(
  accounts: readonly KnownContact[],
  channel: 'sms' | 'voice',
  sms: InboundSms,
  at: string,
): EventOf<'contact.consent'>[] {
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
  return accounts.flatMap((known) =>
    PURPOSES.map((purpose) => revocationEvent(known, channel, sms.from, purpose, revocation)),
  );
}

/**
 * The wrong party's `contact.unreachable` on `accounts`, and one task per tenant: `tenantId`'s
 * (the tenant whose number received the reply, even without an account with the number), else
 * each tenant among `accounts`.
 */
async function needsWork(
  deps: InboundSmsDeps,
  sms: InboundSms,
  category: ReplyTaskCategory,
  locale: ReplyLocale,
  at: string,
  accounts: readonly KnownContact[],
  tenantId?: string,
): Promise<{ readonly task: InboundSmsVerdict['task'] }> {
  if (category === 'wrong-party') {
    // The number is not our customer's: no more texts nor calls to it, on those accounts, until
    // the bank gives a number again. Published before the task is stored, both idempotent: the
    // provider's retry after a failure completes both.
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
  const tenants =
    tenantId === undefined ? [...new Set(accounts.map((known) => known.tenantId))] : [tenantId];
  const created: boolean[] = [];
  for (const owner of tenants) {
    created.push(
      await deps.tasks.create({
        taskId: replyTaskId(owner, sms.inboundId),
        tenantId: owner,
        accountIds: accounts
          .filter((known) => known.tenantId === owner)
          .map((known) => known.accountId),
        category,
        text: sms.body,
        locale,
        inboundId: sms.inboundId,
        maskedFrom: maskNumber(sms.from),
        receivedAt: at,
        status: 'open',
      }),
    );
  }
  if (created.length === 0) return { task: 'none' };
  return { task: created.some(Boolean) ? 'created' : 'exists' };
}

async function optOut(
  deps: InboundSmsDeps,
  sms: InboundSms,
  tenantId: string | undefined,
  locale: ReplyLocale,
  noCalls: boolean,
  at: string,
): Promise<{
  readonly verdict: Omit<InboundSmsVerdict, 'tenant'>;
  /** The accounts whose consent it withdrew. */
  readonly found: readonly KnownContact[];
}> {
  const { accounts } = await revocable(deps, sms.from, tenantId);
  const events = [
    ...revocations(accounts, 'sms', sms, at),
    ...(noCalls ? revocations(accounts, 'voice', sms, at) : []),
  ];
  // Withdrawn first, confirmed after: a failure here answers nothing, and the provider's
  // retry of the same message publishes the same events and still gets its confirmation.
  await deps.events.publishConsents(events);
  const first = await deps.optOuts.optOut(sms.from, sms.inboundId, at, tenantId);
  // The confirmation says consent was withdrawn: with no account anywhere nothing was (the
  // number is none a bank gave us, so nothing will be texted to it either), and a text saying
  // otherwise would be untrue. The opt-out is still recorded: its confirmation goes once.
  const confirm = first && accounts.length > 0;
  return {
    verdict: {
      kind: 'opt-out',
      accounts: accounts.length,
      task: 'none',
      ...(confirm ? { reply: deps.replies.optOut[locale] } : {}),
    },
    found: accounts,
  };
}

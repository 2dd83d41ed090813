import type { DateTime } from 'luxon';
import type { EventOf, MessageChannel } from '@kindly/contracts';
import { addressFor } from '@kindly/rules';
import { applyOutcome, type ApplyVerdict } from './apply-outcome.use-case.js';
import { bounceOf, messageIdOf, parseDsn, type BounceKind, type DsnRecipient } from './dsn.js';
import type {
  ContactDirectory,
  DeliveryRecord,
  DeliveryStore,
  KnownContact,
  TrackerEvents,
} from './ports.js';
import { outcomeEventId, PURPOSES, revocationEvent } from './tracker-events.js';
import { utcText } from './utc-text.js';

export interface BounceDeps {
  readonly deliveries: DeliveryStore;
  readonly directory: ContactDirectory;
  readonly events: TrackerEvents;
  /** `bounces` in `bounces+<messageId>@<domain>`. */
  readonly bounceLocalPart: string;
}

export type BounceResult =
  /** No message/delivery-status part: not a DSN. */
  | { readonly kind: 'not-a-dsn' }
  /** A DSN that names none of our messages. */
  | { readonly kind: 'unmatched' }
  /** A report of a delivery, relay or expansion. */
  | { readonly kind: 'not-a-bounce' }
  /** Ours by its address, but the dispatcher's `accepted` outcome has not reached us (yet). */
  | { readonly kind: 'unknown-message' }
  /** The message went out by SMS or letter: no e-mail of it can have bounced. Changes nothing. */
  | { readonly kind: 'not-an-email'; readonly channel: MessageChannel }
  | {
      readonly kind: 'recorded';
      readonly bounce: BounceKind;
      readonly outcome: ApplyVerdict;
      /** Accounts whose address was withdrawn (hard bounces only). */
      readonly accounts: number;
    };

/**
 * A DSN → `delivery.outcome` for the message it is about: a hard bounce is `bounced`, final; a
 * soft one `undelivered`, retryable. A hard bounce also withdraws e-mail consent for the address,
 * on every account that has it, for both purposes: mail to it cannot arrive, whoever sends it.
 *
 * The contracts have no "address unreachable" event (the policy's `unreachable` input is never
 * fed), so a revoked consent with source `provider` is what stops the next e-mail; see the
 * README for the contract change that would say it plainly.
 */
export async function recordBounce(
  deps: BounceDeps,
  raw: string,
  envelopeRecipients: readonly string[],
  now: DateTime,
): Promise<BounceResult> {
  const dsn = parseDsn(raw);
  if (!dsn) return { kind: 'not-a-dsn' };
  const messageId = messageIdOf(dsn, deps.bounceLocalPart, envelopeRecipients);
  if (!messageId) return { kind: 'unmatched' };
  const bounce = bounceOf(dsn);
  if (!bounce) return { kind: 'not-a-bounce' };
  const record = await deps.deliveries.latestAttempt(messageId);
  if (!record) return { kind: 'unknown-message' };
  // Message ids can be computed from facts that are not secret: a report naming a text or a
  // letter is forged (or confused), and must neither record an outcome nor withdraw an address.
  if (record.channel !== 'email') return { kind: 'not-an-email', channel: record.channel };

  const at = utcText(now);
  const hard = bounce.kind === 'hard';
  const outcome = {
    status: hard ? ('bounced' as const) : ('undelivered' as const),
    retryable: !hard,
    ...(bounce.errorCode ? { errorCode: bounce.errorCode } : {}),
  };
  const applied = await applyOutcome(deps, seedOf(record), outcome, at);
  if (!hard) return { kind: 'recorded', bounce: 'soft', outcome: applied.verdict, accounts: 0 };

  const known = await deps.directory.contactOf(record.tenantId, record.accountId);
  const address = known && bouncedAddress(known, bounce.recipient);
  if (!address) return { kind: 'recorded', bounce: 'hard', outcome: applied.verdict, accounts: 0 };
  const outcomeId = outcomeEventId(record.messageId, record.attempt, 'bounced');
  const events = revocationsFor(await deps.directory.withEmail(address), address, {
    source: 'provider',
    // No customer asked; the bank stops writing to an address that cannot receive mail.
    basis: 'legitimate-interest',
    cause: `bounce:${record.messageId}`,
    evidenceRef: `delivery-outcome:${outcomeId}`,
    at,
    correlationId: record.correlationId,
    causationId: outcomeId,
  });
  await deps.events.publishConsents(events);
  return { kind: 'recorded', bounce: 'hard', outcome: applied.verdict, accounts: events.length };
}

function seedOf(record: DeliveryRecord) {
  const { status: _status, rank: _rank, statusAt: _at, pendingEventId: _pending, ...seed } = record;
  return seed;
}

/**
 * The account's address that bounced: the one the report names (as originally addressed, or
 * finally), if the account has it; when the report names none, the address the planner would
 * pick. A report naming an address the account does not have withdraws nothing: the contact
 * changed since, and the current address has not bounced.
 */
function bouncedAddress(known: KnownContact, recipient: DsnRecipient): string | undefined {
  const named = [recipient.originalRecipient, recipient.finalRecipient].filter(
    (a): a is string => a !== undefined,
  );
  if (named.length === 0) return addressFor('email', known.contact);
  const lower = named.map((a) => a.toLowerCase());
  return known.contact.emails.find((e) => lower.includes(e.address.toLowerCase()))?.address;
}

function revocationsFor(
  accounts: readonly KnownContact[],
  address: string,
  revocation: Parameters<typeof revocationEvent>[4],
): EventOf<'contact.consent'>[] {
  return accounts.flatMap((known) => {
    const stored = known.contact.emails.find(
      (e) => e.address.toLowerCase() === address.toLowerCase(),
    );
    if (!stored) return [];
    return PURPOSES.map((purpose) =>
      revocationEvent(known, 'email', stored.address, purpose, revocation),
    );
  });
}

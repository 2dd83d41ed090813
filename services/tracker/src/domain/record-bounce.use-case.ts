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
  SoftBounceLog,
  TrackerEvents,
} from './ports.js';
import { outcomeEventId } from './tracker-events.js';
import { unreachableEvent, type Unreachable } from './unreachable-event.js';
import { utcText } from './utc-text.js';

/** When soft bounces make an address unreachable: `limit` of them within `days` (a setting). */
export interface SoftBounceRule {
  readonly limit: number;
  readonly days: number;
}

export interface BounceDeps {
  readonly deliveries: DeliveryStore;
  readonly directory: ContactDirectory;
  readonly events: TrackerEvents;
  /** `bounces` in `bounces+<messageId>@<domain>`. */
  readonly bounceLocalPart: string;
  /** Each address's soft bounces, and how many make it unreachable. */
  readonly softBounces: SoftBounceLog;
  readonly softBounceRule: SoftBounceRule;
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
      /**
       * Accounts whose address was made unreachable: by a hard bounce, or by the soft bounce that
       * reached the limit.
       */
      readonly accounts: number;
    };

const DAY_MS = 86_400_000;

/**
 * A DSN → `delivery.outcome` for the message it is about: a permanent failure (hard or rejected,
 * dsn.ts) is `bounced`, final; a soft one or a delay `undelivered`, retryable. A hard bounce (the
 * address does not exist: 5.1.1, 5.1.2, 5.1.3, 5.1.6, 5.1.10) also makes the address unreachable
 * (`contact.unreachable`, reason `hard-bounce`) on every account that has it: mail to it cannot
 * arrive, whoever sends it. A rejection (5.7.x policy, 5.2.2 full, …) marks nothing. It is a fact
 * about the address, not a withdrawal of consent: no `contact.consent` is published, and a new
 * address from the bank clears it. Failed 4.x.x reports are counted per address (distinct
 * attempts; delays are not counted); the one that makes `softBounceRule.limit` within its days
 * makes the address unreachable the same way (reason `soft-bounces`).
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
  // letter is forged (or confused), and must neither record an outcome nor mark an address.
  if (record.channel !== 'email') return { kind: 'not-an-email', channel: record.channel };

  const at = utcText(now);
  // A permanent failure is `bounced`, final, whether or not it marks the address.
  const final = bounce.kind === 'hard' || bounce.kind === 'rejected';
  const outcome = {
    status: final ? ('bounced' as const) : ('undelivered' as const),
    retryable: !final,
    ...(bounce.errorCode ? { errorCode: bounce.errorCode } : {}),
  };
  const applied = await applyOutcome(deps, seedOf(record), outcome, at);
  const recorded = (accounts: number): BounceResult => ({
    kind: 'recorded',
    bounce: bounce.kind,
    outcome: applied.verdict,
    accounts,
  });

  // Only a bad address (hard) and a counted temporary failure (soft) can mark it: a policy
  // rejection or a delay says nothing about the address.
  if (bounce.kind === 'rejected' || bounce.kind === 'delayed') return recorded(0);
  const known = await deps.directory.contactOf(record.tenantId, record.accountId);
  const address = known && bouncedAddress(known, bounce.recipient);
  if (!address) return recorded(0);
  const outcomeId = outcomeEventId(record.messageId, record.attempt, outcome.status);
  const found = {
    // The report itself is the cause: the same DSN again gives the same events.
    cause: `bounce:${record.messageId}/${String(record.attempt)}`,
    evidenceRef: `delivery-outcome:${outcomeId}`,
    ...(bounce.errorCode ? { errorCode: bounce.errorCode } : {}),
    at,
    correlationId: record.correlationId,
    causationId: outcomeId,
  };
  if (bounce.kind === 'soft') {
    const { limit, days } = deps.softBounceRule;
    const since = new Date(now.toMillis() - days * DAY_MS).toISOString();
    const id = `${record.messageId}/${String(record.attempt)}`;
    const count = await deps.softBounces.record(address, id, at, since);
    if (count < limit) return recorded(0);
    const events = unreachableFor(await deps.directory.withEmail(address), address, {
      ...found,
      reason: 'soft-bounces',
    });
    await deps.events.publishUnreachable(events);
    return recorded(events.length);
  }
  const events = unreachableFor(await deps.directory.withEmail(address), address, {
    ...found,
    reason: 'hard-bounce',
  });
  await deps.events.publishUnreachable(events);
  return recorded(events.length);
}

function seedOf(record: DeliveryRecord) {
  const { status: _status, rank: _rank, statusAt: _at, pendingEventId: _pending, ...seed } = record;
  return seed;
}

/**
 * The account's address that bounced: the one the report names (as originally addressed, or
 * finally), if the account has it; when the report names none, the address the planner would
 * pick. A report naming an address the account does not have marks nothing: the contact
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

/** `contact.unreachable` for the address on every account that has it, as each account has it. */
function unreachableFor(
  accounts: readonly KnownContact[],
  address: string,
  found: Unreachable,
): EventOf<'contact.unreachable'>[] {
  return accounts.flatMap((known) => {
    const stored = known.contact.emails.find(
      (e) => e.address.toLowerCase() === address.toLowerCase(),
    );
    return stored ? [unreachableEvent(known, 'email', stored.address, found)] : [];
  });
}

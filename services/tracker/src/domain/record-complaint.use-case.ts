import type { DateTime } from 'luxon';
import { Identifier, type EventOf, type MessageChannel } from '@kindly/contracts';
import { addressFor } from '@kindly/rules';
import { applyOutcome, type ApplyVerdict } from './apply-outcome.use-case.js';
import { messageIdFromVerp } from './dsn.js';
import {
  isComplaint,
  parseFeedbackReport,
  type FeedbackReport,
  type MalformedReason,
} from './feedback-report.js';
import { headerOf } from './mime-entity.js';
import type { ContactDirectory, DeliveryRecord, DeliveryStore, TrackerEvents } from './ports.js';
import { outcomeEventId, revocationEvent } from './tracker-events.js';
import { utcText } from './utc-text.js';

export interface ComplaintDeps {
  readonly deliveries: DeliveryStore;
  readonly directory: ContactDirectory;
  readonly events: TrackerEvents;
  /** `bounces` in `bounces+<messageId>@<domain>`: the original's return path names it. */
  readonly bounceLocalPart: string;
}

export type ComplaintResult =
  /** Not an ARF report as RFC 5965 builds one: refused, and nothing changes. */
  | { readonly kind: 'malformed'; readonly reason: MalformedReason }
  /** Names none of our messages, or one the tracker has never heard of: acknowledged only. */
  | { readonly kind: 'unidentified' }
  /** The message went out by SMS or letter: no e-mail of it can be complained about. */
  | { readonly kind: 'not-an-email'; readonly channel: MessageChannel }
  /** Feedback that is no complaint (not-spam, auth-failure …): acknowledged only. */
  | { readonly kind: 'not-a-complaint' }
  | {
      readonly kind: 'complained';
      readonly outcome: ApplyVerdict;
      /** Accounts whose marketing e-mail consent was withdrawn. */
      readonly accounts: number;
    };

/**
 * A spam complaint (an ARF report from a mailbox provider's feedback loop) about one of our
 * e-mails: a `complained` outcome for the message, which the campaigns service's complaint
 * breaker counts, and marketing e-mail consent withdrawn for the address, on the bank's accounts
 * that have it. Servicing e-mail is not withdrawn: the policy for a spam complaint (FBL) is to
 * suppress marketing (compliance.md §5.3), and transactional or relationship mail about the
 * customer's own account is exempt from the marketing rules (CAN-SPAM; §5.2 exempts it from
 * one-click too), so those notices may continue; stopping them is the bank's call, or the
 * customer's through the servicing unsubscribe link. The same report again publishes the same
 * events.
 */
export async function recordComplaint(
  deps: ComplaintDeps,
  raw: string,
  envelopeRecipients: readonly string[],
  now: DateTime,
): Promise<ComplaintResult> {
  const parsed = parseFeedbackReport(raw);
  if (parsed.kind === 'malformed') return parsed;
  const { report } = parsed;
  const messageId = complainedMessageId(report, deps.bounceLocalPart, envelopeRecipients);
  // A complaint comes days after the e-mail: a message not known by then never will be.
  const record = messageId && (await deps.deliveries.latestAttempt(messageId));
  if (!record) return { kind: 'unidentified' };
  // Message ids can be computed from facts that are not secret: a report naming a text or a
  // letter is forged (or confused), and changes nothing.
  if (record.channel !== 'email') return { kind: 'not-an-email', channel: record.channel };
  if (!isComplaint(report)) return { kind: 'not-a-complaint' };

  const at = utcText(now);
  const outcome = { status: 'complained' as const, retryable: false };
  const applied = await applyOutcome(deps, seedOf(record), outcome, at);
  const outcomeId = outcomeEventId(record.messageId, record.attempt, 'complained');
  const events = await marketingRevocations(deps, record, report, {
    // The customer asked, through the mailbox's spam button, for no more of this mail: their
    // own request about e-mail, as an unsubscribe is; `provider` stays the mark of suppressions
    // no customer asked for (bounces).
    source: 'email-unsubscribe',
    basis: 'customer-request',
    cause: `complaint:${record.messageId}`,
    evidenceRef: `delivery-outcome:${outcomeId}`,
    at,
    correlationId: record.correlationId,
    causationId: outcomeId,
  });
  await deps.events.publishConsents(events);
  return { kind: 'complained', outcome: applied.verdict, accounts: events.length };
}

/**
 * Which of our messages a report is about: the returned `X-Kindly-Message-Id`, the VERP return
 * path (the report's Original-Mail-From, the returned Return-Path, or the address the report
 * came to), else the returned `Message-ID`, `<messageId@bounce domain>` as the dispatcher writes
 * it (its local part must be a UUID, as ours are: other senders' ids are not taken for ours).
 */
export function complainedMessageId(
  report: FeedbackReport,
  bounceLocalPart: string,
  envelopeRecipients: readonly string[] = [],
): string | undefined {
  const header = headerOf(report.returnedHeaders, 'x-kindly-message-id')?.trim();
  if (header && Identifier.safeParse(header).success) return header;
  const returnPath = headerOf(report.returnedHeaders, 'return-path')?.replace(/[<>\s]/g, '');
  for (const address of [report.originalMailFrom, returnPath, ...envelopeRecipients]) {
    const id = address && messageIdFromVerp(address, bounceLocalPart);
    if (id) return id;
  }
  const local = headerOf(report.returnedHeaders, 'message-id')?.match(/<?\s*([^@<>\s]+)@/)?.[1];
  return local && UUID.test(local) ? local : undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function seedOf(record: DeliveryRecord) {
  const { status: _status, rank: _rank, statusAt: _at, pendingEventId: _pending, ...seed } = record;
  return seed;
}

/**
 * The address complained from is the one the report names (Original-Rcpt-To) when the account
 * has it; providers often redact it, and then it is the address the planner writes to, as for a
 * one-click unsubscribe. Withdrawn on every account of the same bank with that address.
 */
async function marketingRevocations(
  deps: Pick<ComplaintDeps, 'directory'>,
  record: DeliveryRecord,
  report: FeedbackReport,
  revocation: Parameters<typeof revocationEvent>[4],
): Promise<EventOf<'contact.consent'>[]> {
  const known = await deps.directory.contactOf(record.tenantId, record.accountId);
  if (!known) return [];
  const named = report.originalRcptTo.map((a) => a.toLowerCase());
  const address =
    known.contact.emails.find((e) => named.includes(e.address.toLowerCase()))?.address ??
    addressFor('email', known.contact);
  if (!address) return [];
  const accounts = await deps.directory.withEmail(address, record.tenantId);
  return accounts.flatMap((other) => {
    const stored = other.contact.emails.find(
      (e) => e.address.toLowerCase() === address.toLowerCase(),
    );
    return stored ? [revocationEvent(other, 'email', stored.address, 'marketing', revocation)] : [];
  });
}

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
import { emailRevocations } from './email-revocations.js';
import { headerOf } from './mime-entity.js';
import type { ContactDirectory, DeliveryRecord, DeliveryStore, TrackerEvents } from './ports.js';
import { outcomeEventId, type Revocation } from './tracker-events.js';
import { checkUnsubscribeLink, type UnsubscribeLink } from './unsubscribe.use-case.js';
import { utcText } from './utc-text.js';

export interface ComplaintDeps {
  readonly deliveries: DeliveryStore;
  readonly directory: ContactDirectory;
  readonly events: TrackerEvents;
  /** `bounces` in `bounces+<messageId>@<domain>`: the original's return path names it. */
  readonly bounceLocalPart: string;
  /** The unsubscribe links' secret: the proof that a returned message is ours (see below). */
  readonly secret: string;
}

export type ComplaintResult =
  /** Not an ARF report as RFC 5965 builds one: refused, and nothing changes. */
  | { readonly kind: 'malformed'; readonly reason: MalformedReason }
  /** Names none of our messages, or one the tracker has never heard of: acknowledged only. */
  | { readonly kind: 'unidentified' }
  /**
   * Names one of our e-mails but does not prove it returns that e-mail (no unsubscribe link
   * signed for it among the returned headers): anyone may write a report, so acknowledged only.
   */
  | { readonly kind: 'unverified' }
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
 *
 * A report must prove the message it returns is ours: mail to the feedback address needs no
 * authentication and our message ids are computed from facts that are not secret, so anyone
 * could otherwise suppress any customer's marketing and trip a campaign's complaint breaker. The
 * proof is the one-click unsubscribe link every e-mail of ours carries in its List-Unsubscribe
 * header (the https URI, or the mailto's subject), signed for the tenant, account, message and
 * purpose (unsubscribe-signature.ts): feedback loops return the original's headers (RFC 5965
 * §2), so a genuine report has it. It must be signed for the message the report names (when it
 * names one otherwise too). A report without a valid one is `unverified`: acknowledged, counted,
 * and changes nothing.
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
  const named = complainedMessageId(report, deps.bounceLocalPart, envelopeRecipients);
  const links = signedLinksOf(report);
  const messageId = named ?? links[0]?.messageId;
  // A complaint comes days after the e-mail: a message not known by then never will be.
  const record = messageId && (await deps.deliveries.latestAttempt(messageId));
  if (!record) return { kind: 'unidentified' };
  // Message ids can be computed from facts that are not secret: a report naming a text or a
  // letter is forged (or confused), and changes nothing.
  if (record.channel !== 'email') return { kind: 'not-an-email', channel: record.channel };
  if (!(await provesOurs(deps, record.messageId, links))) return { kind: 'unverified' };
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
  const header = returnedHeader(report, 'x-kindly-message-id');
  if (header && Identifier.safeParse(header).success) return header;
  const returnPath = returnedHeader(report, 'return-path')?.replace(/[<>\s]/g, '');
  for (const address of [report.originalMailFrom, returnPath, ...envelopeRecipients]) {
    const id =
      address && address.length <= MAX_HEADER && messageIdFromVerp(address, bounceLocalPart);
    if (id) return id;
  }
  const local = returnedHeader(report, 'message-id')?.match(/^<?\s*([0-9a-f-]{36})@/i)?.[1];
  return local && UUID.test(local) ? local : undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A line may hold 998 characters (RFC 5322 §2.1.1); an unfolded header of ours is far shorter.
 * Anything longer is cut before a pattern reads it: reports come unauthenticated, and a pattern
 * over an unbounded header is work an attacker chooses (an 80 000-character Message-ID took an
 * unanchored pattern 10 s, while STOPs waited).
 */
const MAX_HEADER = 998;

function returnedHeader(report: FeedbackReport, name: string): string | undefined {
  return headerOf(report.returnedHeaders, name)?.slice(0, MAX_HEADER).trim();
}

/**
 * `<purpose>/<messageId>/<signature>` in the returned List-Unsubscribe: the https URI's last
 * three segments, or the end of the mailto's subject (percent-encoded: decoded first).
 */
const SIGNED_TAIL =
  /(?:^|[\s/:[(<])(servicing|marketing)\/([A-Za-z0-9][A-Za-z0-9._-]{0,99})\/([A-Za-z0-9_-]{22})(?![A-Za-z0-9_-])/g;

/** The signed unsubscribe links among the returned headers (none when it has no such header). */
export function signedLinksOf(report: FeedbackReport): UnsubscribeLink[] {
  const header = headerOf(report.returnedHeaders, 'list-unsubscribe');
  if (header === undefined) return [];
  // Ours is a few hundred characters; the cut bounds the work, as for every returned header.
  const text = header.slice(0, 2 * MAX_HEADER);
  let decoded = text;
  try {
    decoded = decodeURIComponent(text);
  } catch {
    // A malformed escape: read it as it is.
  }
  const links = [text, decoded].flatMap((value) =>
    [...value.matchAll(SIGNED_TAIL)].map(([, purpose = '', messageId = '', signature = '']) => ({
      purpose,
      messageId,
      signature,
    })),
  );
  return links.slice(0, 4);
}

/** Whether one of the links is signed for `messageId` (its tenant and account are the record's). */
async function provesOurs(
  deps: Pick<ComplaintDeps, 'deliveries' | 'secret'>,
  messageId: string,
  links: readonly UnsubscribeLink[],
): Promise<boolean> {
  for (const link of links) {
    if (link.messageId !== messageId) continue;
    if ((await checkUnsubscribeLink(deps, link)).kind === 'valid') return true;
  }
  return false;
}

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
  revocation: Revocation,
): Promise<EventOf<'contact.consent'>[]> {
  const known = await deps.directory.contactOf(record.tenantId, record.accountId);
  if (!known) return [];
  const named = report.originalRcptTo.map((a) => a.toLowerCase());
  const address =
    known.contact.emails.find((e) => named.includes(e.address.toLowerCase()))?.address ??
    addressFor('email', known.contact);
  if (!address) return [];
  const accounts = await deps.directory.withEmail(address, record.tenantId);
  return emailRevocations(accounts, address, 'marketing', revocation);
}

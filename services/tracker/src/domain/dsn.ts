/**
 * Delivery status notifications (RFC 3464 in the RFC 6522 multipart/report container; the
 * RFC 6533 `global` variants too): which recipient failed, how (Action, Status) and which of our
 * messages it was (the returned headers' `X-Kindly-Message-Id`, or the VERP address it came to).
 */
import { Identifier } from '@kindly/contracts';
import {
  contentTypeOf,
  decodedBody,
  headerOf,
  multipartParts,
  parseEntity,
  parseHeaderBlock,
  type HeaderList,
  type MimeEntity,
} from './mime-entity.js';

export interface DsnRecipient {
  /** The address that failed (Final-Recipient), without its address type. */
  readonly finalRecipient?: string;
  /** The address as the original was sent to it, when the MTA says (Original-Recipient). */
  readonly originalRecipient?: string;
  /** failed, delayed, delivered, relayed or expanded, lower case. */
  readonly action?: string;
  /** RFC 3463 status, e.g. 5.1.1. */
  readonly status?: string;
  /** The SMTP reply code in Diagnostic-Code (e.g. 550), when there is one. */
  readonly smtpCode?: string;
}

export interface ParsedDsn {
  /** The addresses in the report's To header: our bounce address. */
  readonly to: readonly string[];
  readonly recipients: readonly DsnRecipient[];
  /** The original message's header section, as returned (empty when the MTA returned none). */
  readonly returnedHeaders: HeaderList;
}

const DELIVERY_STATUS = new Set(['message/delivery-status', 'message/global-delivery-status']);
const RETURNED_HEADERS = new Set(['text/rfc822-headers', 'message/global-headers']);
const RETURNED_MESSAGE = new Set(['message/rfc822', 'message/global']);
const MAX_DEPTH = 5;

/** Reads a DSN; undefined when the text holds no delivery-status part (not a DSN). */
export function parseDsn(raw: string): ParsedDsn | undefined {
  const message = parseEntity(raw);
  const found: { status?: string; headers?: HeaderList } = {};
  walk(message, found, 0);
  if (found.status === undefined) return undefined;
  const groups = found.status
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n/)
    .map((group) => parseHeaderBlock(group))
    .filter((group) => group.length > 0);
  // The first group is about the message (Reporting-MTA …), each later one about a recipient.
  const recipients = groups.slice(1).map(recipientOf);
  return {
    to: addressesIn(headerOf(message.headers, 'to') ?? ''),
    recipients,
    returnedHeaders: found.headers ?? [],
  };
}

function walk(entity: MimeEntity, found: { status?: string; headers?: HeaderList }, depth: number) {
  if (depth > MAX_DEPTH) return;
  const type = contentTypeOf(entity);
  const boundary = type.params.get('boundary');
  if (type.mediaType.startsWith('multipart/') && boundary) {
    for (const part of multipartParts(entity, boundary)) walk(part, found, depth + 1);
    return;
  }
  if (DELIVERY_STATUS.has(type.mediaType)) found.status ??= decodedBody(entity);
  else if (RETURNED_HEADERS.has(type.mediaType))
    found.headers ??= parseHeaderBlock(decodedBody(entity));
  else if (RETURNED_MESSAGE.has(type.mediaType))
    found.headers ??= parseEntity(decodedBody(entity)).headers;
}

function recipientOf(fields: HeaderList): DsnRecipient {
  const address = (name: string) => {
    const value = headerOf(fields, name);
    if (value === undefined) return undefined;
    // `rfc822; jane@example.com`: the address type, then the address.
    const semicolon = value.indexOf(';');
    return stripAngles(semicolon < 0 ? value : value.slice(semicolon + 1));
  };
  const status = headerOf(fields, 'status')?.match(/^\s*([245]\.\d{1,3}\.\d{1,3})/)?.[1];
  const smtpCode = headerOf(fields, 'diagnostic-code')?.match(/;\s*([245]\d\d)\b/)?.[1];
  const finalRecipient = address('final-recipient');
  const originalRecipient = address('original-recipient');
  const action = headerOf(fields, 'action')?.trim().toLowerCase();
  return {
    ...(finalRecipient ? { finalRecipient } : {}),
    ...(originalRecipient ? { originalRecipient } : {}),
    ...(action ? { action } : {}),
    ...(status ? { status } : {}),
    ...(smtpCode ? { smtpCode } : {}),
  };
}

function stripAngles(value: string): string | undefined {
  const trimmed = value
    .trim()
    .replace(/^<(.*)>$/, '$1')
    .trim();
  return trimmed.length > 0 ? trimmed : undefined;
}

function addressesIn(value: string): string[] {
  const bracketed = [...value.matchAll(/<([^<>\s]+@[^<>\s]+)>/g)].map((m) => m[1] ?? '');
  if (bracketed.length > 0) return bracketed;
  return value
    .split(',')
    .map((part) => part.trim())
    .filter((part) => /^[^\s@]+@[^\s@]+$/.test(part));
}

/**
 * - `hard`: the address does not exist (marks it unreachable, `hard-bounce`);
 * - `rejected`: a permanent failure that is not a fact about the address (policy, spam, DMARC,
 *   a blocklist, a full or disabled mailbox, the receiving system): the message fails, final,
 *   nothing is marked;
 * - `soft`: a failed delivery with a temporary status (4.x.x), counted toward the soft-bounce
 *   limit;
 * - `delayed`: the relay is still trying: retryable, never counted (it may yet arrive).
 */
export type BounceKind = 'hard' | 'rejected' | 'soft' | 'delayed';

/**
 * RFC 3463 statuses that say the address itself is bad: bad destination mailbox (5.1.1), bad
 * destination system (5.1.2), bad mailbox address syntax (5.1.3), mailbox has moved (5.1.6),
 * recipient address has null MX (5.1.10, RFC 7505). Not 5.2.1 (mailbox disabled): RFC 3463 says
 * it "may be a permanent error or a temporary error", and receivers use it for suspended or
 * rate-limited mailboxes that come back; it fails the message without a mark.
 */
const ADDRESS_DOES_NOT_EXIST = new Set(['5.1.1', '5.1.2', '5.1.3', '5.1.6', '5.1.10']);

/**
 * The kind of a recipient's report (compliance.md §5.3 as implemented): only the statuses in
 * ADDRESS_DOES_NOT_EXIST are `hard`; any other permanent failure (5.x.x, or a 5xx SMTP code with
 * no status: 5.7.x spam/DMARC/blocklist, 5.2.2 mailbox full, 5.3.x, 5.4.x, …) is `rejected`; a
 * failed 4.x.x (or a failure naming no status) is `soft`; a delay is `delayed`; a delivery,
 * relay or expansion is no bounce at all (undefined).
 */
export function classifyBounce(recipient: DsnRecipient): BounceKind | undefined {
  const action = recipient.action ?? 'failed';
  if (action === 'delivered' || action === 'relayed' || action === 'expanded') return undefined;
  if (action === 'delayed') return 'delayed';
  const status = recipient.status?.trim();
  const cls = status?.charAt(0) ?? recipient.smtpCode?.charAt(0);
  if (cls === '2') return undefined;
  if (status !== undefined && ADDRESS_DOES_NOT_EXIST.has(status)) return 'hard';
  if (cls === '5') return 'rejected';
  return 'soft';
}

/** Which recipient's report speaks for the DSN: the address's own failure first. */
const PRECEDENCE: readonly BounceKind[] = ['hard', 'rejected', 'soft', 'delayed'];

export interface Bounce {
  readonly kind: BounceKind;
  readonly recipient: DsnRecipient;
  /** The status as an error code for `delivery.outcome`: the RFC 3463 status, else the SMTP code. */
  readonly errorCode?: string;
}

/** The report's bounce: its first recipient of the strongest kind (PRECEDENCE); undefined for none. */
export function bounceOf(dsn: ParsedDsn): Bounce | undefined {
  const classified = dsn.recipients.flatMap((recipient) => {
    const kind = classifyBounce(recipient);
    return kind ? [{ kind, recipient }] : [];
  });
  const chosen = PRECEDENCE.map((k) => classified.find((b) => b.kind === k)).find(Boolean);
  if (!chosen) return undefined;
  const errorCode = chosen.recipient.status ?? chosen.recipient.smtpCode;
  return { ...chosen, ...(errorCode ? { errorCode } : {}) };
}

/**
 * Our message id from a VERP bounce address, `<localPart>+<messageId>@<domain>`; undefined for
 * any other address.
 */
export function messageIdFromVerp(address: string, localPart: string): string | undefined {
  const at = address.lastIndexOf('@');
  if (at < 0) return undefined;
  const local = address.slice(0, at);
  const prefix = `${localPart}+`;
  if (local.slice(0, prefix.length).toLowerCase() !== prefix.toLowerCase()) return undefined;
  const id = local.slice(prefix.length);
  return Identifier.safeParse(id).success ? id : undefined;
}

/** Which message a report is about: the envelope or To address (VERP), else the returned header. */
export function messageIdOf(
  dsn: ParsedDsn,
  localPart: string,
  envelopeRecipients: readonly string[] = [],
): string | undefined {
  for (const address of [...envelopeRecipients, ...dsn.to]) {
    const id = messageIdFromVerp(address, localPart);
    if (id) return id;
  }
  const header = headerOf(dsn.returnedHeaders, 'x-kindly-message-id')?.trim();
  return header && Identifier.safeParse(header).success ? header : undefined;
}

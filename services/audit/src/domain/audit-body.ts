/**
 * What the audit keeps of an event: the envelope as it came, with the personal data in its
 * payload replaced by keyed hashes (address-keys.ts) and free text a customer or agent wrote left
 * out, and a rendered message's content moved out to the encrypted evidence (its hash stays).
 * The shape of each payload is kept, so that the independent re-check reads the kept events as
 * it would read the originals, comparing addresses by their keys.
 */
import type { AnyEvent } from '@kindly/contracts';
import { kindOfChannel, postalKey, type AddressKeyer } from './address-keys.js';
import { hashOf } from './canonical-hash.js';

/**
 * What the audit itself records in an account's chain: a legal hold placed or lifted, and the
 * expiry of the account's records under a retention class.
 */
export type AuditOwnType = 'audit.hold-placed' | 'audit.hold-lifted' | 'audit.expired';

export interface AuditBody {
  readonly eventId: string;
  readonly type: AnyEvent['type'] | AuditOwnType;
  readonly schemaVersion: string;
  readonly occurredAt: string;
  readonly correlationId: string;
  readonly causationId: string | null;
  readonly payload: AnyEvent['payload'] | AuditOwnPayload;
  /** A rendered message: where its content is kept, encrypted, and the content's own hash. */
  readonly evidence?: {
    readonly id: string;
    readonly contentHash: string;
    /** SHA-256 of the sealed content's canonical JSON: what an opened seal must match. */
    readonly contentDigest?: string;
  };
}

export type AuditOwnPayload =
  | {
      readonly accountId: string;
      /** The matter the hold is for, and who placed or lifted it: references, never names. */
      readonly matter: string;
      readonly by: string;
    }
  | {
      readonly accountId: string;
      /** Every record up to this sequence number has had its body removed. */
      readonly throughSeq: number;
      readonly retentionClass: string;
      readonly years: number;
      /** The last record before expiry: when the years were counted from. */
      readonly lastActivityAt: string;
    };

export interface KeptEvent {
  readonly body: AuditBody;
  /**
   * Every key the event names, its addresses' and its holder's name's: what a query by address or
   * by customer looks up.
   */
  readonly addressKeys: readonly string[];
  /** The rendered content to encrypt into the evidence store (outreach.rendered only). */
  readonly content?: unknown;
}

export function keepEvent(event: AnyEvent, key: AddressKeyer): KeptEvent {
  const keys = new Set<string>();
  const keyed = (kind: Parameters<AddressKeyer>[0], value: string) => {
    const k = key(kind, value);
    keys.add(k);
    return k;
  };
  const envelope = {
    eventId: event.eventId,
    type: event.type,
    schemaVersion: event.schemaVersion,
    occurredAt: event.occurredAt,
    correlationId: event.correlationId,
    causationId: event.causationId,
  };
  let payload: AnyEvent['payload'] = event.payload;
  let evidence: AuditBody['evidence'];
  let content: unknown;
  switch (event.type) {
    case 'contact.updated': {
      const p = event.payload;
      const fullName = [p.name.given, p.name.middle, p.name.family].filter(Boolean).join(' ');
      payload = {
        ...p,
        name: { family: keyed('name', fullName) },
        phones: p.phones.map((phone) => ({ ...phone, number: keyed('phone', phone.number) })),
        emails: p.emails.map((email) => ({ ...email, address: keyed('email', email.address) })),
        postalAddresses: p.postalAddresses.map((postal) => {
          const k = postalKey(key, postal);
          keys.add(k);
          return { lines: [k], city: '-', country: postal.country };
        }),
        // What an agent noted at an appointment is free text: only the time is kept.
        ...(p.appointments ? { appointments: p.appointments.map(({ at }) => ({ at })) } : {}),
      };
      break;
    }
    case 'contact.consent': {
      const p = event.payload;
      const kind = kindOfChannel(p.channel);
      if (kind && p.channel !== 'letter') payload = { ...p, address: keyed(kind, p.address) };
      break;
    }
    case 'contact.unreachable': {
      const p = event.payload;
      const kind = kindOfChannel(p.channel);
      if (kind && p.channel !== 'letter') payload = { ...p, address: keyed(kind, p.address) };
      break;
    }
    case 'delivery.outcome': {
      const p = event.payload;
      const kind = kindOfChannel(p.channel);
      if (p.to !== undefined && kind) payload = { ...p, to: keyed(kind, p.to) };
      break;
    }
    case 'outreach.rendered': {
      const p = event.payload;
      evidence = {
        id: event.eventId,
        contentHash: p.contentHash,
        contentDigest: hashOf(p.content),
      };
      content = p.content;
      const { content: _left, ...rest } = p;
      payload = rest as AnyEvent['payload'];
      break;
    }
    default:
      break;
  }
  return {
    body: { ...envelope, payload, ...(evidence ? { evidence } : {}) },
    addressKeys: [...keys],
    ...(content !== undefined ? { content } : {}),
  };
}

/**
 * `contact.unreachable`: one account's address cannot be reached. A delivery fact, not a consent
 * change: the rules stop that channel at that address until a `contact.updated` gives a new one,
 * and no purpose's consent is touched. Ids are deterministic, as every tracker event's: the same
 * report again (a callback Twilio sends twice, a DSN that comes again) yields the same event.
 *
 * Used by the bounces, the Twilio status callbacks and the inbound replies ("wrong number").
 */
import {
  createEvent,
  deterministicId,
  Reference,
  type EventOf,
  type UnreachableReason,
  type UnreachableSource,
} from '@kindly/contracts';
import type { KnownContact } from './ports.js';

/** The channels an address is unreachable on; an agent's call is a voice call. */
export type UnreachableChannel = EventOf<'contact.unreachable'>['payload']['channel'];

/** What was found, and the evidence: which report said so. */
export interface Unreachable {
  readonly reason: UnreachableReason;
  /** Who found out; `tracker` when absent. */
  readonly source?: UnreachableSource;
  /** Names the report (callback, bounce, inbound message) that said so; part of the event id. */
  readonly cause: string;
  /** Where the proof is kept, e.g. `twilio-sms:<sid>`; dropped when it is not a reference. */
  readonly evidenceRef?: string;
  /** The provider's code, e.g. Twilio `21614` or SMTP `5.1.1`; dropped when malformed. */
  readonly errorCode?: string;
  /** When it was found (UTC ISO); also the event's `occurredAt`. */
  readonly at: string;
  readonly correlationId: string;
  readonly causationId: string | null;
}

const ERROR_CODE = /^[A-Za-z0-9._:-]{1,64}$/;

/**
 * `contact.unreachable` for one account's address on one channel: an E.164 number for `sms` and
 * `voice`, an e-mail address for `email`, `postal` for `letter`.
 *
 * @throws z.ZodError when the address does not fit the channel (RangeError: a letter's not `postal`)
 */
export function unreachableEvent(
  known: Pick<KnownContact, 'tenantId' | 'accountId'>,
  channel: UnreachableChannel,
  address: string,
  unreachable: Unreachable,
): EventOf<'contact.unreachable'> {
  const evidenceRef =
    unreachable.evidenceRef !== undefined && Reference.safeParse(unreachable.evidenceRef).success
      ? { evidenceRef: unreachable.evidenceRef }
      : {};
  const errorCode =
    unreachable.errorCode !== undefined && ERROR_CODE.test(unreachable.errorCode)
      ? { errorCode: unreachable.errorCode }
      : {};
  const common = {
    accountId: known.accountId,
    reason: unreachable.reason,
    source: unreachable.source ?? 'tracker',
    at: unreachable.at,
    ...evidenceRef,
    ...errorCode,
  };
  const payload = payloadOf(channel, address, common);
  return createEvent('contact.unreachable', {
    eventId: deterministicId(
      'contact.unreachable',
      unreachable.reason,
      unreachable.cause,
      known.tenantId,
      known.accountId,
      channel,
      address,
    ),
    occurredAt: unreachable.at,
    correlationId: unreachable.correlationId,
    causationId: unreachable.causationId,
    tenantId: known.tenantId,
    payload,
  });
}

type Payload = EventOf<'contact.unreachable'>['payload'];

/** The payload for the channel; `createEvent` checks the address against it. */
function payloadOf(
  channel: UnreachableChannel,
  address: string,
  common: Omit<Payload, 'channel' | 'address'>,
): Payload {
  switch (channel) {
    case 'sms':
    case 'voice':
      return { ...common, channel, address };
    case 'email':
      return { ...common, channel, address };
    case 'letter':
      if (address !== 'postal') throw new RangeError('a letter is unreachable at "postal"');
      return { ...common, channel, address };
  }
}

/**
 * `contact.unreachable` from a provider's synchronous refusal. Twilio refuses a number it knows
 * cannot take a text (21211 not a valid number, 21614 not a mobile number) in its answer to the
 * create-message call, so no status callback ever comes for it, and an SMTP server refuses an
 * address that does not exist (5.1.x) at RCPT TO. The dispatcher alone sees those answers, and
 * alone knows the exact address it gave the provider (its record's `to`): it raises the fact
 * here, when it settles the attempt, beside the outcome, as it does a 21610's revocation. The
 * tracker raises the ones that come later (status callbacks, DSNs). Ids are deterministic: a
 * settle done again after a crash publishes the same events.
 */
import {
  channelsBarredBy,
  createEvent,
  deterministicId,
  twilioUnreachableReason,
  type EventOf,
  type OutreachRenderedV1,
} from '@kindly/contracts';
import type { DispatchRecord } from './ports.js';

type Unreachable = EventOf<'contact.unreachable'>;

/**
 * The unreachable addresses a finished attempt's failure says: for a text refused with a code
 * of the Twilio table, the number (on voice too when it is invalid); for an e-mail refused as a
 * bad mailbox, the address. None for any other failure.
 */
export function unreachableEvents(
  rendered: OutreachRenderedV1,
  record: Pick<DispatchRecord, 'effect' | 'to' | 'errorCode' | 'attempt'>,
  at: string,
): Unreachable[] {
  if (record.effect !== 'invalid-address' || record.to === undefined) return [];
  const { messageId, accountId } = rendered.payload;
  const envelope = (channel: string) => ({
    eventId: deterministicId(
      'contact.unreachable',
      'dispatcher',
      messageId,
      String(record.attempt),
      channel,
    ),
    occurredAt: at,
    correlationId: rendered.correlationId,
    causationId: rendered.eventId,
    tenantId: rendered.tenantId,
  });
  const errorCode = codeOf(record.errorCode);
  const common = {
    accountId,
    source: 'dispatcher' as const,
    at,
    evidenceRef: reference(`dispatch:${messageId}:${String(record.attempt)}`),
    ...(errorCode !== undefined ? { errorCode } : {}),
  };
  switch (rendered.payload.channel) {
    case 'sms': {
      const reason = twilioUnreachableReason(record.errorCode);
      if (reason === undefined) return [];
      const address = record.to;
      return channelsBarredBy(reason).map((channel) =>
        createEvent('contact.unreachable', {
          ...envelope(channel),
          payload: { ...common, channel, address, reason },
        }),
      );
    }
    case 'email':
      return [
        createEvent('contact.unreachable', {
          ...envelope('email'),
          payload: { ...common, channel: 'email', address: record.to, reason: 'hard-bounce' },
        }),
      ];
    case 'letter':
      return [];
  }
}

const ERROR_CODE = /^[A-Za-z0-9._:-]{1,64}$/;

function codeOf(code: string | undefined): string | undefined {
  return code !== undefined && ERROR_CODE.test(code) ? code : undefined;
}

/** A reference as the contract takes it (no spaces, at most 100 characters). */
function reference(text: string): string {
  return text.replace(/[^A-Za-z0-9._:/#-]/g, '-').slice(0, 100);
}

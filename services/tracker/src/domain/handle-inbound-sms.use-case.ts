import type { DateTime } from 'luxon';
import { deterministicId, type EventOf } from '@kindly/contracts';
import type { ContactDirectory, SmsOptOutRegistry, TrackerEvents } from './ports.js';
import { classifySmsReply, type SmsReplyKind } from './sms-keywords.js';
import type { SmsReplyTexts } from './sms-replies.js';
import { PURPOSES, revocationEvent } from './tracker-events.js';
import { utcText } from './utc-text.js';

export interface InboundSms {
  /** The customer's number (E.164). */
  readonly from: string;
  /** The provider's id of the inbound message (Twilio's MessageSid). */
  readonly inboundId: string;
  readonly body: string;
}

export interface InboundSmsDeps {
  readonly directory: ContactDirectory;
  readonly optOuts: SmsOptOutRegistry;
  readonly events: TrackerEvents;
  readonly replies: SmsReplyTexts;
}

export interface InboundSmsVerdict {
  readonly kind: SmsReplyKind;
  /** The text to answer with; undefined: answer nothing. */
  readonly reply?: string;
  /** How many accounts' consent was withdrawn (an opt-out). */
  readonly accounts: number;
}

/**
 * A customer's reply. An opt-out withdraws SMS consent, servicing and marketing, for the number
 * on every account that has it, at once (one `contact.consent` per account and purpose), and is
 * confirmed once: a second STOP gets no answer. START is answered but grants nothing: a reply is
 * no proof of the consent the bank needs (express, with its scope), so consent comes back only
 * from the bank. HELP is answered. Anything else is left alone, and its text is kept nowhere.
 */
export async function handleInboundSms(
  deps: InboundSmsDeps,
  sms: InboundSms,
  now: DateTime,
): Promise<InboundSmsVerdict> {
  const intent = classifySmsReply(sms.body);
  const at = utcText(now);
  switch (intent.kind) {
    case 'opt-out': {
      const accounts = await deps.directory.withPhone(sms.from);
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
      const first = await deps.optOuts.optOut(sms.from, sms.inboundId, at);
      return {
        kind: intent.kind,
        accounts: accounts.length,
        ...(first ? { reply: deps.replies.optOut[intent.locale] } : {}),
      };
    }
    case 'opt-in':
      await deps.optOuts.optIn(sms.from, at);
      return { kind: intent.kind, accounts: 0, reply: deps.replies.optIn[intent.locale] };
    case 'help':
      return { kind: intent.kind, accounts: 0, reply: deps.replies.help[intent.locale] };
    case 'other':
      return { kind: intent.kind, accounts: 0 };
  }
}

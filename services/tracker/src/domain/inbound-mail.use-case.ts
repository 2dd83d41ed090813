/**
 * Mail that reaches the tracker (its SMTP listener, or a mail server's pipe to
 * `POST /email/bounces`), sorted by what it is and where it was sent: an ARF report (RFC 5965)
 * is a complaint, whichever of our addresses it came to (feedback loops send to the address
 * registered with them, some to the return path); any other mail to the advertised unsubscribe
 * address is an unsubscribe; anything else is read as a DSN.
 */
import type { DateTime } from 'luxon';
import { isFeedbackReport } from './feedback-report.js';
import {
  unsubscribeByMail,
  type MailtoUnsubscribeDeps,
  type MailtoUnsubscribeResult,
} from './mailto-unsubscribe.use-case.js';
import { recordBounce, type BounceDeps, type BounceResult } from './record-bounce.use-case.js';
import { recordComplaint, type ComplaintResult } from './record-complaint.use-case.js';

export interface InboundMailDeps {
  readonly bounces: BounceDeps;
  readonly unsubscribe: MailtoUnsubscribeDeps;
  /** `unsubscribe` in the advertised `unsubscribe@<domain>` (the renderer's senders' mailto). */
  readonly unsubscribeLocalPart: string;
  /** `fbl` in `fbl@<domain>`, the address registered with the mailbox providers' feedback loops. */
  readonly feedbackLocalPart: string;
}

export type InboundMailResult =
  | { readonly mail: 'bounce'; readonly result: BounceResult }
  | { readonly mail: 'feedback'; readonly result: ComplaintResult }
  | { readonly mail: 'unsubscribe'; readonly result: MailtoUnsubscribeResult };

/** Whether `address` is `<localPart>@…` or `<localPart>+<anything>@…` (case aside). */
export function isMailboxOf(address: string, localPart: string): boolean {
  const at = address.lastIndexOf('@');
  if (at < 0) return false;
  const local = address.slice(0, at).toLowerCase();
  const wanted = localPart.toLowerCase();
  return local === wanted || local.startsWith(`${wanted}+`);
}

export async function handleInboundMail(
  deps: InboundMailDeps,
  raw: string,
  envelopeRecipients: readonly string[],
  now: DateTime,
): Promise<InboundMailResult> {
  // A report says what it is in its own Content-Type, wherever it was sent: a feedback loop
  // registered with the unsubscribe address still sends complaints, not unsubscribes.
  if (isFeedbackReport(raw)) {
    return {
      mail: 'feedback',
      result: await recordComplaint(
        { ...deps.bounces, secret: deps.unsubscribe.secret },
        raw,
        envelopeRecipients,
        now,
      ),
    };
  }
  if (envelopeRecipients.some((r) => isMailboxOf(r, deps.unsubscribeLocalPart))) {
    return { mail: 'unsubscribe', result: await unsubscribeByMail(deps.unsubscribe, raw, now) };
  }
  return { mail: 'bounce', result: await recordBounce(deps.bounces, raw, envelopeRecipients, now) };
}

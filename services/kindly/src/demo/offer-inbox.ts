/**
 * The demo customers' inboxes: the campaign payment links that reached them, read from what the
 * SMTP catcher received and from the texts the Twilio stand-in delivered. Only a campaign
 * message's link ends with a signed reference (`<key id>.<message reference>.<MAC>`, its shape
 * public, its key not): a collections message's ends with the short reference alone, and the
 * zh-CN campaign texts carry no link at all (the customer calls).
 */
import type { RunningStandIns } from '@kindly/stand-ins';

/** A payment link as a customer received it. */
export interface ReceivedLink {
  readonly channel: 'email' | 'sms';
  /** The address it reached: an e-mail address or a phone number. */
  readonly to: string;
  /** The signed reference the link ends with, as printed. */
  readonly reference: string;
}

/** The signed reference at the end of a payment link (`…/r/<reference>`). */
const SIGNED_LINK = /\/([A-Za-z0-9]{1,8}\.KD[0-9A-F]{10}\.[A-Z2-7]{26})(?![A-Za-z0-9])/;

/** The signed reference of the first campaign payment link in `text`, if any. */
export function campaignReferenceIn(text: string): string | undefined {
  return SIGNED_LINK.exec(text)?.[1];
}

export interface OfferInbox {
  /** The campaign links that arrived since the last call, each once. */
  newLinks(): ReceivedLink[];
}

/**
 * Reads the stand-ins as the customers would: an e-mail once the catcher has it, a text once the
 * stand-in reports it delivered (one to an unreachable number never arrives).
 */
export function createOfferInbox(standIns: RunningStandIns): OfferInbox {
  let mailsRead = 0;
  const textsDone = new Set<string>();
  return {
    newLinks() {
      const links: ReceivedLink[] = [];
      const mails = standIns.smtp.messages();
      for (const mail of mails.slice(mailsRead)) {
        if (mail.mailFrom === '') continue; // a DSN, not one of ours
        const reference = campaignReferenceIn(mail.parsed.text ?? '');
        const to = mail.rcptTo[0];
        if (reference !== undefined && to !== undefined)
          links.push({ channel: 'email', to, reference });
      }
      mailsRead = mails.length;
      for (const text of standIns.twilio.messages()) {
        if (text.direction !== 'outbound-api' || textsDone.has(text.sid)) continue;
        if (text.status === 'delivered') {
          const reference = campaignReferenceIn(text.body);
          if (reference !== undefined) links.push({ channel: 'sms', to: text.to, reference });
        } else if (text.status !== 'undelivered' && text.status !== 'failed') {
          continue; // not final yet: read again next time
        }
        textsDone.add(text.sid);
      }
      return links;
    },
  };
}

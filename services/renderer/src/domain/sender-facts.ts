/**
 * The sender and payment facts a template sees, from the profile of the customer's country, in
 * the customer's language and zone. Pure.
 */
import type { DateTime } from 'luxon';
import { openingHoursText } from './opening-hours.js';
import { inLocale, localized, type PaymentMethod, type SenderProfile } from './sender-profile.js';

export interface SenderFactsInput {
  readonly locale: string;
  /** The customer's zone: the phone line's hours are stated in it. */
  readonly timeZone: string;
  /** The instant the message is dated. */
  readonly issued: DateTime;
  /** What the payment link ends with: the message reference, or a campaign's signed one. */
  readonly linkReference: string;
  /** An SMS links through the bank's short domain, when it has one. */
  readonly channel: string;
}

/** A payment method with its words in the customer's language. */
function methodIn(method: PaymentMethod, locale: string) {
  switch (method.kind) {
    case 'card':
    case 'ach':
    case 'phone':
      return { ...method };
    case 'bank-transfer':
      return {
        ...method,
        bankName: localized(method.bankName, locale),
        accountName: localized(method.accountName, locale),
      };
    case 'alipay':
    case 'wechat-pay':
      return { kind: method.kind, account: localized(method.account, locale) };
  }
}

/**
 * Where a channel's payment link points: through the tracker's click route when the profile
 * tracks that channel's links (the tracker redirects to `linkBase` with the same reference), else
 * straight to the payment page, under the short domain for an SMS when there is one.
 */
function linkBaseFor(sender: SenderProfile, channel: string): string {
  const { tracking, smsLinkBase, linkBase } = sender.payment;
  if (tracking?.channels.some((tracked) => tracked === channel)) return tracking.linkBase;
  return channel === 'sms' && smsLinkBase !== undefined ? smsLinkBase : linkBase;
}

export function senderFacts(sender: SenderProfile, input: SenderFactsInput) {
  const { locale } = input;
  const word = (w: Readonly<Record<string, string>>) => localized(w, locale);
  const china = sender.country === 'CN';
  return {
    sender: {
      name: word(sender.name),
      signature: word(sender.signature),
      // China: the registered 【signature】 opens every SMS (carrier rule). Elsewhere a plain
      // "Name: " keeps an English SMS in GSM-7 (【】 would switch it to UCS-2, 70 a segment).
      smsPrefix: china ? `【${word(sender.signature)}】` : `${word(sender.signature)}: `,
      phone: sender.phone,
      email: sender.email,
      website: sender.website,
      hours: openingHoursText(sender.hours, input.timeZone, input.issued, locale),
      address: [...(inLocale(sender.returnAddress, locale) ?? [])],
    },
    payment: {
      link: `${linkBaseFor(sender, input.channel).replace(/\/$/, '')}/${input.linkReference}`,
      methods: sender.payment.methods.map((method) => methodIn(method, locale)),
    },
    unsubscribeKeyword: china ? 'TD' : 'STOP',
    letter: {
      paperSize: sender.letter.paperSize,
      ...(sender.letter.marking ? { marking: word(sender.letter.marking) } : {}),
    },
  };
}

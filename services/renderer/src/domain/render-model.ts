/**
 * What a template sees: the facts of one message, built from the renderer's own copy of the
 * account, the released message, the bank's sender profile and the stage's offers. Pure. Only
 * what messages need goes in (PIPL Art. 6: the minimum): the name, the last four digits, the
 * amounts and dates, and for letters the postal address. Phone numbers and e-mail addresses
 * never go in, and the content rules check that none of them comes out.
 */
import { DateTime } from 'luxon';
import type {
  ContactUpdatedV1Payload,
  Money,
  OutreachReleasedV1Payload,
  PostalAddress,
} from '@kindly/contracts';
import { messageReferenceOf } from '@kindly/contracts';
import type { AccountState, ContactAttempt, Offer } from '@kindly/rules';
import { historyModel } from './contact-model.js';
import type { Localized, OfferSectionRequest, RenderRequest, SenderProfile } from './ports.js';
import { RenderError } from './renderer.errors.js';
import { senderFacts } from './sender-facts.js';
import { localized } from './sender-profile.js';

export { localized };

export interface RenderFacts {
  readonly state: AccountState;
  readonly released: OutreachReleasedV1Payload;
  readonly sender: SenderProfile;
  /** The stage's offers that have a section for the released channel. */
  readonly offers: readonly Offer[];
  /** The instant the message is dated: the release, so a re-render gives the same text. */
  readonly issuedAt: string;
  /** The one-click unsubscribe URI for this message (e-mail). */
  readonly unsubscribeUrl: string;
  /** The attempts to reach the customer in this cycle before this message (`history.*`). */
  readonly contacts?: readonly ContactAttempt[];
}

/** Days a firm or final notice gives to pay, from the day it is dated. */
export const PAY_WITHIN_DAYS = 14;

const PRODUCT_NAMES: Record<string, Localized> = {
  'credit-card': { 'zh-CN': '信用卡', 'en-US': 'credit card' },
  'instalment-loan': { 'zh-CN': '分期贷款', 'en-US': 'instalment loan' },
  'personal-loan': { 'zh-CN': '个人贷款', 'en-US': 'personal loan' },
  overdraft: { 'zh-CN': '透支账户', 'en-US': 'overdraft' },
};

const COUNTRY_NAMES: Record<string, Localized> = {
  CN: { 'zh-CN': '中国', 'en-US': 'CHINA' },
  US: { 'zh-CN': '美国', 'en-US': 'UNITED STATES' },
  GB: { 'zh-CN': '英国', 'en-US': 'UNITED KINGDOM' },
};

/** How the customer is named: 李伟 in Chinese, Wei Li in English. */
export function displayName(name: ContactUpdatedV1Payload['name'], locale: string): string {
  if (locale.startsWith('zh')) return `${name.family}${name.given ?? ''}`;
  return [name.given, name.middle, name.family].filter(Boolean).join(' ');
}

/**
 * The recipient's lines as the post of the address's country writes them; the country line only
 * when the letter is posted from another country (`from`).
 */
export function addressLines(
  name: string,
  address: PostalAddress,
  locale: string,
  from?: string,
): string[] {
  if (address.country === 'CN') {
    // 上海市 + 上海 is written once; 广东省 + 深圳市 both.
    const region = address.region ?? '';
    const head = region.includes(address.city)
      ? region
      : address.city.includes(region)
        ? address.city
        : `${region}${address.city}`;
    return [
      ...(address.postalCode ? [address.postalCode] : []),
      `${head}${address.lines.join('')}`,
      locale.startsWith('zh') ? `${name}（收）` : name,
    ];
  }
  return [
    name,
    ...address.lines,
    [address.city, address.region, address.postalCode].filter(Boolean).join(' '),
    ...(address.country === from
      ? []
      : [localized(COUNTRY_NAMES[address.country] ?? { 'en-US': address.country }, locale)]),
  ];
}

function ceilDiv(a: number, b: number): number {
  return Math.ceil(a / b);
}

/** The amount still overdue: the bank's last overdue position, or a later payment's remainder. */
function currentOverdue(state: AccountState): Money | undefined {
  const overdue = state.overdue;
  if (!overdue) return undefined;
  const later = state.payments.find((p) => Date.parse(p.asOf) > Date.parse(overdue.asOf));
  return later?.value.remainingOverdue ?? overdue.value.overdueAmount;
}

/**
 * The promise to pay that stands (the newest, while `made`): its date and amount, as the bank
 * recorded them, for the reminder before it. Absent otherwise, so a template that reads it
 * cannot render for an account without one.
 */
function promiseModel(state: AccountState): { promise?: { date: string; amount: Money } } {
  const newest = [...state.arrangements]
    .filter((a) => a.value.kind === 'promise-to-pay')
    .sort((a, b) => Date.parse(b.asOf) - Date.parse(a.asOf))[0]?.value;
  if (newest?.kind !== 'promise-to-pay' || newest.status !== 'made') return {};
  return { promise: { date: newest.promisedDate, amount: newest.amount } };
}

function offerTerms(
  offer: Offer,
  overdue: Money,
  balance: Money,
  minimum: Money,
  validUntil: string,
) {
  const common = { kind: offer.kind, offerId: offer.offerId, validUntil };
  switch (offer.kind) {
    case 'instalment-plan':
      return {
        ...common,
        minInstalments: offer.instalments.min,
        maxInstalments: offer.instalments.max,
        amount: overdue,
        exampleInstalment: {
          amountMinor: ceilDiv(overdue.amountMinor, offer.instalments.max),
          currency: overdue.currency,
        },
      };
    case 'minimum-payment':
      return { ...common, minimumPayment: minimum, amount: overdue };
    case 'deferral':
      return { ...common, maxDeferralDays: offer.maxDeferralDays, amount: overdue };
    case 'interest-waiver':
      return { ...common, waiverPercent: offer.waiverPercent, amount: overdue };
    case 'settlement-discount': {
      const base = balance.amountMinor > overdue.amountMinor ? balance : overdue;
      return {
        ...common,
        discountPercent: offer.discountPercent,
        balance: base,
        settlementAmount: {
          amountMinor: ceilDiv(base.amountMinor * (100 - offer.discountPercent), 100),
          currency: base.currency,
        },
      };
    }
    case 'early-repayment-cashback':
      return { ...common, cashbackPercent: offer.cashbackPercent, amount: overdue };
  }
}

/**
 * The render request for a released message.
 *
 * @throws RenderError `ACCOUNT_NOT_READY` (retryable) when the account's overdue position or
 *   contact record has not reached the renderer yet
 */
export function buildRenderRequest(facts: RenderFacts): RenderRequest {
  const { state, released, sender } = facts;
  const contact = state.contact?.value;
  const overdue = state.overdue?.value;
  const amount = currentOverdue(state);
  if (!contact || !overdue || !amount) {
    throw new RenderError(
      'ACCOUNT_NOT_READY',
      `the renderer has no ${contact ? 'overdue position' : 'contact record'} for the account yet`,
      { templateId: released.templateId },
    );
  }
  const { locale, messageId, channel, purpose } = released;
  const zone = contact.timeZone;
  const issued = DateTime.fromISO(facts.issuedAt, { zone: 'utc' }).setZone(zone);
  const reference = messageReferenceOf(messageId);
  const name = displayName(contact.name, locale);
  const word = (w: Localized) => localized(w, locale);
  // A campaign message's link ends with its signed reference (which starts with the short one),
  // so the payment made through it is attributed to the message, its campaign and its variant.
  // An SMS does so only through the sender's short domain: under the full one, one segment
  // cannot spare the characters, and the link ends with the short reference (the payment is then
  // attributed by the campaign's window).
  const signed =
    released.paymentReference !== undefined &&
    (channel !== 'sms' || sender.payment.smsLinkBase !== undefined);
  const from = senderFacts(sender, {
    locale,
    timeZone: zone,
    issued,
    linkReference: signed ? (released.paymentReference ?? reference) : reference,
    channel,
  });

  const data: Record<string, unknown> = {
    sender: from.sender,
    customer: { name },
    account: {
      ...(overdue.accountLast4 ? { last4: overdue.accountLast4 } : {}),
      productName: word(PRODUCT_NAMES[overdue.product] ?? { 'en-US': overdue.product }),
    },
    overdue: {
      amount,
      minimumPayment: overdue.minimumPayment,
      // What paying the minimum does, computed here so that no copy has to claim it: it clears
      // what is overdue, or this much stays overdue.
      minimumCoversArrears: overdue.minimumPayment.amountMinor >= amount.amountMinor,
      amountAboveMinimum: {
        amountMinor: Math.max(0, amount.amountMinor - overdue.minimumPayment.amountMinor),
        currency: amount.currency,
      },
      totalBalance: overdue.totalBalance,
      daysPastDue: overdue.daysPastDue,
      dueDate: overdue.dueDate,
    },
    payment: from.payment,
    message: {
      date: facts.issuedAt,
      reference,
      payBy: issued.plus({ days: PAY_WITHIN_DAYS }).toISODate(),
    },
    unsubscribe: { url: facts.unsubscribeUrl, smsKeyword: from.unsubscribeKeyword },
    history: historyModel(facts.contacts ?? [], locale),
    ...promiseModel(state),
    disclosures: sender.disclosures
      .filter(
        (d) =>
          d.channels.includes(channel) &&
          d.purposes.includes(purpose) &&
          d.jurisdictions.some(
            (j) => contact.jurisdiction === j || contact.jurisdiction.startsWith(`${j}-`),
          ),
      )
      .map((d) => word(d.text)),
    offers: [],
  };

  const validUntil = (offer: Offer) =>
    issued.plus({ days: offer.validForDays ?? PAY_WITHIN_DAYS }).toISODate() ?? '';
  const offers: OfferSectionRequest[] = facts.offers.flatMap((offer) => {
    const templateId = channel === 'agent-call' ? undefined : offer.templates?.[channel];
    if (!templateId) return [];
    const terms = offerTerms(
      offer,
      amount,
      overdue.totalBalance,
      overdue.minimumPayment,
      validUntil(offer),
    );
    return [{ templateId, data: { ...data, offer: terms } }];
  });

  const forbidden = [
    ...contact.phones.map((p) => p.number),
    ...contact.emails.map((e) => e.address),
    ...(channel === 'letter' ? [] : contact.postalAddresses.flatMap((a) => a.lines)),
    state.accountId,
  ];
  const address = contact.postalAddresses[0];
  const window =
    channel === 'letter' && address
      ? [...from.sender.address, '', ...addressLines(name, address, locale, sender.country)]
      : undefined;
  const disclosures = data['disclosures'] as string[];

  return {
    templateId: released.templateId,
    locale,
    channel,
    purpose,
    timeZone: zone,
    jurisdiction: contact.jurisdiction,
    data,
    offers,
    signature: word(sender.signature),
    disclosures,
    forbidden,
    ...(channel === 'email'
      ? { unsubscribe: { url: facts.unsubscribeUrl, mailto: sender.unsubscribe.mailto } }
      : {}),
    ...(window ? { window, letter: from.letter } : {}),
    issuedAt: facts.issuedAt,
  };
}

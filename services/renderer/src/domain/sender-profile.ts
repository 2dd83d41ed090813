/**
 * Who the messages come from: one bank (tenant) in one country. A customer in the US is given
 * the US phone, payment methods and return address, never China's or the UK's: the profile is
 * chosen by the country of the account's jurisdiction (US-MA and US-WA use the US profile).
 */
import type { OutreachChannel, Purpose } from '@kindly/contracts';

/** Words that differ per locale: `{ zh-CN: …, en-US: …, en-GB: … }`. */
export type Localized = Readonly<Record<string, string>>;

/** A disclosure some jurisdictions require, on some channels and purposes. */
export interface Disclosure {
  readonly jurisdictions: readonly string[];
  readonly channels: readonly OutreachChannel[];
  readonly purposes: readonly Purpose[];
  readonly text: Localized;
}

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** When the phone line is open, in the profile's own zone; messages state it in the customer's. */
export interface OpeningHours {
  /** The IANA zone the hours are kept in (the call centre's). */
  readonly zone: string;
  /** How that zone is named when the hours cannot be put into the customer's zone. */
  readonly zoneName: Localized;
  readonly periods: readonly {
    readonly days: readonly Weekday[];
    /** `HH:mm`, local to `zone`; `close` is after `open` on the same day. */
    readonly open: string;
    readonly close: string;
  }[];
}

/** A way to pay that a country's customers use; the message lists them in this order. */
export type PaymentMethod =
  | { readonly kind: 'card' }
  | { readonly kind: 'ach' }
  | { readonly kind: 'phone'; readonly number: string }
  | {
      readonly kind: 'bank-transfer';
      readonly bankName: Localized;
      readonly accountName: Localized;
      readonly accountNumber: string;
      /** UK: the six-digit sort code, `12-34-56`. */
      readonly sortCode?: string | undefined;
      /** UK: the transfer arrives the same day by Faster Payments. */
      readonly fasterPayments?: boolean | undefined;
    }
  | { readonly kind: 'alipay'; readonly account: Localized }
  | { readonly kind: 'wechat-pay'; readonly account: Localized };

export type PaperSize = 'A4' | 'Letter';

/** The channels whose payment link a customer follows (a letter's is typed: it stays the bank's). */
export const TRACKABLE_CHANNELS = ['email', 'sms'] as const;
export type TrackableChannel = (typeof TRACKABLE_CHANNELS)[number];

/** Which payment links go through the tracker's click route, and its address. */
export interface PaymentLinkTracking {
  /** The tracker's click route as customers reach it, e.g. `https://exb.example/c`. */
  readonly linkBase: string;
  readonly channels: readonly TrackableChannel[];
}

export interface SenderProfile {
  readonly tenantId: string;
  /** The country this profile serves (ISO 3166-1 alpha-2). */
  readonly country: string;
  readonly name: Localized;
  /** The registered SMS signature, without 【】. */
  readonly signature: Localized;
  readonly phone: string;
  /** The numbers (E.164) this profile's texts go out from; the renderer picks one per account. */
  readonly smsNumbers?: readonly string[] | undefined;
  readonly email: string;
  readonly website: string;
  readonly hours: OpeningHours;
  /** What a letter's window shows above the customer's address: never a hint of collections. */
  readonly returnAddress: Readonly<Record<string, readonly string[]>>;
  readonly letter: {
    readonly paperSize: PaperSize;
    /** Printed above the customer's address in the window, e.g. "Private and confidential". */
    readonly marking?: Localized | undefined;
  };
  readonly payment: {
    /**
     * The payment page; the message reference (or a campaign message's signed one) is appended as
     * a path segment.
     */
    readonly linkBase: string;
    /**
     * The same page under the bank's short domain, for SMS links: a campaign SMS's link ends with
     * its signed reference, and one segment (160 characters) cannot spare a long domain.
     */
    readonly smsLinkBase?: string | undefined;
    /**
     * Off unless set: the payment links of these channels go through Kindly's tracker
     * (`linkBase`, the tracker's click route as customers reach it), which counts the click
     * (`delivery.outcome` `clicked`) and redirects to `linkBase` above with the same reference.
     */
    readonly tracking?: PaymentLinkTracking | undefined;
    readonly methods: readonly PaymentMethod[];
  };
  /** One-click unsubscribe endpoint (https), and the mailbox for mailto unsubscribes. */
  readonly unsubscribe: { readonly urlBase: string; readonly mailto: string };
  readonly disclosures: readonly Disclosure[];
}

/** The locale's value: the locale's own, else its language's, else US English, else any. */
export function inLocale<T>(values: Readonly<Record<string, T>>, locale: string): T | undefined {
  return (
    values[locale] ??
    values[locale.split('-')[0] ?? ''] ??
    values['en-US'] ??
    Object.values(values)[0]
  );
}

/** The locale's words (see `inLocale`), or '' when there are none. */
export function localized(words: Localized, locale: string): string {
  return inLocale(words, locale) ?? '';
}

/** The country of a jurisdiction: `US-MA` → `US`. */
export function countryOf(jurisdiction: string): string {
  return jurisdiction.slice(0, 2);
}

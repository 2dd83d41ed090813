/**
 * The helpers a template may call, and no others (templates compile with `knownHelpersOnly`).
 * Each reads the locale, the customer's time zone and the output format from the render's data
 * frame (`@locale`, `@timeZone`, `@format`), never from a global, and throws on a value of the
 * wrong kind: a helper must never print a blank or `NaN` into a customer's message.
 */
import type { HelperDelegate, HelperOptions } from 'handlebars';
import { DateTime } from 'luxon';
import type { PaymentDetails } from './field-types.js';

export interface RenderFrame {
  readonly locale: string;
  readonly timeZone: string;
  /** `html` escapes what helpers return; `text` is for SMS, plain-text e-mail and letters. */
  readonly format: 'html' | 'text';
}

/** What each helper needs to build its output; `escape` is Handlebars' HTML escaping. */
export interface HelperTools {
  readonly escape: (text: string) => string;
  readonly safe: (html: string) => unknown;
}

function frameOf(options: HelperOptions): RenderFrame {
  const data = options.data as { locale?: string; timeZone?: string; format?: 'html' | 'text' };
  return {
    locale: data.locale ?? 'en-US',
    timeZone: data.timeZone ?? 'UTC',
    format: data.format ?? 'text',
  };
}

function fail(helper: string, what: string, value: unknown): never {
  throw new TypeError(
    `{{${helper}}} expects ${what}, got ${JSON.stringify(value) ?? String(value)}`,
  );
}

// Intl formatters are costly to build and safe to share: one per locale and options.
const formatters = new Map<string, Intl.NumberFormat>();
function numberFormat(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = formatters.get(key);
  if (!format) formatters.set(key, (format = new Intl.NumberFormat(locale, options)));
  return format;
}
const pluralRules = new Map<string, Intl.PluralRules>();
function pluralRulesOf(locale: string): Intl.PluralRules {
  let rules = pluralRules.get(locale);
  if (!rules) pluralRules.set(locale, (rules = new Intl.PluralRules(locale)));
  return rules;
}

/** Integer minor units as an exact decimal string in the currency's own minor digits. */
export function formatMoney(amountMinor: number, currency: string, locale: string): string {
  const format = numberFormat(locale, { style: 'currency', currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  const sign = amountMinor < 0 ? '-' : '';
  const absolute = String(Math.abs(amountMinor)).padStart(digits + 1, '0');
  const decimal =
    digits === 0 ? absolute : `${absolute.slice(0, -digits)}.${absolute.slice(-digits)}`;
  // A decimal string keeps every digit exact (Intl.NumberFormat v3 formats strings as decimals).
  return format.format(`${sign}${decimal}` as unknown as number);
}

function isMoney(value: unknown): value is { amountMinor: number; currency: string } {
  return (
    typeof value === 'object' &&
    value !== null &&
    Number.isInteger((value as { amountMinor?: unknown }).amountMinor) &&
    typeof (value as { currency?: unknown }).currency === 'string'
  );
}

type Method = PaymentDetails['methods'][number];
type MethodOf<K extends Method['kind']> = Extract<Method, { kind: K }>;
type Row = readonly [label: string, text: string];

/** Each way to pay as a label and its text; `phone` says whether a phone method is listed too. */
const PAYMENT_WORDS = {
  zh: {
    colon: '：',
    link: '在线还款',
    card: (phone: boolean): Row => ['借记卡', `通过上方链接在线支付${phone ? '，或电话支付' : ''}`],
    ach: (phone: boolean): Row => [
      '银行账户扣款（ACH）',
      `通过上方链接在线支付，需提供开户行路由号码和账号${phone ? '；也可电话支付' : ''}`,
    ],
    phone: (m: MethodOf<'phone'>): Row => ['电话还款', `致电 ${m.number}`],
    bank: (m: MethodOf<'bank-transfer'>, ref: string): Row =>
      m.sortCode
        ? [
            m.fasterPayments ? '银行转账（Faster Payments）' : '银行转账',
            `Sort code ${m.sortCode}，账号 ${m.accountNumber}，户名 ${m.accountName}，附言请填写：${ref}`,
          ]
        : [
            '银行转账',
            `${m.bankName}，户名：${m.accountName}，账号：${m.accountNumber}，附言请填写：${ref}`,
          ],
    alipay: (m: MethodOf<'alipay'>): Row => ['支付宝', `搜索“${m.account}”，进入“信用卡还款”`],
    wechat: (m: MethodOf<'wechat-pay'>): Row => [
      '微信支付',
      `关注公众号“${m.account}”，进入“还款”`,
    ],
  },
  en: {
    colon: ': ',
    link: 'Pay online',
    card: (phone: boolean): Row => [
      'By debit card',
      `online at the link above${phone ? ', or by phone' : ''}`,
    ],
    ach: (phone: boolean): Row => [
      'From your bank account (ACH)',
      `online at the link above, with your bank's routing and account numbers${phone ? ', or by phone' : ''}`,
    ],
    phone: (m: MethodOf<'phone'>): Row => ['By phone', `call ${m.number}`],
    bank: (m: MethodOf<'bank-transfer'>, ref: string): Row =>
      m.sortCode
        ? [
            m.fasterPayments ? 'Bank transfer (Faster Payments)' : 'Bank transfer',
            `sort code ${m.sortCode}, account number ${m.accountNumber}, account name ${m.accountName}, reference ${ref}`,
          ]
        : [
            'Bank transfer',
            `${m.bankName}, account name ${m.accountName}, account number ${m.accountNumber}, reference ${ref}`,
          ],
    alipay: (m: MethodOf<'alipay'>): Row => [
      'Alipay',
      `search for "${m.account}" and choose "Card repayment"`,
    ],
    wechat: (m: MethodOf<'wechat-pay'>): Row => [
      'WeChat Pay',
      `follow the "${m.account}" official account and choose "Repay"`,
    ],
  },
} as const;

/** The rows of the payment instructions: the link first, then the country's methods in order. */
function paymentRows(payment: PaymentDetails, reference: string, locale: string) {
  const w = locale.startsWith('zh') ? PAYMENT_WORDS.zh : PAYMENT_WORDS.en;
  const phone = payment.methods.some((m) => m.kind === 'phone');
  const rows: Row[] = [[w.link, payment.link]];
  for (const method of payment.methods) {
    const row = (() => {
      switch (method.kind) {
        case 'card':
          return w.card(phone);
        case 'ach':
          return w.ach(phone);
        case 'phone':
          return w.phone(method);
        case 'bank-transfer':
          return w.bank(method, reference);
        case 'alipay':
          return w.alipay(method);
        case 'wechat-pay':
          return w.wechat(method);
      }
    })();
    rows.push(row);
  }
  return { rows, colon: w.colon };
}

/** The helpers, by name; `tools` come from the isolated Handlebars instance they are registered on. */
export function createHelpers(tools: HelperTools): Record<string, HelperDelegate> {
  return {
    /** `{{money overdue.amount}}`: ¥1,280.50 in zh-CN, CN¥1,280.50 in en-US. */
    money(value: unknown, options: HelperOptions) {
      if (!isMoney(value)) fail('money', 'an amount in minor units', value);
      return formatMoney(value.amountMinor, value.currency, frameOf(options).locale);
    },
    /**
     * `{{date overdue.dueDate}}`: a calendar date as written in the locale. An instant is first
     * put into the customer's zone, so the date is the one on their calendar.
     */
    date(value: unknown, options: HelperOptions) {
      const { locale, timeZone } = frameOf(options);
      if (typeof value !== 'string') fail('date', 'an ISO date', value);
      const parsed = /^\d{4}-\d{2}-\d{2}$/.test(value)
        ? DateTime.fromISO(value, { zone: 'utc' })
        : DateTime.fromISO(value, { zone: 'utc' }).setZone(timeZone);
      if (!parsed.isValid) fail('date', 'an ISO date', value);
      return parsed.setLocale(locale).toLocaleString(DateTime.DATE_FULL);
    },
    /** `{{datetime message.date}}`: date and time in the customer's zone, with the zone named. */
    datetime(value: unknown, options: HelperOptions) {
      const { locale, timeZone } = frameOf(options);
      const parsed = typeof value === 'string' ? DateTime.fromISO(value, { zone: 'utc' }) : null;
      if (!parsed?.isValid) fail('datetime', 'an ISO instant', value);
      return parsed
        .setZone(timeZone)
        .setLocale(locale)
        .toLocaleString({ ...DateTime.DATETIME_FULL, timeZoneName: 'short' });
    },
    /** `{{masked account.last4}}`: the account number masked to its last four digits. */
    masked(value: unknown) {
      if (typeof value !== 'string' || !/^\d{4}$/.test(value))
        fail('masked', 'the last four digits', value);
      return `****${value}`;
    },
    /** `{{plural overdue.daysPastDue one="day" other="days"}}`: the word for the count. */
    plural(value: unknown, options: HelperOptions) {
      if (typeof value !== 'number' || !Number.isFinite(value)) fail('plural', 'a number', value);
      const category = pluralRulesOf(frameOf(options).locale).select(value);
      const hash = options.hash as Record<string, unknown>;
      const word = hash[category] ?? hash['other'];
      if (typeof word !== 'string') fail('plural', `a "${category}" or "other" word`, hash);
      return word;
    },
    /** `{{percent offer.discountPercent}}`: 20 → 20%. */
    percent(value: unknown, options: HelperOptions) {
      if (typeof value !== 'number' || !Number.isFinite(value)) fail('percent', 'a number', value);
      return numberFormat(frameOf(options).locale, { style: 'percent' }).format(value / 100);
    },
    /**
     * `{{paymentInstructions payment message.reference}}`: every way to pay of the customer's
     * country (the link, then card, ACH, phone, bank transfer with the reference to quote,
     * Alipay, WeChat Pay, as senders.yaml lists them) as lines, or as a list in HTML.
     */
    paymentInstructions(payment: unknown, reference: unknown, options: HelperOptions) {
      const { locale, format } = frameOf(options);
      if (
        typeof payment !== 'object' ||
        payment === null ||
        !Array.isArray((payment as { methods?: unknown }).methods)
      )
        fail('paymentInstructions', 'payment details', payment);
      if (typeof reference !== 'string' || reference === '')
        fail('paymentInstructions', 'a payment reference', reference);
      const p = payment as PaymentDetails;
      const { rows, colon } = paymentRows(p, reference, locale);
      if (format === 'text')
        return rows.map(([label, text]) => `- ${label}${colon}${text}`).join('\n');
      const items = rows.map(([label, text], i) => {
        const body =
          i === 0
            ? `<a href="${tools.escape(p.link)}">${tools.escape(p.link)}</a>`
            : tools.escape(text);
        return `<li><strong>${tools.escape(label)}</strong>${tools.escape(colon)}${body}</li>`;
      });
      return tools.safe(`<ul>${items.join('')}</ul>`);
    },
  };
}

export const HELPER_NAMES = [
  'money',
  'date',
  'datetime',
  'masked',
  'plural',
  'percent',
  'paymentInstructions',
] as const;

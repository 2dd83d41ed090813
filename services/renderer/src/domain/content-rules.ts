/**
 * The content rules every rendered message must meet, checked on every render (and by a test
 * over every template): an opt-out instruction in every SMS and e-mail; for China the
 * 【signature】 first and, on marketing, the 退订 instruction last; no marketing in a servicing
 * SMS; List-Unsubscribe on every e-mail and RFC 8058 one-click on marketing; the configured
 * disclosures; nothing about the debt in a letter's address window; no personal data beyond
 * what the message needs. For the UK (FCA CONC 7): free debt advice signposted in every arrears
 * e-mail and letter, no pressure wording, letters marked "Private and confidential", no
 * premium-rate numbers, and UK terms in en-GB copy. For the US (CAN-SPAM), a marketing e-mail
 * says it is an advertisement and gives the sender's physical postal address. Sources: shared
 * notes on compliance §2.6, §3.1, §4.1, §4.4, §5.1, §1.7, §1.15.
 */
import type { Purpose } from '@kindly/contracts';

export interface ContentRuleViolation {
  readonly rule: string;
  readonly message: string;
}

interface Common {
  readonly purpose: Purpose;
  readonly locale: string;
  readonly jurisdiction: string;
  /** The registered SMS signature, without the brackets, for this locale. */
  readonly signature: string;
  /** Texts the jurisdiction requires in this message, each to appear verbatim. */
  readonly disclosures: readonly string[];
  /** The customer's data the message must not show (phone numbers, e-mail, account id, …). */
  readonly forbidden: readonly string[];
}

export type ContentUnderCheck = Common &
  (
    | { readonly channel: 'sms'; readonly body: string }
    | {
        readonly channel: 'email';
        readonly subject: string;
        readonly html: string;
        readonly text: string;
        readonly headers: Readonly<Record<string, string>>;
        readonly unsubscribeUrl: string;
        /** The sender's postal address, line by line, as the message's data gives it. */
        readonly senderAddress: readonly string[];
      }
    | { readonly channel: 'letter'; readonly window: readonly string[]; readonly text: string }
    | { readonly channel: 'agent-call'; readonly text: string }
  );

const SMS_OPT_OUT =
  /回复?\s?(TD|T|STOP|R)\s?退订|拒收请回复R|Reply (STOP|TD) to (opt out|unsubscribe)/i;
// China: a marketing SMS ends with the unsubscribe instruction (carrier practice, MIIT Order 31).
const SMS_ENDS_WITH_OPT_OUT =
  /(回复?\s?(TD|T)\s?退订|拒收请回复R|Reply TD to (opt out|unsubscribe)\.?)$/i;
// Words that make an SMS an advertisement; a servicing (business-port) SMS must carry none.
const MARKETING_WORDS =
  /优惠|促销|限时|折扣|立减|特惠|活动|抽奖|limited time|special offer|discount|promotion|promo|deal\b|save \d/i;
// On an envelope or through its window nothing may hint at a debt (FDCPA 1692f(8), CONC 7.9).
const DEBT_WORDS =
  /逾期|欠款|欠费|催收|还款|债|账单|律师|法务|overdue|debt|collect|arrears|past due|owe|payment|balance|legal|[¥$€£]\s?\d/i;
const BROKEN_OUTPUT = /undefined|\[object Object\]|\bNaN\b|\{\{|\}\}/;

/*
 * CAN-SPAM (15 U.S.C. 7704(a)(5); compliance.md §1.15): a commercial e-mail carries a clear
 * identification that it is an advertisement (the law spares one sent with the recipient's
 * affirmative consent; Kindly asks for the label on every one, consent or not, so that no record
 * of consent has to be proved per message) and the sender's valid physical postal address: a
 * street address or a PO box, with the state and ZIP code.
 */
const AD_LABEL = /\b(advertisement|advertising)\b|广告/i;
const US_STATE_AND_ZIP = /\b[A-Z]{2}\s+\d{5}(-\d{4})?\b/;
const US_DELIVERY_LINE = /^\s*(\d+[A-Za-z]?\s+\S|P\.?\s?O\.?\s+Box\s+\d+)/i;

/**
 * Free, impartial debt advice that a UK arrears notice signposts (CONC 7; the FCA expects
 * customers in arrears to be pointed to free debt advice): MoneyHelper, the Money and Pensions
 * Service's service, with its helpline and website (verify them against moneyhelper.org.uk when
 * they change; 0800 138 7777 is the helpline the Money Advice Service ran before it).
 */
export const UK_DEBT_ADVICE = {
  name: 'MoneyHelper',
  phone: '0800 138 7777',
  website: 'moneyhelper.org.uk',
} as const;

/**
 * CONC 7.3.10R: a firm must not pressurise a customer in arrears to pay in one or very few
 * payments or in unreasonably large amounts, to pay within an unreasonably short time, or to
 * raise funds by selling property or borrowing. These phrases put that pressure on, or threaten
 * enforcement that a first reminder cannot honestly threaten (bailiffs, prison, doorstep visits);
 * none of Kindly's messages needs one to be accurate, so a UK message carrying one is refused. A
 * message that must state a legal step does it plainly (a default notice under the Consumer
 * Credit Act 1974, court action), which the list leaves alone.
 */
export const UK_PRESSURE_PHRASES: readonly RegExp[] = [
  /\bimmediate(ly)?\b/i,
  /\bwithout (further )?delay\b/i,
  /\bwithin (24|48|72) hours\b/i,
  /\b(pay|payment) (in full )?today\b/i,
  /\b(act|pay) now\b/i,
  /\burgent(ly)?\b/i,
  /\blast chance\b/i,
  /\bfinal demand\b/i,
  /\bbailiffs?\b/i,
  /\benforcement agents?\b/i,
  /\bdoorstep\b/i,
  /\b(visit|call at) your (home|house|property)\b/i,
  /\b(arrest|prison|criminal)\b/i,
  /\bsell (your|some of your) (home|house|car|property|belongings|possessions)\b/i,
  /\b(borrow|take out a loan|remortgage)\b[^.]{0,40}\b(to pay|to clear)\b/i,
];

// CONC 7.9.5R: no premium-rate number for the customer to call (UK 09xx, and 087x/084x).
const UK_PREMIUM_RATE = /(?:\+44\s?|\b0)(?:9\d{2}|87\d|84\d)[\s-]?\d{3}[\s-]?\d{3,4}\b/;
// US terms a UK reader would not use for the same thing.
const US_TERMS_IN_UK_COPY = /credit bureaus?|past due\b/i;

export function checkContent(content: ContentUnderCheck): ContentRuleViolation[] {
  const violations: ContentRuleViolation[] = [];
  const fail = (rule: string, message: string) => violations.push({ rule, message });
  const china = content.jurisdiction === 'CN' || content.jurisdiction.startsWith('CN-');
  const uk = content.jurisdiction === 'GB' || content.jurisdiction.startsWith('GB-');
  const us = content.jurisdiction === 'US' || content.jurisdiction.startsWith('US-');
  const texts = textsOf(content);

  for (const text of texts) {
    if (BROKEN_OUTPUT.test(text))
      fail('NO_BROKEN_OUTPUT', 'the output holds undefined, NaN or a raw {{ }}');
  }
  for (const value of content.forbidden) {
    if (value.length >= 4 && texts.some((text) => text.includes(value)))
      fail('MINIMAL_PERSONAL_DATA', 'the message shows personal data it does not need');
  }
  const shown = texts.join('\n');
  for (const disclosure of content.disclosures) {
    if (!shown.includes(disclosure))
      fail('DISCLOSURE', `missing the required disclosure "${disclosure}"`);
  }

  if (uk || content.locale === 'en-GB') {
    for (const phrase of UK_PRESSURE_PHRASES) {
      const found = texts.map((text) => phrase.exec(text)?.[0]).find(Boolean);
      if (found)
        fail('UK_NO_PRESSURE', `"${found}" puts pressure on a customer in arrears (CONC 7.3.10R)`);
    }
  }
  if (uk) {
    if (texts.some((text) => UK_PREMIUM_RATE.test(text)))
      fail('UK_NO_PREMIUM_RATE', 'a UK message gives no premium-rate number (CONC 7.9.5R)');
    const arrearsNotice = content.purpose === 'servicing' && content.channel !== 'sms';
    const signposted =
      shown.includes(UK_DEBT_ADVICE.name) &&
      shown.includes(UK_DEBT_ADVICE.phone) &&
      shown.includes(UK_DEBT_ADVICE.website);
    if (arrearsNotice && content.channel !== 'agent-call' && !signposted)
      fail(
        'UK_DEBT_ADVICE',
        `a UK arrears notice signposts free debt advice: ${UK_DEBT_ADVICE.name}, ${UK_DEBT_ADVICE.phone}, ${UK_DEBT_ADVICE.website}`,
      );
    if (
      content.channel === 'letter' &&
      !content.window.some((line) => /^private and confidential$/i.test(line.trim()))
    )
      fail('UK_PRIVATE_AND_CONFIDENTIAL', 'a UK letter is marked "Private and confidential"');
  }
  if (content.locale === 'en-GB' && texts.some((text) => US_TERMS_IN_UK_COPY.test(text)))
    fail('UK_TERMS', 'en-GB copy says "credit reference agencies" and "overdue", not US terms');

  switch (content.channel) {
    case 'sms': {
      const body = content.body;
      if (!SMS_OPT_OUT.test(body)) fail('SMS_OPT_OUT', 'every SMS needs an opt-out instruction');
      if (china && !body.startsWith(`【${content.signature}】`))
        fail('SMS_SIGNATURE_FIRST', `an SMS in China starts with 【${content.signature}】`);
      if (china && /【/.test(body.slice(1)))
        fail('SMS_SIGNATURE_FIRST', 'an SMS in China has one 【signature】, at the start');
      if (china && content.purpose === 'marketing' && !SMS_ENDS_WITH_OPT_OUT.test(body.trim()))
        fail(
          'SMS_MARKETING_OPT_OUT_LAST',
          'a marketing SMS in China ends with the 退订 instruction',
        );
      if (content.purpose === 'servicing' && MARKETING_WORDS.test(body))
        fail('SMS_SERVICING_NO_MARKETING', 'a servicing SMS must not carry marketing');
      break;
    }
    case 'email': {
      const listUnsubscribe = content.headers['List-Unsubscribe'] ?? '';
      if (
        !listUnsubscribe.includes(`<${content.unsubscribeUrl}>`) ||
        !content.unsubscribeUrl.startsWith('https://')
      )
        fail('EMAIL_LIST_UNSUBSCRIBE', 'every e-mail carries List-Unsubscribe with an https URI');
      if (
        content.purpose === 'marketing' &&
        content.headers['List-Unsubscribe-Post'] !== 'List-Unsubscribe=One-Click'
      )
        fail('EMAIL_ONE_CLICK', 'a marketing e-mail carries List-Unsubscribe-Post (RFC 8058)');
      if (!content.text.includes(content.unsubscribeUrl))
        fail('EMAIL_OPT_OUT', 'the text part needs the opt-out link');
      if (!content.html.includes(`href="${content.unsubscribeUrl}"`))
        fail('EMAIL_OPT_OUT', 'the HTML part needs the opt-out link');
      if (/[\r\n]/.test(content.subject)) fail('EMAIL_SUBJECT', 'the subject must be one line');
      if (us && content.purpose === 'marketing') checkCanSpam(content, fail);
      break;
    }
    case 'letter':
      if (content.window.some((line) => DEBT_WORDS.test(line)))
        fail('LETTER_WINDOW_NEUTRAL', 'the address window must show nothing about the debt');
      break;
    case 'agent-call':
      break;
  }
  return violations;
}

type EmailUnderCheck = Extract<ContentUnderCheck, { channel: 'email' }>;

/** CAN-SPAM's label and postal address, in both parts: a reader sees one or the other. */
function checkCanSpam(content: EmailUnderCheck, fail: (rule: string, message: string) => void) {
  const html = htmlText(content.html);
  if (!AD_LABEL.test(content.text) || !AD_LABEL.test(html))
    fail('US_AD_LABEL', 'a US marketing e-mail says it is an advertisement (CAN-SPAM)');
  const address = content.senderAddress.map((line) => line.trim()).filter(Boolean);
  const postal =
    address.some((line) => US_DELIVERY_LINE.test(line)) &&
    address.some((line) => US_STATE_AND_ZIP.test(line));
  if (!postal)
    fail(
      'US_POSTAL_ADDRESS',
      "a US marketing e-mail needs the sender's postal address: a street or PO box, state and ZIP (CAN-SPAM)",
    );
  else if (address.some((line) => !content.text.includes(line) || !html.includes(line)))
    fail(
      'US_POSTAL_ADDRESS',
      "a US marketing e-mail shows the sender's postal address in both parts (CAN-SPAM)",
    );
}

/** The HTML part's text as a reader sees it: the entities Handlebars writes, read back. */
function htmlText(html: string): string {
  return html
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&#x60;/g, '`')
    .replace(/&#x3D;/g, '=')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

function textsOf(content: ContentUnderCheck): string[] {
  switch (content.channel) {
    case 'sms':
      return [content.body];
    case 'email':
      return [content.subject, content.html, content.text];
    case 'letter':
      return [...content.window, content.text];
    case 'agent-call':
      return [content.text];
  }
}

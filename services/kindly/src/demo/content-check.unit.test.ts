import { describe, expect, it } from 'vitest';
import {
  checkContent,
  contentCheckText,
  type Contact,
  type ContentCheckInput,
  type SentContent,
} from './content-check.js';
import { loadCountryTerms } from './content-sources.js';

// The sender profiles, read once as data: each country's phone numbers and payment details.
const countryTerms = loadCountryTerms();

const HOUR = 3_600_000;
const T0 = Date.parse('2026-03-02T09:00:00Z');

/** Texts as the customers received them, in the shipped templates' wording. */
const TEXT = {
  usReminderSms:
    'Example Bank: A friendly reminder: your account ending 4821 is 3 days past due ($120.00). Pay in our app or call 1-800-555-0142. Reply STOP to opt out.',
  usAfterCallSms:
    'Example Bank: We tried to call you about your account ending 4821. Please call us on 1-800-555-0142 (8:00 AM–9:00 PM Eastern Time). Reply STOP to opt out.',
  cnAfterCallSms:
    '【示例银行】我们近日致电您未能联系上，请于北京时间08:00–21:00回电95555，商量尾号4821的信用卡还款安排。回复TD退订',
  cnReminderSms:
    '【示例银行】您尾号4821的信用卡已逾期3天，逾期金额¥1,200.00。方便时请还款，如已还款请忽略。咨询95555。回复TD退订',
  usFinalNoticeEmail:
    'Final notice: please settle your Credit Card ending 4821 by April 1, 2026\nAs of March 20, 2026, your Credit Card ending 4821 is 95 days past due. We have tried to reach you several times, by text, e-mail.\nHow to pay: By debit card online at the link above, or by phone: call 1-800-555-0142.',
  // A letter as pdftotext gives it back: lines broken inside the sentence.
  gbFinalNoticeLetter:
    'Important: please contact us about your account\nPrivate and confidential\nThe payment due on 1 December 2025 for your Credit Card ending 4821 is now 95 days\noverdue, with £900.00 in arrears. We have tried to reach you several times, by text\nmessage, e-mail and letter.\nBank transfer (Faster Payments): sort code 12-34-56, account number 12345678.\nCall 0808 157 0142 (8:00–20:00 UK time). PO Box 4021, Leeds LS99 1XA',
  cnAfterContactsLetter:
    '最后还款通知函\n您在我行开立的尾号4821的信用卡，截至本函日期已逾期95天，逾期金额为¥9,000.00。此前我行已多次通过短信、\n邮件、电话及信函与您联系。\n支付宝：搜索“示例银行”，进入“信用卡还款”\n客服热线 95555（北京时间 08:00–21:00）',
};

const COUNTRIES = { 'a-us': 'US', 'a-gb': 'GB', 'a-cn': 'CN' } as const;
type Account = keyof typeof COUNTRIES;

/** A run: what was sent (message id, account, channel, text, hour), and the history around it. */
function aRun(
  sent: readonly (readonly [string, Account, SentContent['channel'], string, number])[],
  history: readonly Omit<Contact, 'seq'>[] = [],
): ContentCheckInput {
  const released = new Map<string, { accountId: string; cycleId: string }>();
  for (const [messageId, accountId] of sent)
    released.set(messageId, { accountId, cycleId: `${accountId}-c1` });
  for (const c of history)
    if (c.cycleId !== undefined)
      released.set(c.messageId, { accountId: c.accountId, cycleId: c.cycleId });
  // Sends are contacts too (a provider took them), in time order with the history.
  const contacts: Contact[] = [
    ...history,
    ...sent.map(([messageId, accountId, channel, , hour]) => ({
      accountId,
      messageId,
      cycleId: `${accountId}-c1`,
      channel,
      reached: false,
      at: T0 + hour * HOUR,
    })),
  ]
    .sort((a, b) => a.at - b.at)
    .map((c, seq) => ({ ...c, seq }));
  return {
    sent: sent.map(([messageId, , channel, text]) => ({ messageId, channel, text })),
    released,
    contacts,
    sendTimes: new Map(
      contacts.filter((c) => sent.some(([id]) => id === c.messageId)).map((c) => [c.messageId, c]),
    ),
    jurisdictions: new Map(Object.entries(COUNTRIES)),
    countryTerms,
  };
}

const call = (accountId: Account, hour: number, reached = false): Omit<Contact, 'seq'> => ({
  accountId,
  messageId: `call-${accountId}-${hour}`,
  cycleId: `${accountId}-c1`,
  channel: 'agent-call',
  reached,
  at: T0 + hour * HOUR,
});
const rulesOf = (input: ContentCheckInput) =>
  checkContent(input).findings.map((f) => [f.messageId, f.rule]);

describe('the content check: claims about earlier contacts, against the history', () => {
  it('finds "we tried to call you" with no call in the history', () => {
    const run = aRun([['m1', 'a-us', 'sms', TEXT.usAfterCallSms, 5]]);
    expect(rulesOf(run)).toEqual([['m1', 'CALL_NOT_MADE']]);
    const finding = checkContent(run).findings[0];
    expect(finding?.evidence).toContain('We tried to call you');
    expect(finding?.evidence).not.toContain('1-800');
  });

  it('finds nothing when an agent reported a call before it', () => {
    expect(
      rulesOf(aRun([['m1', 'a-us', 'sms', TEXT.usAfterCallSms, 5]], [call('a-us', 2)])),
    ).toEqual([]);
  });

  it('does not count a call after the send, in another cycle, or one that reached the customer', () => {
    const after = aRun([['m1', 'a-cn', 'sms', TEXT.cnAfterCallSms, 5]], [call('a-cn', 6)]);
    expect(rulesOf(after)).toEqual([['m1', 'CALL_NOT_MADE']]);
    const earlierCycle = aRun(
      [['m1', 'a-cn', 'sms', TEXT.cnAfterCallSms, 5]],
      [{ ...call('a-cn', 2), cycleId: 'a-cn-c0' }],
    );
    expect(rulesOf(earlierCycle)).toEqual([['m1', 'CALL_NOT_MADE']]);
    const reached = aRun([['m1', 'a-cn', 'sms', TEXT.cnAfterCallSms, 5]], [call('a-cn', 2, true)]);
    expect(rulesOf(reached)).toEqual([['m1', 'CALL_ANSWERED']]);
  });

  it('finds "several times, by text, e-mail" after one SMS only: too few contacts, e-mail not used', () => {
    const run = aRun([
      ['m1', 'a-us', 'sms', TEXT.usReminderSms, 1],
      ['m2', 'a-us', 'email', TEXT.usFinalNoticeEmail, 30],
    ]);
    expect(rulesOf(run)).toEqual([
      ['m2', 'TOO_FEW_CONTACTS'],
      ['m2', 'CHANNEL_NOT_USED'],
    ]);
    expect(checkContent(run).findings[1]?.evidence).toContain('not used before it: email');
  });

  it('names each channel a Chinese letter claims that was not used before it', () => {
    const run = aRun([
      ['m1', 'a-cn', 'sms', TEXT.cnReminderSms, 1],
      ['m2', 'a-cn', 'email', 'e-mail', 2],
      ['m3', 'a-cn', 'letter', TEXT.cnAfterContactsLetter, 30],
    ]);
    const findings = checkContent(run).findings;
    expect(findings.map((f) => f.rule)).toEqual(['CHANNEL_NOT_USED']);
    expect(findings[0]?.evidence).toContain('not used before it: agent-call, letter');
  });

  it('orders contacts of the same simulated instant as the topics did', () => {
    const email = 'We have tried to reach you several times, by text message and letter.';
    const sent = aRun([
      ['m1', 'a-us', 'sms', TEXT.usReminderSms, 1],
      ['m2', 'a-us', 'letter', 'letter', 2],
      ['m3', 'a-us', 'email', email, 2],
    ]);
    expect(rulesOf(sent)).toEqual([]);
    // The same e-mail sent before the letter of that hour: only one contact came before it.
    const contacts = sent.contacts.map((c) => (c.messageId === 'm2' ? { ...c, seq: 99 } : c));
    expect(rulesOf({ ...sent, contacts })).toEqual([
      ['m3', 'TOO_FEW_CONTACTS'],
      ['m3', 'CHANNEL_NOT_USED'],
    ]);
  });
});

describe("the content check: another country's contact and payment details", () => {
  it("finds China's phone number or Alipay in a US customer's e-mail", () => {
    const phone = TEXT.usFinalNoticeEmail.replace('1-800-555-0142', '95555');
    const alipay = `${TEXT.usFinalNoticeEmail}\nAlipay: search for "Example Bank" and choose "Card repayment"`;
    const run = aRun(
      [
        ['m1', 'a-us', 'sms', TEXT.usReminderSms, 1],
        ['m2', 'a-us', 'sms', TEXT.usReminderSms, 2],
        ['m3', 'a-us', 'email', phone, 30],
        ['m4', 'a-us', 'email', alipay, 31],
      ],
      [call('a-us', 3), { ...call('a-us', 4), channel: 'email', messageId: 'e0' }],
    );
    const findings = checkContent(run).findings;
    expect(findings.map((f) => [f.messageId, f.rule])).toEqual([
      ['m3', 'OTHER_COUNTRY_DETAIL'],
      ['m3', 'OTHER_COUNTRY_DETAIL'],
      ['m4', 'OTHER_COUNTRY_DETAIL'],
      ['m4', 'OTHER_COUNTRY_DETAIL'],
    ]);
    expect(findings.map((f) => f.evidence)).toEqual([
      'CN phone number in a message to a US customer',
      'CN "95555" in a message to a US customer',
      'CN payment method alipay in a message to a US customer',
      'CN "Alipay" in a message to a US customer',
    ]);
  });

  it("finds the US phone number in a UK customer's letter", () => {
    const letter = TEXT.gbFinalNoticeLetter.replace('0808 157 0142', '1-800-555-0142');
    const run = aRun([
      ['m1', 'a-gb', 'sms', 'Example Bank: …', 1],
      ['m2', 'a-gb', 'email', 'Example Bank …', 2],
      ['m3', 'a-gb', 'letter', 'Example Bank …', 3],
      ['m4', 'a-gb', 'letter', letter, 30],
    ]);
    expect(checkContent(run).findings).toEqual([
      {
        messageId: 'm4',
        accountId: 'a-gb',
        rule: 'OTHER_COUNTRY_DETAIL',
        evidence: 'US phone number in a message to a GB customer',
      },
    ]);
  });

  it('finds a UK sort code in a US message and the US payment method in a Chinese one', () => {
    const run = aRun([
      ['m1', 'a-us', 'sms', `${TEXT.usReminderSms} Sort code 12-34-56`, 1],
      ['m2', 'a-cn', 'sms', `${TEXT.cnReminderSms}银行账户扣款（ACH）`, 1],
    ]);
    expect(checkContent(run).findings.map((f) => f.evidence)).toEqual([
      'GB sort code in a message to a US customer',
      'US payment method ach in a message to a CN customer',
    ]);
  });
});

describe('the content check over a clean run', () => {
  it('finds nothing, and says so', () => {
    const run = aRun(
      [
        ['m1', 'a-us', 'sms', TEXT.usReminderSms, 1],
        ['m2', 'a-us', 'sms', TEXT.usAfterCallSms, 20],
        ['m3', 'a-cn', 'sms', TEXT.cnReminderSms, 1],
        ['m4', 'a-cn', 'email', '还款提醒', 2],
        ['m5', 'a-cn', 'letter', '还款提醒函', 3],
        ['m6', 'a-cn', 'letter', TEXT.cnAfterContactsLetter, 40],
        ['m7', 'a-gb', 'sms', 'Example Bank: A friendly reminder … call 0808 157 0142.', 1],
        ['m8', 'a-gb', 'email', 'Example Bank … pay.example-bank.co.uk', 2],
        ['m9', 'a-gb', 'letter', 'Private and confidential …', 3],
        ['m10', 'a-gb', 'letter', TEXT.gbFinalNoticeLetter, 40],
      ],
      [call('a-us', 10), call('a-cn', 10)],
    );
    const check = checkContent(run);
    expect(check.findings).toEqual([]);
    expect(check.read).toBe(10);
    expect(check.readBy).toEqual({
      'sms:US': 2,
      'sms:CN': 1,
      'email:CN': 1,
      'letter:CN': 2,
      'sms:GB': 1,
      'email:GB': 1,
      'letter:GB': 2,
    });
    // The after-call SMS and the two letters' "several times, by …" (two patterns each).
    expect(check.claims).toBe(5);
    expect(contentCheckText(check)).toBe(
      'content check: 10 messages read, no finding (5 claims about earlier contacts among them)',
    );
  });

  it('finds a message it cannot place: no release, or no jurisdiction', () => {
    const run = aRun([['m1', 'a-us', 'sms', TEXT.usReminderSms, 1]]);
    const unknown = {
      ...run,
      sent: [...run.sent, { messageId: 'mx', channel: 'sms', text: '' } as const],
    };
    expect(rulesOf(unknown)).toEqual([['mx', 'UNKNOWN_MESSAGE']]);
    expect(rulesOf({ ...run, jurisdictions: new Map() })).toEqual([['m1', 'UNKNOWN_MESSAGE']]);
  });
});

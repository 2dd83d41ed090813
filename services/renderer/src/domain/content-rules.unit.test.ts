import { describe, expect, it } from 'vitest';
import { checkContent, type ContentUnderCheck } from './content-rules.js';

const base = {
  purpose: 'servicing',
  locale: 'zh-CN',
  jurisdiction: 'CN',
  signature: '示例银行',
  disclosures: [],
  forbidden: ['+8613800138000'],
} as const;
const rules = (content: ContentUnderCheck) => checkContent(content).map((v) => v.rule);

describe('content rules', () => {
  it('passes a servicing SMS with the signature first and an opt-out', () => {
    expect(
      rules({ ...base, channel: 'sms', body: '【示例银行】您的信用卡已逾期3天。回复TD退订' }),
    ).toEqual([]);
  });

  it('wants the 【signature】 first in China, and an opt-out in every SMS', () => {
    expect(rules({ ...base, channel: 'sms', body: '您的信用卡已逾期3天。【示例银行】' })).toEqual(
      expect.arrayContaining(['SMS_SIGNATURE_FIRST', 'SMS_OPT_OUT']),
    );
  });

  it('wants a marketing SMS in China to end with the 退订 instruction', () => {
    const body = '【示例银行】分期优惠，回复TD退订，详情见链接';
    expect(rules({ ...base, purpose: 'marketing', channel: 'sms', body })).toEqual([
      'SMS_MARKETING_OPT_OUT_LAST',
    ]);
  });

  it('keeps marketing out of servicing SMS', () => {
    const body = '【示例银行】限时优惠！回复TD退订';
    expect(rules({ ...base, channel: 'sms', body })).toContain('SMS_SERVICING_NO_MARKETING');
  });

  it('refuses personal data the message does not need, and blanks', () => {
    const body = '【示例银行】请致电+8613800138000，金额undefined。回复TD退订';
    expect(rules({ ...base, channel: 'sms', body })).toEqual([
      'NO_BROKEN_OUTPUT',
      'MINIMAL_PERSONAL_DATA',
    ]);
  });

  it('wants List-Unsubscribe on every e-mail and one-click on marketing', () => {
    const url = 'https://u.example/x';
    const email = {
      ...base,
      channel: 'email' as const,
      subject: 'Hello',
      html: `<a href="${url}">unsubscribe</a>`,
      text: `unsubscribe ${url}`,
      unsubscribeUrl: url,
      headers: { 'List-Unsubscribe': `<${url}>` },
    };
    expect(rules(email)).toEqual([]);
    expect(rules({ ...email, purpose: 'marketing' })).toEqual(['EMAIL_ONE_CLICK']);
    expect(rules({ ...email, headers: {} })).toEqual(['EMAIL_LIST_UNSUBSCRIBE']);
  });

  it('keeps the debt out of a letter window, and wants the configured disclosures', () => {
    const letter = {
      ...base,
      channel: 'letter' as const,
      text: '正文',
      disclosures: ['如有异议请联系我们'],
    };
    expect(rules({ ...letter, window: ['示例银行 催收部', '', '李伟（收）'] })).toEqual([
      'DISCLOSURE',
      'LETTER_WINDOW_NEUTRAL',
    ]);
  });

  describe('for the UK (FCA CONC 7)', () => {
    const advice =
      'Free, impartial debt advice is available from MoneyHelper: call 0800 138 7777 or visit www.moneyhelper.org.uk.';
    const uk = { ...base, locale: 'en-GB', jurisdiction: 'GB', signature: 'Example Bank' };
    const letter = {
      ...uk,
      channel: 'letter' as const,
      window: ['Private and confidential', 'Olivia Evans', 'Flat 4', '27 Kingsway'],
      text: `Dear Olivia Evans, please contact us by 3 April. ${advice}`,
    };

    it('passes a UK letter with the marking and the debt advice', () => {
      expect(rules(letter)).toEqual([]);
    });

    it.each([
      'Please pay immediately.',
      'This is a final demand.',
      'We may instruct bailiffs.',
      'Please act now to avoid further action.',
      'You could sell your car to clear the balance.',
      'Consider whether you could borrow from family to pay this.',
    ])('refuses pressure in en-GB copy: %s', (phrase) => {
      expect(rules({ ...letter, text: `${letter.text} ${phrase}` })).toEqual(['UK_NO_PRESSURE']);
      expect(
        rules({ ...uk, channel: 'sms', body: `Example Bank: ${phrase} Reply STOP to opt out.` }),
      ).toEqual(['UK_NO_PRESSURE']);
    });

    it('wants MoneyHelper with its number and website in every UK arrears e-mail and letter', () => {
      expect(rules({ ...letter, text: 'Dear Olivia Evans, see MoneyHelper.' })).toEqual([
        'UK_DEBT_ADVICE',
      ]);
    });

    it('wants "Private and confidential" on a UK letter, and no premium-rate number', () => {
      expect(rules({ ...letter, window: letter.window.slice(1) })).toEqual([
        'UK_PRIVATE_AND_CONFIDENTIAL',
      ]);
      expect(rules({ ...letter, text: `${letter.text} Call 0906 123 4567.` })).toEqual([
        'UK_NO_PREMIUM_RATE',
      ]);
    });

    it('wants UK terms in en-GB copy', () => {
      expect(rules({ ...letter, text: `${letter.text} We may tell credit bureaus.` })).toEqual([
        'UK_TERMS',
      ]);
    });
  });
});

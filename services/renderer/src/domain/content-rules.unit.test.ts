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
      senderAddress: [],
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

  describe('for the US (CAN-SPAM)', () => {
    const url = 'https://u.example/x';
    const address = ['Example Bank Customer Service', 'PO Box 15019', 'Wilmington, DE 19850-5019'];
    const footer = address.join(' ');
    const offer = {
      ...base,
      locale: 'en-US',
      jurisdiction: 'US-MA',
      purpose: 'marketing' as const,
      channel: 'email' as const,
      subject: 'You can now repay in instalments',
      html: `<p>Advertisement: our offers.</p><p>${footer}</p><a href="${url}">unsubscribe</a>`,
      text: `Advertisement: our offers.\n${footer}\nunsubscribe ${url}`,
      unsubscribeUrl: url,
      headers: {
        'List-Unsubscribe': `<${url}>`,
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      },
      senderAddress: address,
    };
    const unlabelled = (text: string) => text.replace('Advertisement: our offers.', 'Our offers.');

    it('passes a marketing e-mail labelled an advertisement, with the sender’s postal address', () => {
      expect(rules(offer)).toEqual([]);
      // A street address does as well as a PO box.
      const street = ['Example Bank', '1100 N Market St', 'Wilmington, DE 19890'];
      const shown = street.join(' ');
      expect(
        rules({
          ...offer,
          senderAddress: street,
          html: offer.html.replace(footer, shown),
          text: offer.text.replace(footer, shown),
        }),
      ).toEqual([]);
    });

    it('wants the advertisement label in both parts', () => {
      expect(rules({ ...offer, text: unlabelled(offer.text) })).toEqual(['US_AD_LABEL']);
      expect(rules({ ...offer, html: unlabelled(offer.html) })).toEqual(['US_AD_LABEL']);
    });

    it('wants a postal address with a street or PO box, state and ZIP, shown in both parts', () => {
      expect(rules({ ...offer, senderAddress: [] })).toEqual(['US_POSTAL_ADDRESS']);
      // A name and a city are not an address the post delivers to.
      const vague = ['Example Bank', 'Wilmington, Delaware'];
      expect(
        rules({
          ...offer,
          senderAddress: vague,
          html: offer.html.replace(footer, vague.join(' ')),
          text: offer.text.replace(footer, vague.join(' ')),
        }),
      ).toEqual(['US_POSTAL_ADDRESS']);
      expect(rules({ ...offer, text: offer.text.replace(footer, '') })).toEqual([
        'US_POSTAL_ADDRESS',
      ]);
      expect(rules({ ...offer, html: offer.html.replace(footer, '') })).toEqual([
        'US_POSTAL_ADDRESS',
      ]);
    });

    it('reads the address through the HTML part’s escaping', () => {
      const plaza = ['Example Bank', "1 O'Brien Plaza", 'Boston, MA 02110'];
      const escaped = 'Example Bank 1 O&#x27;Brien Plaza Boston, MA 02110';
      expect(
        rules({
          ...offer,
          senderAddress: plaza,
          html: offer.html.replace(footer, escaped),
          text: offer.text.replace(footer, plaza.join(' ')),
        }),
      ).toEqual([]);
    });

    it('leaves servicing e-mail and other countries’ marketing to their own rules', () => {
      const bare = { ...offer, html: unlabelled(offer.html), text: unlabelled(offer.text) };
      expect(rules({ ...bare, senderAddress: [], purpose: 'servicing' })).toEqual([]);
      expect(rules({ ...bare, senderAddress: [], jurisdiction: 'CN' })).toEqual([]);
    });
  });
});

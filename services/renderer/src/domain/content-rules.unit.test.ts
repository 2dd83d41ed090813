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
});

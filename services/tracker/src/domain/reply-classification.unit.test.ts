import { describe, expect, it } from 'vitest';
import { classifyReplyText, type ReplyCategory } from './reply-classification.js';

/** Replies as customers write them, with the near misses that must not be taken for more. */
const CASES: readonly (readonly [string, ReplyCategory])[] = [
  // Opt-out in words.
  ['pls stop texting me', 'opt-out'],
  ['Please stop texting me!!', 'opt-out'],
  ["Don't text me anymore", 'opt-out'],
  ['don’t message me again', 'opt-out'],
  ['Quit sending me these', 'opt-out'],
  ['no more texts please', 'opt-out'],
  ['please stop', 'opt-out'],
  ['Take me off your list', 'opt-out'],
  ['leave me alone', 'opt-out'],
  ['Please remove my number', 'opt-out'],
  ['取消短信通知', 'opt-out'],
  ['wrong number, stop texting me', 'opt-out'],
  ['不要再给我发短信', 'opt-out'],
  ['别再发了', 'opt-out'],
  ['请勿发送', 'opt-out'],
  ['不要再联系我了', 'opt-out'],
  ['別再發了', 'opt-out'],
  ['不要再給我發簡訊', 'opt-out'],
  ['我不想再收到你们的短信', 'opt-out'],
  // Near misses of an opt-out.
  ["don't stop texting me, it helps", 'other'],
  ['I never stop checking my texts', 'other'],
  ['我不要发票', 'other'],
  // Wrong party.
  ['wrong number', 'wrong-party'],
  ['You have the wrong person', 'wrong-party'],
  ['This is not my number', 'wrong-party'],
  ['I do not know this person', 'wrong-party'],
  ['打错了', 'wrong-party'],
  ['你们找错人了', 'wrong-party'],
  ['不是本人', 'wrong-party'],
  ['我不是他，不认识这个人', 'wrong-party'],
  ['打錯了', 'wrong-party'],
  // Near misses of a wrong party.
  ['你没打错，我明天还', 'other'],
  ['not the wrong number, I will pay friday', 'other'],
  // Claims a payment.
  ['I already paid', 'claims-payment'],
  ['paid yesterday', 'claims-payment'],
  ['I have paid it off', 'claims-payment'],
  ['I made a payment this morning', 'claims-payment'],
  ['Payment was sent on Monday', 'claims-payment'],
  ['已还款', 'claims-payment'],
  ['已经还了', 'claims-payment'],
  ['上周就还清了', 'claims-payment'],
  ['已經還了', 'claims-payment'],
  // Near misses of a payment claim.
  ["I didn't pay, I can't", 'other'],
  ["I haven't paid yet", 'other'],
  ['I never paid that', 'other'],
  ['I will pay tomorrow', 'other'],
  ['我还没还完', 'other'],
  ['还没有还清', 'other'],
  // Asks for a call.
  ['call me after 6', 'asks-for-call'],
  ['Please call me', 'asks-for-call'],
  ['Can you give me a call tomorrow?', 'asks-for-call'],
  ['I want to talk to someone', 'asks-for-call'],
  ['请给我打电话', 'asks-for-call'],
  ['晚上6点后打给我', 'asks-for-call'],
  ['請給我打電話', 'asks-for-call'],
  // Near misses of a call request.
  ["Don't call me", 'other'],
  ['不要给我打电话', 'other'],
  // Precedence: a payment claim before a call request.
  ['I already paid, call me if you need proof', 'claims-payment'],
  // Anything else.
  ['I will pay on Friday', 'other'],
  ['ok', 'other'],
  ['Who is this?', 'other'],
  ["I can't pay right now", 'other'],
  ['我会还的', 'other'],
  ['', 'other'],
];

describe('classifyReplyText', () => {
  it.each(CASES)('%j is %s', (reply, category) => {
    expect(classifyReplyText(reply).category).toBe(category);
  });

  it('answers in Chinese when the reply is Chinese', () => {
    expect(classifyReplyText('别再发了').locale).toBe('zh-CN');
    expect(classifyReplyText('pls stop texting me').locale).toBe('en-US');
  });
});

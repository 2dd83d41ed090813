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
  // Opt-outs in any other reasonable words (FCC 24-24: any reasonable means revokes).
  ['do not text', 'opt-out'],
  ['dont msg', 'opt-out'],
  ['no texts', 'opt-out'],
  ['can u stop', 'opt-out'],
  ['Could you please stop?', 'opt-out'],
  ['I want to opt out', 'opt-out'],
  ["I don't want to receive texts anymore", 'opt-out'],
  ["I don't want these messages", 'opt-out'],
  ['I dont want to hear from you', 'opt-out'],
  ['I revoke consent', 'opt-out'],
  ['I withdraw my consent', 'opt-out'],
  ['Cease all communication', 'opt-out'],
  ['Delete my number', 'opt-out'],
  ['Take this number off your list', 'opt-out'],
  ['No. Stop texting me', 'opt-out'],
  ['no no no stop texting me', 'opt-out'],
  ['Why do you keep texting me? Stop!', 'opt-out'],
  ['Stop!!! wrong number', 'opt-out'],
  ['停发', 'opt-out'],
  ['停止发短信', 'opt-out'],
  ['停止短信', 'opt-out'],
  ['不要短信', 'opt-out'],
  ['我不要再收到短信', 'opt-out'],
  ['取消', 'opt-out'],
  ['退订', 'opt-out'],
  ['請不要再傳簡訊給我', 'opt-out'],
  ['別傳了', 'opt-out'],
  // Near misses of an opt-out.
  ["don't stop texting me, it helps", 'other'],
  ['I never stop checking my texts', 'other'],
  ['我不要发票', 'other'],
  // Negated requests: no revocation (a person reads them).
  ["Don't remove me", 'other'],
  ["don't unsubscribe me", 'other'],
  ['do not take me off the list', 'other'],
  ["I didn't unsubscribe", 'other'],
  ['why did you stop texting me?', 'other'],
  ["I don't want to stop texts", 'other'],
  ['不是不要发', 'other'],
  ['我没说不要发', 'other'],
  ['我不是不想收到', 'other'],
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
  ["you don't have the wrong number", 'other'],
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
  // Asks for no calls: never a call request (Reg F §1006.14(h): a medium not to use).
  ["Don't call me", 'no-calls'],
  ['不要给我打电话', 'no-calls'],
  ['请不要再给我打电话', 'no-calls'],
  ['不要再打电话了', 'no-calls'],
  ['不要再打给我', 'no-calls'],
  ['不必打电话给我', 'no-calls'],
  ['I do not want you to call me', 'no-calls'],
  ['No need to call me', 'no-calls'],
  ["You don't need to call me", 'no-calls'],
  ['stop calling me', 'no-calls'],
  ['no more calls please', 'no-calls'],
  // Near misses of no calls.
  ["why don't you call me", 'other'],
  ['I never got your call, call me back', 'asks-for-call'],
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

  it("says when an opt-out also says the number is not the customer's", () => {
    expect(classifyReplyText('wrong number, stop texting me').saysWrongParty).toBe(true);
    expect(classifyReplyText('Stop!!! wrong number').saysWrongParty).toBe(true);
    expect(classifyReplyText('wrong number').saysWrongParty).toBe(true);
    expect(classifyReplyText('pls stop texting me').saysWrongParty).toBe(false);
    expect(
      classifyReplyText("stop texting me, you don't have the wrong number").saysWrongParty,
    ).toBe(false);
  });

  it('says when a reply also asks for no calls', () => {
    expect(classifyReplyText('stop texting and calling me').category).toBe('opt-out');
    expect(classifyReplyText('stop texting and calling me').saysNoCalls).toBe(true);
    expect(classifyReplyText('不要再发短信了，也不要打电话').saysNoCalls).toBe(true);
    expect(classifyReplyText('pls stop texting me').saysNoCalls).toBe(false);
    expect(classifyReplyText('call me after 6').saysNoCalls).toBe(false);
  });

  it('answers in Chinese when the reply is Chinese', () => {
    expect(classifyReplyText('别再发了').locale).toBe('zh-CN');
    expect(classifyReplyText('pls stop texting me').locale).toBe('en-US');
  });
});

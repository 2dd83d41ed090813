/**
 * What the content check looks for in sent text, written from reading the shipped templates
 * (templates/**) and the wordings the issue found (issue 13, item 1), not from the planner's,
 * the renderer's or the rules' code. Each claim is a statement about the customer's earlier
 * contacts that the account's history must bear out. English patterns run over the text with
 * its whitespace collapsed to one space, Chinese ones over the text with all whitespace removed
 * (pdftotext breaks lines inside a Chinese sentence).
 */
import type { OutreachChannel } from '@kindly/contracts';

/** What a claim needs from the history before the message went out. */
export type ClaimNeed =
  /** At least one call an agent reported (answered or not). */
  | 'call-attempted'
  /** Calls were made, and none reached the customer. */
  | 'call-unanswered'
  /** At least two earlier contacts: messages a provider took, or calls. */
  | 'contacted-twice'
  /** Each channel named in the captured list was used before. */
  | 'channels-used';

export interface ClaimPattern {
  readonly script: 'en' | 'zh';
  readonly pattern: RegExp;
  readonly needs: readonly ClaimNeed[];
}

export const CLAIM_PATTERNS: readonly ClaimPattern[] = [
  // sms/personal-contact-after-call-sms (en-US, en-GB): "We tried to call you about your account …"
  // (asserts call-attempted and call-unanswered); the issue's personal-contact-sms said the same.
  {
    script: 'en',
    pattern: /\bwe (?:have )?tried to (?:call|phone|ring) you\b/i,
    needs: ['call-attempted', 'call-unanswered'],
  },
  // Any English wording that says a call did not get through ("could not reach you by phone").
  {
    script: 'en',
    pattern: /\b(?:could not|couldn't|were unable to) (?:reach|get hold of) you\b/i,
    needs: ['call-attempted', 'call-unanswered'],
  },
  // sms/personal-contact-after-call-sms/zh-CN: "我们近日致电您未能联系上"; the issue's
  // personal-contact-sms/zh-CN: "我们近日致电您，商谈…还款事宜，未能联系上".
  {
    script: 'zh',
    pattern: /(?:我们|我行)[^。]{0,8}致电您[^。]*?未能联系上/,
    needs: ['call-attempted', 'call-unanswered'],
  },
  // A zh-CN wording that says a call was made without saying how it went (the one above says both).
  {
    script: 'zh',
    pattern: /(?:我们|我行)[^。]{0,8}(?:致电|电话联系)(?:过)?您(?![^。]*未能联系上)/,
    needs: ['call-attempted'],
  },
  // final-notice-after-contacts-letter / -email (en-US, en-GB): "We have tried to reach you
  // several times, by {{history.channels}}." (contacted-before-count>=2); the issue's
  // final-notice-letter: "… several times by text, e-mail, phone and letter."
  {
    script: 'en',
    pattern: /\b(?:several|many|multiple) times\b|\brepeatedly\b/i,
    needs: ['contacted-twice'],
  },
  // final-notice-after-contacts-letter / -email (zh-CN): "此前我行（我们）已多次通过{{history.channels}}与您联系".
  { script: 'zh', pattern: /多次|屡次|反复/, needs: ['contacted-twice'] },
  // The channel list of the same sentence, in every locale: captured, then read with CHANNEL_WORDS.
  {
    script: 'en',
    pattern:
      /\b(?:tried to reach|contacted|written to|wrote to) you\b[^.]*?\bby ((?:[^.]|\.(?=\S))+)\./i,
    needs: ['channels-used'],
  },
  { script: 'zh', pattern: /通过([^。]+?)(?:与|和|同)您联系/, needs: ['channels-used'] },
];

/** How a channel list names each channel ("text message, e-mail and phone", "短信、邮件及电话"). */
export const CHANNEL_WORDS: readonly {
  readonly channel: OutreachChannel;
  readonly word: RegExp;
}[] = [
  { channel: 'sms', word: /\btext(?: messages?)?s?\b|\bSMS\b|短信/i },
  { channel: 'email', word: /\be-?\s?mails?\b|邮件/i },
  { channel: 'agent-call', word: /\b(?:tele)?phone\b|\bcalls?\b|电话/i },
  { channel: 'letter', word: /\bletters?\b|\bpost\b|信函|信件/i },
];

/**
 * China's details, which no message to a customer outside China may carry, whatever the sender
 * profiles say (issue 13, item 2: US and UK customers were told to call 95555 "(China time)", to
 * pay by Alipay or WeChat Pay, or at a Shanghai branch). The profiles add every country's own.
 */
export const CHINA_ONLY_TERMS: readonly string[] = [
  '95555',
  'Alipay',
  '支付宝',
  'WeChat',
  '微信',
  'Shanghai',
  '上海',
  'China time',
  '北京时间',
];

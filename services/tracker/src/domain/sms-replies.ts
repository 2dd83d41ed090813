import type { ReplyLocale } from './sms-keywords.js';

export type LocalisedText = Readonly<Record<ReplyLocale, string>>;

/** What the tracker texts back to a keyword. No marketing, no account details. */
export interface SmsReplyTexts {
  /** The one confirmation of an opt-out (compliance.md §4.4: one, at once, no marketing). */
  readonly optOut: LocalisedText;
  /** To START: the request is noted; texts resume only once the bank has confirmed consent. */
  readonly optIn: LocalisedText;
  readonly help: LocalisedText;
}

export const defaultSmsReplies: SmsReplyTexts = {
  optOut: {
    'en-US': 'You have been unsubscribed and will get no more text messages from us.',
    'zh-CN': '您已成功退订，我们将不再向您发送短信。',
  },
  optIn: {
    'en-US':
      'We have your request to get text messages again. We will confirm it with you before we text you again.',
    'zh-CN': '我们已收到您恢复接收短信的请求，将在与您确认后再向您发送短信。',
  },
  help: {
    'en-US':
      'For help with your account, call the number on the back of your card. Reply STOP to stop text messages.',
    'zh-CN': '如需帮助，请致电您卡片背面的客服电话。回复TD退订短信。',
  },
};

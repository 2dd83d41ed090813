/**
 * What a customer's reply to one of our texts asks for. Twilio's default opt-out words, the FCC's
 * per-se revocation words, AWS's additions and the Chinese carriers' (回T退订, 回复TD退订, 拒收请回复R):
 * compliance.md §4.4 and §2.6. Matching is on the whole reply after normalising it (NFKC folds
 * full-width letters, case folded, punctuation and spaces around dropped), as Twilio matches.
 */
export type SmsReplyKind = 'opt-out' | 'opt-in' | 'help' | 'other';

/** The language to answer in: a Chinese keyword gets a Chinese answer. */
export type ReplyLocale = 'en-US' | 'zh-CN';

export interface SmsReplyIntent {
  readonly kind: SmsReplyKind;
  readonly locale: ReplyLocale;
}

const OPT_OUT = new Set([
  'STOP',
  'STOPALL',
  'STOP ALL',
  'UNSUBSCRIBE',
  'CANCEL',
  'END',
  'QUIT',
  'REVOKE',
  'OPTOUT',
  'OPT OUT',
  'REMOVE',
  'ARRET',
]);
/** The Chinese carriers' reply words: T, TD (退订) and R (拒收). */
const OPT_OUT_CN = new Set(['TD', 'T', 'R', '退订', '退訂', '取消订阅', '拒收']);
/**
 * Replies that start with one of these words are a request to stop whatever follows ("STOP
 * texting me"): the FCC counts reasonable phrasings, not only the bare keyword. Words such as
 * END or CANCEL are left out here: "cancel my payment" is not a request to stop texts.
 */
const OPT_OUT_FIRST_WORDS = new Set(['STOP', 'STOPALL', 'UNSUBSCRIBE', 'OPTOUT', 'REVOKE']);
/** Chinese has no spaces between words: 退订 anywhere in a short reply ("我要退订") asks to stop. */
const OPT_OUT_CN_ANYWHERE = ['退订', '退訂'];
const OPT_IN = new Set(['START', 'UNSTOP', 'YES']);
const HELP = new Set(['HELP', 'INFO']);
const HELP_CN = new Set(['帮助', '幫助']);

/** Longer replies are conversation, not a keyword; an agent reads them, not this matcher. */
const MAX_KEYWORD_REPLY = 40;

/** Trimmed, NFKC (full-width ＴＤ is TD), upper case, punctuation dropped, spaces collapsed. */
export function normaliseReply(body: string): string {
  return (
    body
      .normalize('NFKC')
      .toUpperCase()
      // "OPT-OUT" is OPTOUT; any other mark ("STOP.", "退订。", "Stop, please") is a space.
      .replace(/(?<=\p{L})-(?=\p{L})/gu, '')
      .replace(/[\p{P}\p{S}]+/gu, ' ')
      .replace(/\s+/gu, ' ')
      .trim()
  );
}

/** Classifies a reply; anything that is not clearly a keyword is `other`. */
export function classifySmsReply(body: string): SmsReplyIntent {
  const text = normaliseReply(body);
  const hasCjk = /\p{Script=Han}/u.test(text);
  if (text.length === 0 || text.length > MAX_KEYWORD_REPLY) {
    return { kind: 'other', locale: hasCjk ? 'zh-CN' : 'en-US' };
  }
  if (OPT_OUT_CN.has(text) || OPT_OUT_CN_ANYWHERE.some((word) => text.includes(word))) {
    return { kind: 'opt-out', locale: 'zh-CN' };
  }
  if (OPT_OUT.has(text)) return { kind: 'opt-out', locale: 'en-US' };
  const firstWord = text.split(' ', 1)[0] ?? '';
  if (OPT_OUT_FIRST_WORDS.has(firstWord)) return { kind: 'opt-out', locale: 'en-US' };
  if (OPT_IN.has(text)) return { kind: 'opt-in', locale: 'en-US' };
  if (HELP.has(text)) return { kind: 'help', locale: 'en-US' };
  if (HELP_CN.has(text)) return { kind: 'help', locale: 'zh-CN' };
  return { kind: 'other', locale: hasCjk ? 'zh-CN' : 'en-US' };
}

/**
 * What a reply in the customer's own words is about, when it is not a keyword (sms-keywords.ts
 * handles those). A small rule set, in English and Chinese (Simplified, and Traditional folded
 * to it), meant to be read: phrase patterns per category on normalised text, with care for
 * negation ("don't stop" is no opt-out, "I didn't pay" no payment claim). Whatever it answers, a
 * person reads every reply that is not an opt-out: the category only sorts the desk's work.
 *
 * Precedence: an opt-out wins over everything (the law favours honouring a revocation), then a
 * wrong party (we must stop contacting someone who is not our customer), then a payment claim,
 * then a request for a call.
 */
import type { ReplyLocale } from './sms-keywords.js';

export type ReplyCategory =
  'opt-out' | 'wrong-party' | 'claims-payment' | 'asks-for-call' | 'other';

export interface ReplyClassification {
  readonly category: ReplyCategory;
  /** Chinese when the reply has Han characters: the language of any answer. */
  readonly locale: ReplyLocale;
}

/** Traditional characters of the phrases below, folded to their Simplified forms. */
const TRADITIONAL: Readonly<Record<string, string>> = {
  發: '发',
  給: '给',
  訊: '讯',
  還: '还',
  錯: '错',
  電: '电',
  話: '话',
  號: '号',
  碼: '码',
  經: '经',
  繳: '缴',
  擾: '扰',
  聯: '联',
  繫: '系',
  別: '别',
  點: '点',
  後: '后',
  請: '请',
  沒: '没',
  過: '过',
  個: '个',
  認: '认',
  識: '识',
  轉: '转',
  帳: '账',
  賬: '账',
  訂: '订',
  聽: '听',
};

/** English contractions and texting shorthand, spelled out so that one pattern covers them. */
const SPELLED_OUT: readonly (readonly [RegExp, string])[] = [
  [/\b(do|does|did|have|has|had|is|was|are|were|could|would|should)n'?t\b/g, '$1 not'],
  [/\bwon'?t\b/g, 'will not'],
  [/\bcan'?t\b/g, 'cannot'],
  [/\bi'?ve\b/g, 'i have'],
  [/\b(pls|plz|plse|pleas)\b/g, 'please'],
  [/\bu\b/g, 'you'],
  [/\bur\b/g, 'your'],
  [/\b(txt|texts|txts|txting)\b/g, 'text'],
  [/\btexting\b/g, 'text'],
  [/\b(msgs?|messages)\b/g, 'message'],
  [/\bmessaging\b/g, 'message'],
  [/\bsending\b/g, 'send'],
  [/\bcontacting\b/g, 'contact'],
  [/\bbothering\b/g, 'bother'],
  [/\bcalling\b/g, 'call'],
  [/\b(pymt|pmt)\b/g, 'payment'],
];

/**
 * Lower case, NFKC (full-width letters and digits), Traditional folded to Simplified, curly
 * quotes straightened, contractions spelled out, punctuation a space, spaces collapsed.
 */
export function normaliseReplyText(body: string): string {
  let text = body
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[‘’ʼ`]/gu, "'")
    .replace(/\p{Script=Han}/gu, (char) => TRADITIONAL[char] ?? char);
  for (const [pattern, replacement] of SPELLED_OUT) text = text.replace(pattern, replacement);
  return text
    .replace(/[^\p{L}\p{N}\s']+/gu, ' ')
    .replace(/'/g, '')
    .replace(/\s+/gu, ' ')
    .trim();
}

/** A phrase pattern, and what may not come just before it ("do not stop", "没还"). */
interface Rule {
  readonly pattern: RegExp;
  readonly negatedBy?: RegExp;
}

/** English negation in the two words before a phrase: "do not stop", "have not paid". */
const EN_NEGATED = /\b(not|never|no|cannot|nor)( \S+)?\s*$/;
/** Chinese negation just before a phrase: 没还, 还没有还, 未付, 不要打电话. */
const ZH_NEGATED = /(没|未|不|别|勿)(有|要|用|再)?\s*$/u;

const TEXTS = '(text|message|sms|send|contact|bother)';

const RULES: Readonly<Record<Exclude<ReplyCategory, 'other'>, readonly Rule[]>> = {
  'opt-out': [
    // "pls stop texting me", "quit messaging me", "stop contacting me"
    { pattern: new RegExp(`\\b(stop|quit|cease) ${TEXTS}`), negatedBy: EN_NEGATED },
    // "please stop", "stop it", "stop now" as the whole reply
    { pattern: /^(please )?stop( it| now| please| thanks| thank you)*$/ },
    // "don't text me anymore", "do not contact me", "never text me again"
    { pattern: new RegExp(`\\b(do not|never) ${TEXTS} (me|us|this|to this|anymore|again)\\b`) },
    { pattern: new RegExp(`\\bno more ${TEXTS}`) },
    { pattern: /\b(unsubscribe|opt me out|take me off|remove (me|my number)|leave me alone)\b/ },
    // 不要再给我发短信, 别再发了, 请勿发送, 不要再联系我, 别再打扰我
    { pattern: /(不要|别|勿|不用)再?(给我|向我)?(发(?!票|愁|现|生|工资)|联系|打扰|骚扰)/u },
    { pattern: /(停止|拒绝)(发送|接收|联系)/u },
    { pattern: /取消(短信|通知)/u },
    { pattern: /不(想|愿意?)再?(收到|接收)/u },
  ],
  'wrong-party': [
    // "wrong number", "you have the wrong person"
    {
      pattern: /\bwrong (number|person|guy|girl|people|phone|individual)\b/,
      negatedBy: EN_NEGATED,
    },
    { pattern: /\b(this|that|it) is not (me|my (number|phone|account))\b/ },
    { pattern: /\bnot my (number|phone|account)\b/ },
    { pattern: /\b(do not|never) know (him|her|them|this person|who that is|anyone)\b/ },
    { pattern: /\bno (one|body) (by|named|called|with) that name\b/ },
    // 打错了, 发错人了, 你们找错人了 (but not 没打错)
    { pattern: /(打错|找错人|发错(人|号))/u, negatedBy: /(没|不是|没有)\s*$/u },
    { pattern: /不是(本人|我的(号码|电话|账户|手机))/u },
    { pattern: /我不是(他|她|这个人|此人)/u },
    { pattern: /(不认识|查无)(他|她|此人|这个人)/u },
    { pattern: /没有这个人/u },
  ],
  'claims-payment': [
    // "I already paid", "paid yesterday", "payment was made" (but not "I didn't pay")
    {
      pattern:
        /\b(paid|settled|cleared) (it|this|that|the|my|off|in full|yesterday|today|already|last|on)\b/,
      negatedBy: EN_NEGATED,
    },
    { pattern: /\b(already|have|has|just) (paid|settled|cleared)\b/, negatedBy: EN_NEGATED },
    { pattern: /^(i |we )?(already )?paid\b/ },
    { pattern: /\b(made|sent) (the|a|my) payment\b/, negatedBy: EN_NEGATED },
    { pattern: /\bpayment (was|has been|is) (made|sent|done|complete)/, negatedBy: EN_NEGATED },
    // 已还款, 已经还了, 已付款, 还清了, 转过去了 (but not 还没还, 未还款)
    { pattern: /已经?(还|付款|付了|付清|缴|转账|转了|支付|汇款)/u },
    { pattern: /(还|付|缴|转)(过|完|清)/u, negatedBy: ZH_NEGATED },
    { pattern: /(还|付|缴|转)了(钱|款)/u, negatedBy: ZH_NEGATED },
  ],
  'asks-for-call': [
    // "call me after 6", "please call me", "give me a call", "can someone call me"
    { pattern: /\bcall me\b/, negatedBy: EN_NEGATED },
    { pattern: /\b(give me|need) a call\b/ },
    { pattern: /\bcall (back|after|later|tomorrow|tonight)\b/, negatedBy: EN_NEGATED },
    { pattern: /\b(phone|ring) me\b/, negatedBy: EN_NEGATED },
    { pattern: /\b(talk|speak) (to|with) (someone|somebody|a person|an agent|a human)\b/ },
    // 请给我打电话, 晚上6点后打给我, 回电, 电话联系我 (but not 不要给我打电话)
    { pattern: /(给我|跟我)?打(个)?电话/u, negatedBy: ZH_NEGATED },
    { pattern: /打给我/u, negatedBy: ZH_NEGATED },
    { pattern: /(回电|回个电话|来电|电话联系)/u, negatedBy: ZH_NEGATED },
  ],
};

const ORDER = ['opt-out', 'wrong-party', 'claims-payment', 'asks-for-call'] as const;

function matches(text: string, rule: Rule): boolean {
  const flags = rule.pattern.flags.includes('g') ? rule.pattern.flags : `${rule.pattern.flags}g`;
  for (const found of text.matchAll(new RegExp(rule.pattern.source, flags))) {
    const before = text.slice(0, found.index);
    if (rule.negatedBy === undefined || !rule.negatedBy.test(before)) return true;
  }
  return false;
}

/** Classifies a reply that is not a keyword; an empty reply is `other`. */
export function classifyReplyText(body: string): ReplyClassification {
  const text = normaliseReplyText(body);
  const locale: ReplyLocale = /\p{Script=Han}/u.test(text) ? 'zh-CN' : 'en-US';
  const category = ORDER.find((name) => RULES[name].some((rule) => matches(text, rule)));
  return { category: category ?? 'other', locale };
}

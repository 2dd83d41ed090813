/**
 * What a reply in the customer's own words is about, when it is not a keyword (sms-keywords.ts
 * handles those). A small rule set, in English and Chinese (Simplified, and Traditional folded
 * to it), meant to be read: phrase patterns per category on normalised text, with care for
 * negation ("don't stop" is no opt-out, "I didn't pay" no payment claim). Whatever it answers, a
 * person reads every reply that is not an opt-out: the category only sorts the desk's work.
 *
 * Precedence: an opt-out wins over everything (the law favours honouring a revocation, and any
 * reasonable words revoke: FCC 24-24), then a wrong party (we must stop contacting someone who is
 * not our customer), then a request for no calls (a medium the person asked us not to use: Reg F
 * §1006.14(h)), then a payment claim, then a request for a call. Every opt-out phrase has a
 * negation guard ("don't remove me", "why did you stop texting me?", 我没说不要发 revoke
 * nothing); a reply that asks for no calls is never a request for one. Sentences are read one by
 * one, so a negation does not reach across a full stop or comma.
 */
import type { ReplyLocale } from './sms-keywords.js';

export type ReplyCategory =
  'opt-out' | 'wrong-party' | 'no-calls' | 'claims-payment' | 'asks-for-call' | 'other';

export interface ReplyClassification {
  readonly category: ReplyCategory;
  /** Chinese when the reply has Han characters: the language of any answer. */
  readonly locale: ReplyLocale;
  /**
   * Whether it also says the number is not the customer's ("wrong number, stop texting me"): an
   * opt-out wins, and the wrong party's effects still apply.
   */
  readonly saysWrongParty: boolean;
  /** Whether it also asks for no calls ("stop texting and calling me"): `no-calls`' effect too. */
  readonly saysNoCalls: boolean;
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
  傳: '传',
  簡: '简',
  見: '见',
  們: '们',
  說: '说',
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

/** English negation in the three words before a phrase: "do not stop", "have not paid". */
const EN_NEGATED = /\b(not|never|no|cannot|nor)( \S+){0,2}\s*$/;
/**
 * What undoes a request to stop, in the three words before it: "do not remove me", "I did not
 * unsubscribe", "why did you stop texting me", "I do not want to stop texts". A bare "no" is no
 * guard here ("no no stop texting me" stops): the law favours honouring a revocation.
 */
const EN_NOT_A_REQUEST = /\b(not|never|cannot|nor|why|without)( \S+){0,2}\s*$/;
/** Chinese negation just before a phrase: 没还, 还没有还, 未付, 不要打电话. */
const ZH_NEGATED = /(没|未|不|别|勿)(有|要|用|再)?\s*$/u;
/** What undoes a Chinese request to stop: 不是不要发, 我没说不要发, 我不是不想收到, 并非. */
const ZH_NOT_A_REQUEST = /(不是|并非|没有?(说|讲|要求|让)?|未曾?(说)?)\s*$/u;
/** Chinese "do not / no need to" before a call: 请不要再给我打电话, 不必打电话给我, 无需来电. */
const ZH_NO_NEED =
  /(没|未|不|别|勿|无需|无须|不必|不用|没必要|用不着)(有|要|用|再|必)?\s*(再)?\s*(给我|跟我)?\s*$/u;

const TEXTS = '(text|message|sms|send|contact|bother|communication|communications|correspondence)';
/** Words that may stand between "stop" and what to stop: "cease all communication". */
const FILLER = '((all|any|these|those|the|your|this|sending|send|to) )*';
const EN_OPT_OUT = (pattern: RegExp): Rule => ({ pattern, negatedBy: EN_NOT_A_REQUEST });
const ZH_OPT_OUT = (pattern: RegExp): Rule => ({ pattern, negatedBy: ZH_NOT_A_REQUEST });

const RULES: Readonly<Record<Exclude<ReplyCategory, 'other' | 'no-calls'>, readonly Rule[]>> = {
  'opt-out': [
    // "pls stop texting me", "quit messaging me", "stop contacting me", "cease all communication"
    EN_OPT_OUT(new RegExp(`\\b(stop|quit|cease|end|halt) ${FILLER}${TEXTS}\\b`)),
    // "please stop", "stop it", "can u stop" as the whole reply
    EN_OPT_OUT(
      /^((please|can you|could you|would you|will you|just) )*(stop|quit|end)( (it|now|please|thanks|thank you|this|already|that))*$/,
    ),
    // "don't text me anymore", "do not contact me", "never text me again", "dont msg"
    EN_OPT_OUT(new RegExp(`\\b(do not|never) ${TEXTS} (me|us|this|to this|anymore|again|here)\\b`)),
    EN_OPT_OUT(new RegExp(`^((please|just) )*(do not|never) ${TEXTS}( (please|anymore|again))*$`)),
    // "no more texts", "no texts please"
    EN_OPT_OUT(new RegExp(`\\bno more ${TEXTS}`)),
    EN_OPT_OUT(new RegExp(`^((please|just) )*no ${TEXTS}( (please|thanks|thank you))*$`)),
    // "I don't want these messages", "I don't want to receive texts anymore", "... hear from you"
    EN_OPT_OUT(
      new RegExp(
        `\\b(do not|never|no longer) (want|wish|need)( to)?( (get|receive|see|have|be sent))? ((these|those|your|any|more|the|this|such|of your|of these) )*${TEXTS}`,
      ),
    ),
    EN_OPT_OUT(/\b(do not|never|no longer) (want|wish) to (hear|be contacted|be texted)\b/),
    EN_OPT_OUT(/\b(unsubscribe|opt (me )?out|optout|leave me alone)\b/),
    // "take me off your list", "take this number off your list", "remove me", "delete my number"
    EN_OPT_OUT(/\btake (me|us|my (phone )?number|this (phone )?number|my phone) off\b/),
    EN_OPT_OUT(
      /\b(remove|delete|erase) (me|us|my (phone )?(number|info|details|contact)|this (phone )?number)\b/,
    ),
    // "I revoke consent", "I withdraw my consent"
    EN_OPT_OUT(
      /\b(revoke|revoking|withdraw|withdrawing|cancel) ((my|all|your|the|any) )?(consent|permission|authori[sz]ation)\b/,
    ),
    // 不要再给我发短信, 别再发了, 请勿发送, 不要再联系我, 别再打扰我, 不要短信, 别传了
    ZH_OPT_OUT(
      /(不要|别|勿|不用)再?(给我|向我)?(发(?!票|愁|现|生|工资)|传(?!真)|联系|打扰|骚扰|短信|简讯|信息|消息)/u,
    ),
    // 停发, 停止发短信, 停止短信, 拒绝接收
    ZH_OPT_OUT(/(停止?|拒绝)(发|传|短信|简讯|信息|消息|接收|联系)/u),
    ZH_OPT_OUT(/(取消|退订)(短信|简讯|通知|订阅|服务)/u),
    // 取消 (or 退订) as the whole reply
    ZH_OPT_OUT(/^请?(取消|退订)(吧|了|谢谢)*$/u),
    // 我不想再收到你们的短信, 我不要再收到短信
    ZH_OPT_OUT(/不(想|要|愿意?|希望)再?(收到|接收|接到)/u),
  ],
  'wrong-party': [
    // "wrong number", "you have the wrong person" (not "you don't have the wrong number")
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
    { pattern: /\b(give me|need) a call\b/, negatedBy: EN_NEGATED },
    { pattern: /\bcall (back|after|later|tomorrow|tonight)\b/, negatedBy: EN_NEGATED },
    { pattern: /\b(phone|ring) me\b/, negatedBy: EN_NEGATED },
    { pattern: /\b(talk|speak) (to|with) (someone|somebody|a person|an agent|a human)\b/ },
    // 请给我打电话, 晚上6点后打给我, 回电, 电话联系我 (but not 请不要再给我打电话, 不必打电话给我)
    { pattern: /(给我|跟我)?打(个)?电话/u, negatedBy: ZH_NO_NEED },
    { pattern: /打给我/u, negatedBy: ZH_NO_NEED },
    { pattern: /(回电|回个电话|来电|电话联系)/u, negatedBy: ZH_NO_NEED },
  ],
};

/**
 * A reply that asks for no calls ("don't call me", "I do not want you to call me", "no need to
 * call me", "stop calling", "请不要再给我打电话", "不必打电话给我"), wherever its negation stands:
 * never a request for one. "why don't you call me" asks for one: not this.
 */
const NO_CALLS_RULES: readonly Rule[] = [
  EN_OPT_OUT(
    /\b(do not|never|no need to|not need to|no need for|no reason to|stop|quit|cease) ((want|need|have) )?((you|anyone|someone|somebody|them) )?(to )?((ever|again) )?(call|phone|ring)/,
  ),
  EN_OPT_OUT(/\b(stop|quit|cease) (text|message|sms|send)( me)? (and|or) (call|phone|ring)/),
  EN_OPT_OUT(/\bno (more )?(phone )?calls?\b/),
  ZH_OPT_OUT(/(不要|别|勿|不必|不用|无需|无须|没必要|用不着|停止)再?(给我|跟我)?(打|来电|回电)/u),
];

const ORDER = ['opt-out', 'wrong-party', 'no-calls', 'claims-payment', 'asks-for-call'] as const;

function matches(text: string, rule: Rule): boolean {
  const flags = rule.pattern.flags.includes('g') ? rule.pattern.flags : `${rule.pattern.flags}g`;
  for (const found of text.matchAll(new RegExp(rule.pattern.source, flags))) {
    const before = text.slice(0, found.index);
    if (rule.negatedBy === undefined || !rule.negatedBy.test(before)) return true;
  }
  return false;
}

/**
 * Clauses, at sentence punctuation (Western and Chinese): a negation belongs to its own clause,
 * so "No. Stop texting me" stops and "why did you stop texting me? it helped" does not.
 */
const CLAUSE_BREAK = /[.!?,;:\n\r\u3001\u3002\uff01\uff0c\uff1b\uff1a\uff1f…]+/u;

/** Classifies a reply that is not a keyword; an empty reply is `other`. */
export function classifyReplyText(body: string): ReplyClassification {
  const clauses = body
    .split(CLAUSE_BREAK)
    .map(normaliseReplyText)
    .filter((clause) => clause !== '');
  const locale: ReplyLocale = clauses.some((c) => /\p{Script=Han}/u.test(c)) ? 'zh-CN' : 'en-US';
  const found = (name: (typeof ORDER)[number]) =>
    clauses.some((clause) =>
      (name === 'no-calls' ? NO_CALLS_RULES : RULES[name]).some((rule) => matches(clause, rule)),
    );
  const noCalls = found('no-calls');
  // Asking for no calls is never asking for one, whatever else the reply says.
  const category = ORDER.find((name) => !(name === 'asks-for-call' && noCalls) && found(name));
  return {
    category: category ?? 'other',
    locale,
    saysWrongParty: category === 'wrong-party' || (category === 'opt-out' && found('wrong-party')),
    saysNoCalls: noCalls,
  };
}

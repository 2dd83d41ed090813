/**
 * The content check after the fact, as a compliance reviewer would read a run: every message the
 * stand-ins received (SMS bodies, e-mails, letters read back from the PDFs), against the account
 * histories on the topics. A message fails when it states something about earlier contacts that
 * the history does not bear out (content-patterns.ts), or carries another country's phone
 * number, payment details, addresses or time zone (the sender profiles, read as data).
 * Deliberately simple, and sharing no code with the planner, the renderer or the rules. Pure:
 * content and facts in, findings out. Findings name messages and accounts, never personal data.
 */
import type { OutreachChannel } from '@kindly/contracts';
import {
  CHANNEL_WORDS,
  CHINA_ONLY_TERMS,
  CLAIM_PATTERNS,
  type ClaimNeed,
} from './content-patterns.js';

/** What one message said, as the customer received it. */
export interface SentContent {
  readonly messageId: string;
  readonly channel: 'sms' | 'email' | 'letter';
  readonly text: string;
}

/** A point in the run: simulated time, then the order the observer read the events in. */
export interface Instant {
  readonly at: number;
  readonly seq: number;
}

/** An earlier contact: a message a provider took, or a call an agent reported. */
export interface Contact extends Instant {
  readonly accountId: string;
  readonly messageId: string;
  /** From the message's release; absent when the check never saw it released. */
  readonly cycleId?: string;
  readonly channel: OutreachChannel;
  /** A call that reached the customer (a conversation). */
  readonly reached: boolean;
}

/** One detail that belongs to one country only. */
export interface CountryTerm {
  readonly country: string;
  /** What it is, for the finding: never the value itself when that is a number. */
  readonly label: string;
  readonly pattern: RegExp;
  readonly script: 'en' | 'zh';
}

export interface ContentCheckInput {
  readonly sent: readonly SentContent[];
  /** From outreach.released: each message's account and cycle. */
  readonly released: ReadonlyMap<string, { readonly accountId: string; readonly cycleId: string }>;
  readonly contacts: readonly Contact[];
  /** When each message went out (the accepted outcome, or the audit record). */
  readonly sendTimes: ReadonlyMap<string, Instant>;
  /** Each account's jurisdiction, from its contact.updated (US-MA is in the US). */
  readonly jurisdictions: ReadonlyMap<string, string>;
  readonly countryTerms: readonly CountryTerm[];
}

export type ContentRule =
  | 'CALL_NOT_MADE'
  | 'CALL_ANSWERED'
  | 'TOO_FEW_CONTACTS'
  | 'CHANNEL_NOT_USED'
  | 'OTHER_COUNTRY_DETAIL'
  | 'UNKNOWN_MESSAGE';

export interface ContentFinding {
  readonly messageId: string;
  readonly accountId: string;
  readonly rule: ContentRule;
  readonly evidence: string;
}

export interface ContentCheck {
  readonly read: number;
  /** Claims about earlier contacts found in them, each checked against the history. */
  readonly claims: number;
  /** Messages read, by channel and the customer's country (`sms:US`). */
  readonly readBy: Readonly<Record<string, number>>;
  readonly findings: readonly ContentFinding[];
}

export function checkContent(input: ContentCheckInput): ContentCheck {
  const findings: ContentFinding[] = [];
  const readBy: Record<string, number> = {};
  let claims = 0;
  for (const message of input.sent) {
    const release = input.released.get(message.messageId);
    const jurisdiction = release && input.jurisdictions.get(release.accountId);
    if (!release || !jurisdiction) {
      findings.push({
        messageId: message.messageId,
        accountId: release?.accountId ?? 'unknown',
        rule: 'UNKNOWN_MESSAGE',
        evidence: `a ${message.channel} whose ${release ? "account's jurisdiction" : 'release'} is not on the topics`,
      });
      continue;
    }
    const country = jurisdiction.split('-')[0] ?? jurisdiction;
    readBy[`${message.channel}:${country}`] = (readBy[`${message.channel}:${country}`] ?? 0) + 1;
    const texts = { en: message.text.replace(/\s+/g, ' '), zh: message.text.replace(/\s+/g, '') };
    const found = (rule: ContentRule, evidence: string) => {
      const f = { messageId: message.messageId, accountId: release.accountId, rule, evidence };
      if (!findings.some((g) => g.messageId === f.messageId && g.evidence === evidence))
        findings.push(f);
    };
    const before = contactsBefore(input, message.messageId, release);
    for (const claim of CLAIM_PATTERNS) {
      const match = claim.pattern.exec(texts[claim.script]);
      if (match) {
        claims += 1;
        for (const need of claim.needs) {
          const broken = unmet(need, match, before);
          if (broken) found(broken.rule, `"${match[0]}": ${broken.why}`);
        }
      }
    }
    for (const term of input.countryTerms) {
      if (term.country === country) continue;
      if (term.pattern.test(texts[term.script]))
        found(
          'OTHER_COUNTRY_DETAIL',
          `${term.country} ${term.label} in a message to a ${country} customer`,
        );
    }
    if (country !== 'CN') {
      for (const word of CHINA_ONLY_TERMS) {
        const script = scriptOf(word);
        if (termPattern(word).test(texts[script]))
          found('OTHER_COUNTRY_DETAIL', `CN "${word}" in a message to a ${country} customer`);
      }
    }
  }
  return { read: input.sent.length, claims, readBy, findings };
}

/** The account's contacts in the message's cycle that came before it went out. */
function contactsBefore(
  input: ContentCheckInput,
  messageId: string,
  release: { readonly accountId: string; readonly cycleId: string },
): Contact[] {
  const sent = input.sendTimes.get(messageId) ?? { at: Infinity, seq: Infinity };
  return input.contacts.filter(
    (c) =>
      c.accountId === release.accountId &&
      c.messageId !== messageId &&
      (c.cycleId === undefined || c.cycleId === release.cycleId) &&
      (c.at < sent.at || (c.at === sent.at && c.seq < sent.seq)),
  );
}

function unmet(
  need: ClaimNeed,
  match: RegExpExecArray,
  before: readonly Contact[],
): { rule: ContentRule; why: string } | undefined {
  const calls = before.filter((c) => c.channel === 'agent-call');
  switch (need) {
    case 'call-attempted':
      return calls.length > 0
        ? undefined
        : { rule: 'CALL_NOT_MADE', why: 'no call reported before it' };
    case 'call-unanswered':
      return calls.some((c) => c.reached)
        ? { rule: 'CALL_ANSWERED', why: 'a call before it reached the customer' }
        : undefined;
    case 'contacted-twice':
      return before.length >= 2
        ? undefined
        : { rule: 'TOO_FEW_CONTACTS', why: `${before.length} earlier contact(s) in the cycle` };
    case 'channels-used': {
      const list = match[1] ?? '';
      const used = new Set(before.map((c) => c.channel));
      const missing = CHANNEL_WORDS.filter((w) => w.word.test(list) && !used.has(w.channel)).map(
        (w) => w.channel,
      );
      return missing.length === 0
        ? undefined
        : { rule: 'CHANNEL_NOT_USED', why: `not used before it: ${missing.join(', ')}` };
    }
  }
}

/**
 * A literal as a pattern over collapsed text: spaces match any spacing, letters whole words
 * only, case ignored; a run of digits (a phone, an account number) may be split by spaces or
 * hyphens anywhere, and may not touch another digit or letter.
 */
export function termPattern(term: string): RegExp {
  const digits = term.replace(/[\s-]/g, '');
  if (/^\+?\d{4,}$/.test(digits)) {
    const body = [...digits.replace('+', '')].join('[\\s-]?');
    return new RegExp(`(?<![0-9A-Za-z])${body}(?![0-9A-Za-z])`);
  }
  const escaped = term
    .trim()
    .split(/\s+/)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('\\s*');
  const start = /^\w/.test(term.trim()) ? '(?<![0-9A-Za-z])' : '';
  const end = /\w$/.test(term.trim()) ? '(?![0-9A-Za-z])' : '';
  return new RegExp(`${start}${escaped}${end}`, 'i');
}

/** "content check: N messages read, no finding", or the findings, one a line. */
export function contentCheckText(check: ContentCheck): string {
  const head = `content check: ${check.read} messages read`;
  const claims = `${check.claims} claims about earlier contacts among them`;
  if (check.findings.length === 0) return `${head}, no finding (${claims})`;
  return [
    `${head}, ${check.findings.length} finding(s) (${claims}):`,
    ...check.findings.map((f) => `  ${f.rule} ${f.messageId} (${f.accountId}): ${f.evidence}`),
  ].join('\n');
}

/** Which form of the text a literal is looked for in: Chinese without spaces, else collapsed. */
export function scriptOf(term: string): 'en' | 'zh' {
  return /[\u3000-\u9fff\uff00-\uffef]/.test(term) ? 'zh' : 'en';
}

/**
 * What the content check reads, each from its own source: the text the Twilio stand-in and the
 * SMTP catcher received and the letters in sealed print batches (read back with pdftotext), the
 * account histories from the observed topics, and each country's details from the sender
 * profiles in templates/senders.yaml, read as data (not through the renderer).
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import type { RunningStandIns } from '@kindly/stand-ins';
import type {
  Contact,
  ContentCheckInput,
  CountryTerm,
  Instant,
  SentContent,
} from './content-check.js';
import { scriptOf, termPattern } from './content-check.js';
import type { Observed } from './observer.js';

const run = promisify(execFile);

/** SMS bodies the stand-in accepted and e-mails the catcher received, by message id. */
export function standInContent(standIns: RunningStandIns): SentContent[] {
  const sent: SentContent[] = [];
  for (const request of standIns.twilio.createRequests()) {
    if (!request.form || request.responseStatus >= 300) continue;
    const one = (name: string) => {
      const value = request.form?.[name];
      return typeof value === 'string' ? value : value?.[0];
    };
    const callback = one('StatusCallback');
    const messageId = callback ? new URL(callback).searchParams.get('messageId') : null;
    sent.push({ messageId: messageId ?? `sid-unknown`, channel: 'sms', text: one('Body') ?? '' });
  }
  for (const mail of standIns.smtp.messages()) {
    if (mail.mailFrom === '') continue; // a DSN, not one of ours
    const messageId =
      mail.header('X-Kindly-Message-Id') ??
      /^<([^@>]+)@/.exec(mail.header('Message-ID') ?? '')?.[1] ??
      'mail-unknown';
    const { subject, text, html } = mail.parsed;
    const parts = [subject ?? '', text ?? '', typeof html === 'string' ? html : ''];
    // Where the mail says it is from and where to unsubscribe: contact details too.
    parts.push(mail.header('From') ?? '', mail.header('List-Unsubscribe') ?? '');
    sent.push({ messageId, channel: 'email', text: parts.join('\n') });
  }
  return sent;
}

/** The letters in sealed batches (`<messageId>.pdf`), read back with pdftotext. */
export async function letterContent(outbox: string): Promise<SentContent[]> {
  if (!existsSync(outbox)) return [];
  const files: { messageId: string; file: string }[] = [];
  for (const entry of readdirSync(outbox, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
    if (entry.name.endsWith('.open') || entry.name.includes('.recovering-')) continue;
    for (const file of readdirSync(join(outbox, entry.name))) {
      if (file.endsWith('.pdf'))
        files.push({
          messageId: file.slice(0, -'.pdf'.length),
          file: join(outbox, entry.name, file),
        });
    }
  }
  const letters: SentContent[] = [];
  for (const { messageId, file } of files) {
    // Throws when pdftotext is missing: a letter that cannot be read is not a letter checked.
    const { stdout } = await run('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
    letters.push({ messageId, channel: 'letter', text: stdout });
  }
  return letters;
}

/** The histories: releases, contacts, send times and jurisdictions, from the observed topics. */
export function historyFacts(
  observed: Observed,
  audit: readonly { readonly messageId: string; readonly at: string }[],
): Omit<ContentCheckInput, 'sent' | 'countryTerms'> {
  const t = observed.byType;
  const released = new Map<string, { accountId: string; cycleId: string }>();
  for (const e of t['outreach.released'])
    released.set(e.payload.messageId, {
      accountId: e.payload.accountId,
      cycleId: e.payload.cycleId,
    });
  const contacts: Contact[] = [];
  const sendTimes = new Map<string, Instant>();
  const seen = new Set<string>();
  t['delivery.outcome'].forEach((e, seq) => {
    const p = e.payload;
    const isCall = p.channel === 'agent-call';
    // A message counts once a provider took it; a call once an agent reported it, whatever came of it.
    if (!isCall && p.status !== 'accepted') return;
    const key = isCall ? `${p.messageId}#${p.attempt}` : p.messageId;
    if (seen.has(key)) return;
    seen.add(key);
    const at = Date.parse(p.at);
    const cycleId = released.get(p.messageId)?.cycleId;
    contacts.push({
      accountId: p.accountId,
      messageId: p.messageId,
      ...(cycleId === undefined ? {} : { cycleId }),
      channel: p.channel,
      reached: isCall && p.status === 'delivered',
      at,
      seq,
    });
    if (!isCall) sendTimes.set(p.messageId, { at, seq });
  });
  for (const record of audit) {
    if (!sendTimes.has(record.messageId))
      sendTimes.set(record.messageId, { at: Date.parse(record.at), seq: Infinity });
  }
  const jurisdictions = new Map<string, string>();
  const latest = new Map<string, string>();
  for (const e of t['contact.updated']) {
    if ((latest.get(e.payload.accountId) ?? '') > e.occurredAt) continue;
    latest.set(e.payload.accountId, e.occurredAt);
    jurisdictions.set(e.payload.accountId, e.payload.jurisdiction);
  }
  return { released, contacts, sendTimes, jurisdictions };
}

/** templates/senders.yaml, found from here upwards (source and build alike). */
export function sendersFile(from = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const file = join(dir, 'templates', 'senders.yaml');
    if (existsSync(file)) return file;
    if (dirname(dir) === dir) throw new Error('templates/senders.yaml not found');
  }
}

type Profile = Record<string, unknown>;

/**
 * Each country's own details from the sender profiles, as data: phone numbers, account numbers
 * and sort codes, the distinctive payment methods, bank and account names, the time zone's
 * name, host names and the return address. A detail that another country's profile also has
 * (the bank's name, "Customer Service") belongs to no one country and is left out.
 */
export function countryTerms(yamlText: string): CountryTerm[] {
  const doc = parse(yamlText) as {
    senders: Record<string, { jurisdictions: Record<string, Profile> }>;
  };
  const raw: { country: string; label: string; value: string }[] = [];
  for (const tenant of Object.values(doc.senders)) {
    for (const [country, profile] of Object.entries(tenant.jurisdictions)) {
      const add = (label: string, value: unknown) => {
        for (const v of values(value)) raw.push({ country, label, value: v });
      };
      add('phone number', profile['phone']);
      add('time zone name', (profile['hours'] as Profile | undefined)?.['zoneName']);
      add('return address', profile['returnAddress']);
      for (const key of ['website', 'email'])
        add('web or mail domain', values(profile[key]).flatMap(hostOf));
      const payment = (profile['payment'] ?? {}) as Profile;
      add('payment link domain', values(payment['linkBase']).flatMap(hostOf));
      for (const method of (payment['methods'] ?? []) as Profile[]) {
        const kind = String(method['kind']);
        add(`payment method ${kind}`, METHOD_WORDS[kind] ?? []);
        add('payment phone number', method['number']);
        add('bank account number', method['accountNumber']);
        add('sort code', method['sortCode'] === undefined ? [] : [method['sortCode'], 'sort code']);
        add('bank name', method['bankName']);
        add('payment account name', method['accountName']);
        if (method['fasterPayments'] === true) add('payment method', 'Faster Payments');
      }
    }
  }
  const terms: CountryTerm[] = [];
  for (const { country, label, value } of raw) {
    const pattern = termPattern(value);
    const shared = raw.some((o) => o.country !== country && pattern.test(o.value));
    const script = scriptOf(value);
    if (!shared && !terms.some((t) => t.country === country && t.pattern.source === pattern.source))
      terms.push({ country, label, pattern, script });
  }
  return terms;
}

/** Words that name a payment method only some countries offer. */
const METHOD_WORDS: Readonly<Record<string, readonly string[]>> = {
  alipay: ['Alipay', '支付宝'],
  'wechat-pay': ['WeChat', '微信'],
  ach: ['ACH'],
};

function values(value: unknown): string[] {
  if (typeof value === 'string') return value.trim() === '' ? [] : [value];
  if (Array.isArray(value)) return value.flatMap(values);
  if (value && typeof value === 'object') return Object.values(value).flatMap(values);
  return [];
}

function hostOf(value: string): string[] {
  if (value.includes('@')) return [value.split('@')[1] ?? ''];
  try {
    return [new URL(value).hostname];
  } catch {
    return [];
  }
}

/** Country terms from the repository's senders.yaml. */
export function loadCountryTerms(): CountryTerm[] {
  return countryTerms(readFileSync(sendersFile(), 'utf8'));
}

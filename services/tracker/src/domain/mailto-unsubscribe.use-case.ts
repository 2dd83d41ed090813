/**
 * The `mailto:` unsubscribe every e-mail advertises (RFC 2369 List-Unsubscribe, after the https
 * one): `<mailto:unsubscribe@…?subject=unsubscribe <reference> <purpose>/<messageId>/<signature>>`.
 * The subject carries the same signed tail as the one-click link, so a mail to the address is
 * honoured by the very same use case as the link. A mail without a validly signed tail is still
 * a person asking (a request that does not follow the stated instructions counts: Reg F
 * §1006.6(e), compliance.md §1.5), but anyone can write to the address and the From header proves
 * nothing, so it changes no consent by itself: it becomes a task on the agent desk, as a reply
 * in words by SMS does, for each tenant with an account that has the sender's address.
 */
import type { DateTime } from 'luxon';
import { deterministicId } from '@kindly/contracts';
import {
  contentTypeOf,
  decodedBody,
  headerOf,
  multipartParts,
  parseEntity,
  type MimeEntity,
} from './mime-entity.js';
import type { ReplyTaskStore } from './ports.js';
import { replyTaskId } from './reply-task.js';
import {
  unsubscribe,
  type UnsubscribeDeps,
  type UnsubscribeLink,
  type UnsubscribeResult,
} from './unsubscribe.use-case.js';
import { utcText } from './utc-text.js';

/** `<purpose>/<messageId>/<signature>`, the signature 22 base64url characters (the renderer's). */
const SIGNED_TAIL =
  /(?:^|[\s:[(])(servicing|marketing)\/([A-Za-z0-9][A-Za-z0-9._-]{0,99})\/([A-Za-z0-9_-]{22})(?![A-Za-z0-9_-])/;

/** The signed tail in a mail's Subject (a reply may prefix `Re:`), if there is one. */
export function unsubscribeLinkOf(raw: string): UnsubscribeLink | undefined {
  // Cut at a line's length (RFC 5322: 998): anyone may write here, and ours is far shorter.
  const subject = (headerOf(parseEntity(raw).headers, 'subject') ?? '').slice(0, 998);
  const match = SIGNED_TAIL.exec(subject);
  if (!match) return undefined;
  const [, purpose = '', messageId = '', signature = ''] = match;
  return { purpose, messageId, signature };
}

export interface MailtoUnsubscribeDeps extends UnsubscribeDeps {
  /** The agent desk's tasks (the SMS replies' store). */
  readonly tasks: ReplyTaskStore;
}

/** A mail the link could not act on: left for an agent (`task`), or nobody's (`none`). */
export interface LeftForAnAgent {
  readonly kind: 'no-token' | 'forbidden' | 'unknown-message';
  readonly task: 'created' | 'exists' | 'none';
  /** Accounts with the sender's address, on the tasks. */
  readonly accounts: number;
}

export type MailtoUnsubscribeResult =
  Exclude<UnsubscribeResult, { readonly kind: LeftForAnAgent['kind'] }> | LeftForAnAgent;

/**
 * A mail to the unsubscribe address: the one-click unsubscribe for the link its subject names.
 * `no-token`, `forbidden` (a signature that is not the renderer's) and `unknown-message` change
 * no consent and become desk tasks; the entry points acknowledge them (a person wrote, and no
 * answer would help) and count them.
 */
export async function unsubscribeByMail(
  deps: MailtoUnsubscribeDeps,
  raw: string,
  now: DateTime,
): Promise<MailtoUnsubscribeResult> {
  const link = unsubscribeLinkOf(raw);
  const result = link ? await unsubscribe(deps, link, now) : { kind: 'no-token' as const };
  if (
    result.kind === 'no-token' ||
    result.kind === 'forbidden' ||
    result.kind === 'unknown-message'
  )
    return { kind: result.kind, ...(await leaveForAnAgent(deps, raw, now)) };
  return result;
}

/** Room for a subject and a few paragraphs; the rest of a long mail is not the request. */
const MAX_TASK_TEXT = 2000;

/**
 * A task per tenant with an account that has the sender's address: the subject and the plain
 * text as written, kept in the desk's store and never logged. A sender no tenant knows is
 * nobody's customer: no task.
 */
async function leaveForAnAgent(
  deps: MailtoUnsubscribeDeps,
  raw: string,
  now: DateTime,
): Promise<Omit<LeftForAnAgent, 'kind'>> {
  const mail = parseEntity(raw);
  const from = senderOf(headerOf(mail.headers, 'from'));
  if (!from) return { task: 'none', accounts: 0 };
  const accounts = await deps.directory.withEmail(from);
  const subject = (headerOf(mail.headers, 'subject') ?? '').slice(0, 998);
  const text = [subject, plainTextOf(mail)].join('\n\n').trim().slice(0, MAX_TASK_TEXT);
  // The same mail again (an MTA's retry, the same request sent twice) is the same task, whatever
  // headers the relays on the way added.
  const inboundId = `mail-${deterministicId('mailto-unsubscribe', from.toLowerCase(), text)}`;
  const created: boolean[] = [];
  for (const tenantId of new Set(accounts.map((known) => known.tenantId))) {
    created.push(
      await deps.tasks.create({
        taskId: replyTaskId(tenantId, inboundId),
        tenantId,
        accountIds: accounts
          .filter((known) => known.tenantId === tenantId)
          .map((known) => known.accountId),
        category: 'other',
        text,
        locale: /\p{Script=Han}/u.test(text) ? 'zh-CN' : 'en-US',
        inboundId,
        // The desk tells replies apart by this; an address's domain is enough to, not to write.
        maskedFrom: `•••@${from.slice(from.lastIndexOf('@') + 1)}`,
        receivedAt: utcText(now),
        status: 'open',
      }),
    );
  }
  if (created.length === 0) return { task: 'none', accounts: 0 };
  return { task: created.some(Boolean) ? 'created' : 'exists', accounts: accounts.length };
}

/** `Jane <jane@example.com>` or `jane@example.com`, cut at a line's length first. */
function senderOf(value: string | undefined): string | undefined {
  const text = value?.slice(0, 998) ?? '';
  const address = /<([^<>\s@]{1,64}@[^<>\s@]{1,255})>/.exec(text)?.[1] ?? text.trim();
  return /^[^<>\s@]{1,64}@[^<>\s@]{1,255}$/.test(address) ? address : undefined;
}

/** The mail's text/plain body, or its first text/plain part. */
function plainTextOf(mail: MimeEntity): string {
  const type = contentTypeOf(mail);
  if (type.mediaType === 'text/plain') return decodedBody(mail);
  const boundary = type.params.get('boundary');
  if (!type.mediaType.startsWith('multipart/') || !boundary) return '';
  const part = multipartParts(mail, boundary).find(
    (p) => contentTypeOf(p).mediaType === 'text/plain',
  );
  return part ? decodedBody(part) : '';
}

/**
 * A kept message's content, opened for a person allowed to read it (the operator API's content
 * route): the account's latest `outreach.rendered` record of the message, its sealed evidence
 * opened with the evidence keys, and refused when the opened content is not the one the chained
 * record's digest holds (content re-sealed after the fact: `tampered`, with nothing of it). The
 * caller records the viewing.
 */
import type { Db } from '@kindly/mongo';
import {
  AUDIT_RECORDS,
  type AuditRecordDocument,
} from '../data-access/audit-records.repository.js';
import { AUDIT_EVIDENCE, type EvidenceDocument } from '../data-access/evidence.repository.js';
import { hashOf } from '../domain/canonical-hash.js';
import type { KeyEncryptionKeys } from '../domain/evidence-cipher.js';
import { sealedContentReader } from './sealed-content.js';

export type MessageContent =
  | { readonly found: false }
  /** The record is kept but retention removed its body and evidence. */
  | { readonly found: true; readonly expired: true }
  /**
   * The opened content is not the one the chained record's digest holds: the evidence was
   * changed after the fact. Nothing of it is returned.
   */
  | { readonly found: true; readonly expired: false; readonly tampered: true }
  | {
      readonly found: true;
      readonly expired: false;
      readonly tampered: false;
      readonly channel: string;
      /** When it was rendered (UTC ISO). */
      readonly renderedAt: string;
      /** The rendered content as it was sent: the SMS text, the e-mail's subject, text and HTML. */
      readonly content: unknown;
    };

export async function messageContentIn(
  db: Db,
  keys: KeyEncryptionKeys,
  where: { readonly tenantId: string; readonly accountId: string; readonly messageId: string },
): Promise<MessageContent> {
  // The message id is fixed per account, cycle, stage and channel: a re-render keeps it, and
  // the latest rendering is what was sent last.
  const record = await db
    .collection<AuditRecordDocument>(AUDIT_RECORDS)
    .find({ ...where, type: 'outreach.rendered' })
    .sort({ seq: -1 })
    .limit(1)
    .next();
  if (record === null) return { found: false };
  const evidence = record.body?.evidence;
  if (record.body === undefined || evidence === undefined) return { found: true, expired: true };
  const store = db.collection<EvidenceDocument>(AUDIT_EVIDENCE);
  const content = await sealedContentReader(
    keys,
    async (id) =>
      (await store.findOne({ _id: id, tenantId: where.tenantId, accountId: where.accountId })) ??
      undefined,
  )(evidence.id);
  if (evidence.contentDigest !== undefined && hashOf(content) !== evidence.contentDigest) {
    return { found: true, expired: false, tampered: true };
  }
  return {
    found: true,
    expired: false,
    tampered: false,
    channel: record.channel ?? 'unknown',
    renderedAt: record.occurredAtDate.toISOString(),
    content,
  };
}

import type { Db, Filter } from '@kindly/mongo';
import type { AuditQuery, AuditSearch } from '../domain/audit-query.js';
import { AUDIT_RECORDS, type AuditRecordDocument } from './audit-records.repository.js';

/** Queries over the kept records, by the copies and the body's fields; in chain order. */
export function createAuditSearch(db: Db): AuditSearch {
  const records = db.collection<AuditRecordDocument>(AUDIT_RECORDS);
  return {
    async *find(query: AuditQuery) {
      const and: Filter<AuditRecordDocument>[] = [];
      if (query.tenantId) and.push({ tenantId: query.tenantId });
      if (query.accountId) and.push({ accountId: query.accountId });
      if (query.addressKey) and.push({ addressKeys: query.addressKey });
      if (query.channel) and.push({ channel: query.channel });
      if (query.type) and.push({ type: query.type });
      if (query.from) and.push({ occurredAtDate: { $gte: new Date(query.from) } });
      if (query.to) and.push({ occurredAtDate: { $lt: new Date(query.to) } });
      if (query.templateId) and.push({ 'body.payload.templateId': query.templateId });
      if (query.campaignId) and.push({ 'body.payload.campaignId': query.campaignId });
      if (query.status) and.push({ 'body.payload.status': query.status });
      // A suppression's reasons and a plan's are arrays of codes: equality matches an element.
      if (query.rule) and.push({ 'body.payload.reasons': query.rule });
      const cursor = records
        .find(and.length > 0 ? { $and: and } : {})
        .sort({ tenantId: 1, accountId: 1, seq: 1 })
        .limit(query.limit > 0 ? query.limit : 0)
        .batchSize(2_000);
      for await (const doc of cursor) {
        yield {
          tenantId: doc.tenantId,
          accountId: doc.accountId,
          seq: doc.seq,
          recordedAt: doc.recordedAt,
          prevHash: doc.prevHash,
          bodyHash: doc.bodyHash,
          hash: doc.hash,
          ...(doc.body ? { body: doc.body } : {}),
        };
      }
    },
  };
}

import type { Db } from '@kindly/mongo';
import type {
  AccountRetentionFacts,
  InactiveAccount,
  RetentionStore,
} from '../domain/expire-accounts.use-case.js';
import { AUDIT_RECORDS, type AuditRecordDocument } from './audit-records.repository.js';
import { AUDIT_EVIDENCE } from './evidence.repository.js';
import { AUDIT_HOLDS, type HoldDocument } from './holds.repository.js';

/**
 * What retention reads and removes. The inactive accounts come from one aggregation over the
 * records (a daily job's scan, `$group` and `$max`: both local servers and MongoDB run it).
 */
export function createRetentionRepository(db: Db): RetentionStore {
  const records = db.collection<AuditRecordDocument>(AUDIT_RECORDS);
  const holds = db.collection<HoldDocument>(AUDIT_HOLDS);
  return {
    async inactiveAccounts(before, limit) {
      const groups = await records
        .aggregate<{ _id: { tenantId: string; accountId: string }; last: Date }>([
          {
            $group: {
              _id: { tenantId: '$tenantId', accountId: '$accountId' },
              last: { $max: '$recordedAtDate' },
            },
          },
          { $match: { last: { $lt: before } } },
          { $sort: { last: 1 } },
          { $limit: limit },
        ])
        .toArray();
      return groups.map((g): InactiveAccount => ({ ...g._id, lastRecordedAt: new Date(g.last) }));
    },
    async facts(tenantId, accountId): Promise<AccountRetentionFacts> {
      const last = await records
        .find({ tenantId, accountId }, { projection: { seq: 1, type: 1 } })
        .sort({ seq: -1 })
        .limit(1)
        .next();
      const contact = await records
        .find(
          { tenantId, accountId, type: 'contact.updated' },
          { projection: { 'body.payload.jurisdiction': 1, seq: 1 } },
        )
        .sort({ seq: -1 })
        .limit(1)
        .next();
      const planned = await records
        .find(
          { tenantId, accountId, type: 'outreach.planned' },
          { projection: { 'body.payload.purpose': 1 } },
        )
        .toArray();
      const purposes = new Set<'servicing' | 'marketing'>();
      for (const r of planned) {
        const purpose = (r.body?.payload as { purpose?: unknown } | undefined)?.purpose;
        if (purpose === 'servicing' || purpose === 'marketing') purposes.add(purpose);
      }
      const jurisdiction = (contact?.body?.payload as { jurisdiction?: unknown } | undefined)
        ?.jurisdiction;
      const held = await holds.findOne({ _id: `${tenantId}:${accountId}` });
      return {
        jurisdiction: typeof jurisdiction === 'string' ? jurisdiction : undefined,
        purposes: [...purposes],
        lastSeq: last?.seq ?? 0,
        expired: last?.type === 'audit.expired',
        held: held !== null,
      };
    },
    async removeBodies(tenantId, accountId, throughSeq, at) {
      await records.updateMany(
        { tenantId, accountId, seq: { $lte: throughSeq }, body: { $exists: true } },
        { $unset: { body: '', addressKeys: '' }, $set: { expiredAt: at } },
      );
      await db.collection(AUDIT_EVIDENCE).deleteMany({ tenantId, accountId });
    },
  };
}

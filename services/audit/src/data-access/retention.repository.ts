import type { Db } from '@kindly/mongo';
import { accountDocId } from './account-key.js';
import type {
  AccountRetentionFacts,
  InactiveAccount,
  RetentionStore,
} from '../domain/expire-accounts.use-case.js';
import {
  AUDIT_ACCOUNTS,
  AUDIT_RECORDS,
  type AccountSummaryDocument,
  type AuditRecordDocument,
} from './audit-records.repository.js';
import { AUDIT_EVIDENCE } from './evidence.repository.js';
import { AUDIT_HOLDS, type HoldDocument } from './holds.repository.js';

/**
 * What retention reads and removes. Inactive accounts come from the account summaries (by when
 * each account's last record was kept); the facts of one come from its own records.
 */
export function createRetentionRepository(db: Db): RetentionStore {
  const records = db.collection<AuditRecordDocument>(AUDIT_RECORDS);
  const holds = db.collection<HoldDocument>(AUDIT_HOLDS);
  const summaries = db.collection<AccountSummaryDocument>(AUDIT_ACCOUNTS);
  return {
    async inactiveAccounts(before, limit) {
      const found = await summaries
        .find({ lastRecordedAtDate: { $lt: before }, expiredAt: { $exists: false } })
        .sort({ lastRecordedAtDate: 1 })
        .limit(limit)
        .toArray();
      return found.map((s): InactiveAccount => ({
        tenantId: s.tenantId,
        accountId: s.accountId,
        lastRecordedAt: s.lastRecordedAtDate,
      }));
    },
    async facts(tenantId, accountId): Promise<AccountRetentionFacts> {
      const last = await records
        .find({ tenantId, accountId }, { projection: { seq: 1, type: 1, recordedAtDate: 1 } })
        .sort({ seq: -1 })
        .limit(1)
        .next();
      const contact = await records
        .find({ tenantId, accountId, type: 'contact.updated' }, { projection: { body: 1, seq: 1 } })
        .sort({ seq: -1 })
        .limit(1)
        .next();
      const planned = await records
        .find({ tenantId, accountId, type: 'outreach.planned' }, { projection: { body: 1 } })
        .toArray();
      const purposes = new Set<'servicing' | 'marketing'>();
      for (const r of planned) {
        const purpose = (r.body?.payload as { purpose?: unknown } | undefined)?.purpose;
        if (purpose === 'servicing' || purpose === 'marketing') purposes.add(purpose);
      }
      const jurisdiction = (contact?.body?.payload as { jurisdiction?: unknown } | undefined)
        ?.jurisdiction;
      const held = await holds.findOne({ _id: accountDocId(tenantId, accountId) });
      return {
        jurisdiction: typeof jurisdiction === 'string' ? jurisdiction : undefined,
        purposes: [...purposes],
        lastSeq: last?.seq ?? 0,
        lastRecordedAt: last?.recordedAtDate ?? new Date(0),
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
      await summaries.updateOne(
        { _id: accountDocId(tenantId, accountId) },
        { $set: { expiredAt: at } },
      );
    },
  };
}

import type { Db, Filter } from '@kindly/mongo';
import { AUDIT_OWN_TYPES, NOT_ACTIVITY } from '../domain/account-chain-rules.js';
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
  const summaryOf = (tenantId: string, accountId: string) => ({
    _id: accountDocId(tenantId, accountId),
  });
  return {
    async inactiveAccounts(before, now, limit) {
      const found = await summaries
        .find({
          lastRecordedAtDate: { $lt: before },
          expiredAt: { $exists: false },
          $or: [{ reviewAt: { $exists: false } }, { reviewAt: { $lte: now } }],
        })
        .sort({ lastRecordedAtDate: 1 })
        .limit(limit)
        .toArray();
      return found.map((s): InactiveAccount => ({ tenantId: s.tenantId, accountId: s.accountId }));
    },
    async facts(tenantId, accountId): Promise<AccountRetentionFacts> {
      const latest = (filter: Filter<AuditRecordDocument>) =>
        records
          .find({ tenantId, accountId, ...filter }, { projection: { addressKeys: 0 } })
          .sort({ seq: -1 })
          .limit(1)
          .next();
      const last = await latest({});
      const activity = await latest({ type: { $nin: [...NOT_ACTIVITY] } });
      const contact = await latest({ type: 'contact.updated' });
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
      return {
        jurisdiction: typeof jurisdiction === 'string' ? jurisdiction : undefined,
        purposes: [...purposes],
        lastSeq: last?.seq ?? 0,
        lastActivityAt: activity?.recordedAtDate,
        expired: last?.type === 'audit.expired',
        held: await this.held(tenantId, accountId),
      };
    },
    async held(tenantId, accountId) {
      return (await holds.countDocuments({ tenantId, accountId })) > 0;
    },
    async postpone(tenantId, accountId, until) {
      await summaries.updateOne(summaryOf(tenantId, accountId), { $set: { reviewAt: until } });
    },
    async removeBodies(tenantId, accountId, throughSeq, at) {
      // The evidence of the rendered messages being expired (its id is the record's), not of
      // any appended since the facts were read.
      const rendered = await records
        .find(
          { tenantId, accountId, type: 'outreach.rendered', seq: { $lte: throughSeq } },
          { projection: { _id: 1 } },
        )
        .toArray();
      // The audit's own records (holds, expiries) hold no personal data and stay whole, so that
      // verification can always see which holds were in place.
      await records.updateMany(
        {
          tenantId,
          accountId,
          seq: { $lte: throughSeq },
          body: { $exists: true },
          type: { $nin: [...AUDIT_OWN_TYPES] },
        },
        { $unset: { body: '', addressKeys: '' }, $set: { expiredAt: at } },
      );
      for (let i = 0; i < rendered.length; i += 1_000) {
        const ids = rendered.slice(i, i + 1_000).map((r) => r._id);
        await db.collection<{ _id: string }>(AUDIT_EVIDENCE).deleteMany({ _id: { $in: ids } });
      }
    },
    async markExpired(tenantId, accountId, at) {
      await summaries.updateOne(summaryOf(tenantId, accountId), { $set: { expiredAt: at } });
    },
  };
}

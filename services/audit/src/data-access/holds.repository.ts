import type { Db } from '@kindly/mongo';
import { accountDocId } from './account-key.js';

export const AUDIT_HOLDS = 'audit-holds';

/** A legal hold on an account (`_id`: accountDocId): retention leaves it alone while it lasts. */
export interface HoldDocument {
  _id: string;
  tenantId: string;
  accountId: string;
  by: string;
  reason: string;
  placedAt: Date;
}

export function createHoldRepository(db: Db) {
  const holds = db.collection<HoldDocument>(AUDIT_HOLDS);
  return {
    async place(hold: Omit<HoldDocument, '_id'>): Promise<void> {
      await holds.updateOne(
        { _id: accountDocId(hold.tenantId, hold.accountId) },
        { $setOnInsert: hold },
        { upsert: true },
      );
    },
    async lift(tenantId: string, accountId: string): Promise<boolean> {
      return (await holds.deleteOne({ _id: accountDocId(tenantId, accountId) })).deletedCount === 1;
    },
    async list(): Promise<HoldDocument[]> {
      return holds.find().sort({ _id: 1 }).toArray();
    },
  };
}

import type { Db } from '@kindly/mongo';
import { accountDocId } from './account-key.js';

export const AUDIT_HOLDS = 'audit-holds';

/**
 * A legal hold on an account for one matter (`_id`: the account's id, a space, the matter): the
 * account is held while any matter holds it, so lifting one matter's hold leaves the others.
 */
export interface HoldDocument {
  _id: string;
  tenantId: string;
  accountId: string;
  /** A case or matter reference, never free text. */
  matter: string;
  /** The operator's id, never a name. */
  by: string;
  placedAt: Date;
}

export function createHoldRepository(db: Db) {
  const holds = db.collection<HoldDocument>(AUDIT_HOLDS);
  const idOf = (tenantId: string, accountId: string, matter: string) =>
    `${accountDocId(tenantId, accountId)} ${matter}`;
  return {
    /** False when that matter already held the account. */
    async place(hold: Omit<HoldDocument, '_id'>): Promise<boolean> {
      const result = await holds.updateOne(
        { _id: idOf(hold.tenantId, hold.accountId, hold.matter) },
        { $setOnInsert: hold },
        { upsert: true },
      );
      return result.upsertedCount === 1;
    },
    /** False when that matter held nothing. */
    async lift(tenantId: string, accountId: string, matter: string): Promise<boolean> {
      const result = await holds.deleteOne({ _id: idOf(tenantId, accountId, matter) });
      return result.deletedCount === 1;
    },
    async list(): Promise<HoldDocument[]> {
      return holds.find().sort({ _id: 1 }).toArray();
    },
  };
}

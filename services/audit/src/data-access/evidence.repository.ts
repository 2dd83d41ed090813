import { createBatchedInserts, type Db } from '@kindly/mongo';
import type { SealedEvidence } from '../domain/evidence-cipher.js';
import type { EvidenceStore } from '../domain/ports.js';

export const AUDIT_EVIDENCE = 'audit-evidence';

/** The content of a rendered message, sealed (`_id`: the rendered event's id). */
export interface EvidenceDocument extends SealedEvidence {
  _id: string;
  tenantId: string;
  accountId: string;
  contentHash: string;
}

export function createEvidenceRepository(db: Db): EvidenceStore {
  const inserts = createBatchedInserts(db.collection<EvidenceDocument>(AUDIT_EVIDENCE));
  return {
    async put({ id, tenantId, accountId, contentHash, sealed }) {
      // A duplicate is the same rendered event kept before: its first sealing stands.
      await inserts.insertOne({ _id: id, tenantId, accountId, contentHash, ...sealed });
    },
  };
}

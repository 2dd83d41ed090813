/** What the audit's domain needs from storage: nothing here knows MongoDB. */
import type { ChainedRecord } from './audit-chain.js';
import type { Anchor, PeriodHashes } from './anchors.js';
import type { AuditBody } from './audit-body.js';
import type { SealedEvidence } from './evidence-cipher.js';

export type AuditRecord = ChainedRecord<AuditBody> & {
  /** Every address key the body names (a query by address). */
  readonly addressKeys: readonly string[];
};

export interface ChainEnd {
  readonly seq: number;
  readonly hash: string;
  readonly recordedAt: string;
}

export interface AppendResult {
  readonly outcome: 'appended' | 'duplicate';
  readonly seq: number;
}

export interface AuditStore {
  /** Whether this event is in the audit already. */
  has(eventId: string): Promise<boolean>;
  /** The end of an account's chain (undefined: no record yet). */
  chainEnd(tenantId: string, accountId: string): Promise<ChainEnd | undefined>;
  /**
   * Where the anchored periods end (ms; 0 before the first anchor), possibly a few seconds old:
   * nothing may be stamped earlier, or it would fall into a period already anchored.
   */
  anchoredUntil(): Promise<number>;
  /**
   * Writes a record at its sequence number. `taken`: another record holds that number (another
   * writer appended first); `duplicate`: this event is there already.
   */
  insert(eventId: string, record: AuditRecord): Promise<'inserted' | 'taken' | 'duplicate'>;
}

export interface EvidenceStore {
  /** Keeps sealed content once (a second put of the same id is a no-op). */
  put(evidence: {
    readonly id: string;
    readonly tenantId: string;
    readonly accountId: string;
    readonly contentHash: string;
    readonly sealed: SealedEvidence;
  }): Promise<void>;
}

export interface AnchorStore {
  last(): Promise<Anchor | undefined>;
  /** False when another writer anchored that sequence number first. */
  insert(anchor: Anchor): Promise<boolean>;
  /** When the earliest record was recorded (ms), if any. */
  firstRecordAt(): Promise<number | undefined>;
  /** The hashes of the records kept in [start, end), streamed in time and id order. */
  recordHashesIn(period: { readonly start: number; readonly end: number }): PeriodHashes;
}

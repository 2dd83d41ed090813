/**
 * Keeps one event in the audit: its body (personal data keyed, content sealed into the evidence
 * store) appended to the account's chain. Idempotent: an event already kept is a duplicate. Two
 * writers appending to one account at once (events of one account arrive on several topics) meet
 * at the unique sequence number; the loser reads the new end and appends after it.
 */
import type { AnyEvent } from '@kindly/contracts';
import { AppError } from '@kindly/errors';
import { chainNext } from './audit-chain.js';
import { keepEvent, type AuditBody } from './audit-body.js';
import type { AddressKeyer } from './address-keys.js';
import { canonicalJson } from './canonical-hash.js';
import { seal, type KeyEncryptionKeys } from './evidence-cipher.js';
import type { AppendResult, AuditStore, EvidenceStore } from './ports.js';

export interface RecordEventDeps {
  readonly store: AuditStore;
  readonly evidence: EvidenceStore;
  readonly addressKey: AddressKeyer;
  readonly evidenceKeys: KeyEncryptionKeys;
  /** The audit's own clock, for `recordedAt` (wall time: anchors are by when records were kept). */
  readonly recordedNow: () => Date;
}

// Each round lost means another writer appended to this chain in between; one always wins.
const MAX_ROUNDS = 20;

export async function recordEvent(deps: RecordEventDeps, event: AnyEvent): Promise<AppendResult> {
  if (await deps.store.has(event.eventId)) return { outcome: 'duplicate', seq: 0 };
  const kept = keepEvent(event, deps.addressKey);
  const accountKey = { tenantId: event.tenantId, accountId: event.payload.accountId };
  if (kept.content !== undefined && kept.body.evidence) {
    await deps.evidence.put({
      id: kept.body.evidence.id,
      ...accountKey,
      contentHash: kept.body.evidence.contentHash,
      sealed: seal(
        deps.evidenceKeys,
        kept.body.evidence.id,
        Buffer.from(canonicalJson(kept.content)),
      ),
    });
  }
  return appendToChain(deps, accountKey, event.eventId, kept.body, kept.addressKeys);
}

/** Appends a body at the end of an account's chain, once per event id. */
export async function appendToChain(
  deps: Pick<RecordEventDeps, 'store' | 'recordedNow'>,
  accountKey: { readonly tenantId: string; readonly accountId: string },
  eventId: string,
  body: AuditBody,
  addressKeys: readonly string[],
): Promise<AppendResult> {
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const end = await deps.store.chainEnd(accountKey.tenantId, accountKey.accountId);
    // Never before the chain's end nor into a period already anchored: a writer whose clock is
    // behind stamps the earliest time that keeps the chain and the anchors true.
    const stamp = Math.max(
      deps.recordedNow().getTime(),
      end ? Date.parse(end.recordedAt) : 0,
      await deps.store.anchoredUntil(),
    );
    const record = chainNext(accountKey, body, new Date(stamp).toISOString(), end);
    const written = await deps.store.insert(eventId, { ...record, addressKeys });
    if (written === 'inserted') return { outcome: 'appended', seq: record.seq };
    if (written === 'duplicate') return { outcome: 'duplicate', seq: 0 };
  }
  throw new AppError('AUDIT_CONFLICT', 'the account’s audit chain kept changing', {
    retryable: true,
  });
}

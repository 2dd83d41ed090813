import type { Clock } from '@kindly/clock';
import type { MessageChannel, NumberCheck, OutreachRenderedV1 } from '@kindly/contracts';
import {
  createBatchedFinds,
  createBatchedInserts,
  createBatchedUpdates,
  isDuplicateKeyError,
  type Db,
} from '@kindly/mongo';
import type {
  ClaimExpectation,
  ClaimFields,
  DispatchRecord,
  DispatchState,
  DispatchStore,
} from '../domain/ports.js';
import type { FailureEffect } from '../domain/send-result.js';

export const DISPATCHES = 'dispatches';

/** One message's dispatch, keyed by its id. */
interface DispatchDocument {
  _id: string;
  tenantId: string;
  accountId: string;
  channel: MessageChannel;
  state: DispatchState;
  attempt: number;
  owner?: string;
  claimedAt?: Date;
  leaseUntil?: Date;
  to?: string;
  provider?: string;
  providerMessageId?: string;
  errorCode?: string;
  retryable?: boolean;
  effect?: FailureEffect;
  finishedAt?: string;
  /** SMS: the reassigned-numbers answer the attempt was sent or stopped on. */
  numberCheck?: NumberCheck;
  settled?: boolean;
  /** The message as rendered, from the claim until settled (recovery finishes with it). */
  rendered?: OutreachRenderedV1;
  /** Wall clock of the claim while claimed or final and not settled; unset when waiting or settled. */
  pendingSince?: Date;
  updatedAt: Date;
}

export interface DispatchRepositoryOptions {
  /** This replica's name, written on its claims. */
  readonly owner: string;
  /** How long a claim keeps other replicas away; longer than a provider call can take. */
  readonly leaseMs: number;
  /** Leases run on the wall clock, whatever clock the business runs on. */
  readonly wallClock: Clock;
}

/**
 * The `dispatches` collection: one document per message, `_id` = messageId, so a second claim of
 * a new message fails on the key. Every later write names the state, owner and attempt it
 * expects (a conditional single-document update, atomic on every supported server), so a replica
 * that lost its claim cannot overwrite what the new owner recorded.
 */
export function createDispatchRepository(
  db: Db,
  options: DispatchRepositoryOptions,
): DispatchStore {
  const dispatches = db.collection<DispatchDocument>(DISPATCHES);
  // Lookups by id and the settled marks go together with those of the other messages in hand.
  const reads = createBatchedFinds(dispatches);
  const updates = createBatchedUpdates(dispatches);
  const inserts = createBatchedInserts(dispatches);
  const { owner, leaseMs, wallClock } = options;
  const claimTimes = () => {
    const now = wallClock.now().toMillis();
    return {
      claimedAt: new Date(now),
      leaseUntil: new Date(now + leaseMs),
      updatedAt: new Date(now),
      pendingSince: new Date(now),
    };
  };
  const claimFields = (fields: ClaimFields) => ({
    tenantId: fields.tenantId,
    accountId: fields.accountId,
    channel: fields.channel,
    attempt: fields.attempt,
    state: 'sending' as const,
    owner,
    rendered: fields.rendered,
    ...claimTimes(),
    ...(fields.to !== undefined ? { to: fields.to } : {}),
    ...(fields.numberCheck !== undefined ? { numberCheck: fields.numberCheck } : {}),
  });

  return {
    async get(messageId) {
      const document = await reads.findById(messageId);
      return document ? toRecord(document) : undefined;
    },

    async claim(messageId, expected: ClaimExpectation, fields) {
      if (expected.state === 'new') {
        const document: DispatchDocument = { _id: messageId, ...claimFields(fields) };
        const inserted = await inserts.insertOne(document);
        return inserted === 'inserted' ? toRecord(document) : undefined;
      }
      const filter =
        expected.state === 'ready'
          ? { _id: messageId, state: 'ready' as const, attempt: expected.attempt }
          : {
              _id: messageId,
              state: 'sending' as const,
              owner: expected.owner,
              attempt: expected.attempt,
            };
      const document = await dispatches.findOneAndUpdate(
        filter,
        { $set: claimFields(fields) },
        { returnDocument: 'after' },
      );
      return document ? toRecord(document) : undefined;
    },

    async complete(messageId, attempt, completion) {
      const { matchedCount } = await dispatches.updateOne(
        { _id: messageId, state: 'sending', owner, attempt },
        {
          $set: { ...completion, updatedAt: new Date(wallClock.now().toMillis()) },
          // A message left to retry waits for the retry topic, not for recovery.
          $unset:
            completion.state === 'ready'
              ? { leaseUntil: '', pendingSince: '' }
              : { leaseUntil: '' },
        },
      );
      return matchedCount === 1;
    },

    async release(messageId, attempt) {
      await dispatches.updateOne(
        { _id: messageId, state: 'sending', owner, attempt },
        {
          $set: { state: 'ready', attempt: attempt - 1, updatedAt: new Date() },
          $unset: { leaseUntil: '', pendingSince: '' },
        },
      );
    },

    async markSettled(messageId) {
      await updates.updateOne(
        { _id: messageId },
        { $set: { settled: true }, $unset: { pendingSince: '', rendered: '' } },
      );
    },

    async pendingBefore(before, limit) {
      const documents = await dispatches
        .find({ pendingSince: { $lt: before } })
        .sort({ pendingSince: 1 })
        .limit(limit)
        .toArray();
      return documents.map(toRecord);
    },

    async oldestPending() {
      const [oldest] = await dispatches
        .find({ pendingSince: { $exists: true } }, { projection: { pendingSince: 1 } })
        .sort({ pendingSince: 1 })
        .limit(1)
        .toArray();
      return oldest?.pendingSince;
    },

    async cancel(messageId, fields) {
      try {
        await dispatches.insertOne({
          _id: messageId,
          tenantId: fields.tenantId,
          accountId: fields.accountId,
          channel: fields.channel,
          state: 'cancelled',
          attempt: 0,
          settled: true,
          updatedAt: new Date(wallClock.now().toMillis()),
        });
        return 'cancelled';
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
      }
      const waiting = await dispatches.findOneAndUpdate(
        { _id: messageId, state: 'ready' },
        { $set: { state: 'cancelled', settled: true, updatedAt: new Date() } },
        { returnDocument: 'after' },
      );
      if (waiting) return 'cancelled';
      const current = await dispatches.findOne({ _id: messageId });
      return current?.state === 'cancelled' ? 'cancelled' : 'too-late';
    },
  };
}

function toRecord(document: DispatchDocument): DispatchRecord {
  const { _id, updatedAt, pendingSince, ...rest } = document;
  return { messageId: _id, ...rest };
}

import { randomUUID } from 'node:crypto';
import type { Clock } from '@kindly/clock';
import {
  topicCatalog,
  type CancellationReason,
  type OutreachPlannedV1Payload,
} from '@kindly/contracts';
import {
  createBatchedInserts,
  isDuplicateKeyError,
  type Db,
  type Filter,
  type UpdateFilter,
} from '@kindly/mongo';
import { accountKey, type ScheduleStore, type Settlement } from '../domain/ports.js';
import type {
  ClaimedMessage,
  RecordedVerdict,
  ReleasedContact,
  ScheduledMessage,
  ScheduleState,
} from '../domain/scheduled-message.js';

export const SCHEDULED_MESSAGES = 'scheduled-messages';

/** One planned message, by its id. Times the queries compare are Dates; the rest ISO text. */
interface ScheduledDocument {
  _id: string;
  state: ScheduleState;
  tenantId: string;
  accountKey: string;
  cycleId?: string;
  stage?: number;
  campaign?: boolean;
  plan?: OutreachPlannedV1Payload;
  plannedEventId?: string;
  correlationId?: string;
  earliestSendAt?: string;
  latestSendAt?: string;
  reslots?: number;
  /** When a waiting message is due (its window's start): what the release rounds look for. */
  dueAt?: Date;
  leaseOwner?: string;
  /** Which claim round took it: a replica reads back the documents its own round won. */
  claimToken?: string;
  /** Wall-clock expiry of a claim. */
  leaseUntil?: Date;
  claims?: number;
  releasedAt?: Date;
  /** The replica that released it. */
  releasedBy?: string;
  releasedLatestSendAt?: string;
  cancelledAt?: string;
  reason?: CancellationReason;
  detail?: string;
  /** A cancellation that arrived before its plan. */
  remembered?: boolean;
  /**
   * The claim's verdict, recorded before it is published (the message's outbox): the event as
   * its JSON text, published again as it is by a replica that takes the claim over. Emptied when
   * the claim is settled.
   */
  outbox?: { kind: RecordedVerdict['kind']; event: string };
}

export interface ScheduleRepositoryOptions {
  /** This replica's name, written on its claims. */
  readonly owner: string;
  /** How long a claim holds before another replica may take it over. */
  readonly leaseMs: number;
  /** Leases run on the wall clock, whatever clock the business runs on. */
  readonly wallClock: Clock;
}

/**
 * The waiting room in MongoDB (`scheduled-messages`), one document per message keyed by its id,
 * so a plan is kept once however often it is delivered. Claims are `findOneAndUpdate` on a state
 * and a time, atomic on every supported server (MONGODB-SUBSET.md): of several replicas, exactly
 * one gets each message. Indexed by state and due time, state and lease expiry, and account.
 */
export function createScheduleRepository(
  db: Db,
  options: ScheduleRepositoryOptions,
): ScheduleStore & {
  countByState(now: Date): Promise<{ waiting: number; due: number; claimed: number }>;
  /** When the oldest claim still held or left behind was taken (wall clock). */
  oldestClaim(): Promise<Date | undefined>;
} {
  const messages = db.collection<ScheduledDocument>(SCHEDULED_MESSAGES);
  // Plans taken in at the same moment go as one insert.
  const inserts = createBatchedInserts(messages);
  const { owner, leaseMs, wallClock } = options;
  const leaseUntil = () => new Date(wallClock.now().toMillis() + leaseMs);

  /**
   * Claims up to `max` of the messages `filter` finds, in three commands whatever `max` is: one
   * query lists candidates (oldest first), one conditional multi-update claims those still
   * matching the filter under a fresh token (each document is claimed by exactly one replica: the
   * update of each is atomic, and a replica racing for the same candidates finds them claimed),
   * and one read by `_id` fetches what this replica won. The last two are served from the `_id`
   * index on every supported server.
   */
  const claimSome = async (
    filter: Filter<ScheduledDocument>,
    sort: Record<string, 1>,
    max: number,
    into: ClaimedMessage[],
    takenOver: boolean,
  ) => {
    if (max <= 0) return;
    const candidates = await messages
      .find(filter, { projection: { _id: 1 } })
      .sort(sort)
      .limit(max)
      .toArray();
    if (candidates.length === 0) return;
    const ids = candidates.map((c) => c._id);
    const claimToken = randomUUID();
    await messages.updateMany(
      { ...filter, _id: { $in: ids } },
      {
        $set: { state: 'claimed', leaseOwner: owner, leaseUntil: leaseUntil(), claimToken },
        $inc: { claims: 1 },
      },
    );
    // Still claimed by this round: a cancellation that landed meanwhile is not released.
    const won = await messages
      .find({ _id: { $in: ids }, claimToken, state: 'claimed', leaseOwner: owner })
      .sort(sort)
      .toArray();
    for (const document of won) {
      const message = toClaimed(document, takenOver);
      if (message) into.push(message);
    }
  };

  return {
    async accept(message) {
      const { plan } = message;
      const inserted = await inserts.insertOne({
        _id: plan.messageId,
        state: 'waiting',
        tenantId: message.tenantId,
        accountKey: accountKey(message.tenantId, plan.accountId),
        cycleId: plan.cycleId,
        stage: plan.stage,
        campaign: plan.campaignId !== undefined,
        plan,
        plannedEventId: message.plannedEventId,
        correlationId: message.correlationId,
        earliestSendAt: message.earliestSendAt,
        latestSendAt: message.latestSendAt,
        reslots: message.reslots,
        dueAt: new Date(message.earliestSendAt),
        claims: 0,
      });
      return inserted === 'inserted' ? 'accepted' : 'known';
    },

    async waitingBefore(tenantId, accountId, cycleId, stage) {
      const found = await messages
        .find({
          accountKey: accountKey(tenantId, accountId),
          state: 'waiting',
          cycleId,
          stage: { $lt: stage },
          campaign: false,
        })
        .toArray();
      return found.flatMap((d) => {
        const message = toMessage(d);
        return message ? [message] : [];
      });
    },

    async cancel(messageId, reason, at) {
      // A claim that recorded its verdict may have published it: that outcome is final.
      const { matchedCount } = await messages.updateOne(
        { _id: messageId, state: { $in: ['waiting', 'claimed'] }, outbox: { $exists: false } },
        {
          $set: { state: 'cancelled', reason, cancelledAt: at },
          $unset: { leaseOwner: '', leaseUntil: '', dueAt: '' },
        },
      );
      if (matchedCount === 1) return 'cancelled';
      if (await messages.findOne({ _id: messageId })) return 'final';
      try {
        await messages.insertOne({
          _id: messageId,
          state: 'cancelled',
          tenantId: '',
          accountKey: '',
          reason,
          cancelledAt: at,
          remembered: true,
        });
        return 'remembered';
      } catch (error) {
        // The plan arrived meanwhile: cancel it now that it is there.
        if (isDuplicateKeyError(error)) return this.cancel(messageId, reason, at);
        throw error;
      }
    },

    async claimDue(now, max) {
      const claimed: ClaimedMessage[] = [];
      // Claims whose replica died first: they were due before anything still waiting.
      await claimSome(
        { state: 'claimed', leaseUntil: { $lt: wallClock.now().toJSDate() } },
        { leaseUntil: 1 },
        max,
        claimed,
        true,
      );
      const taken = claimed.length;
      const waiting: ClaimedMessage[] = [];
      await claimSome(
        { state: 'waiting', dueAt: { $lte: new Date(now) } },
        { dueAt: 1 },
        max - taken,
        waiting,
        false,
      );
      return [...claimed, ...waiting];
    },

    async recordVerdicts(verdicts) {
      const recorded = new Set<string>();
      if (verdicts.length === 0) return recorded;
      const ids = verdicts.map(([message]) => message.plan.messageId);
      const result = await messages.bulkWrite(
        verdicts.map(([message, verdict]) => ({
          updateOne: {
            filter: {
              _id: message.plan.messageId,
              state: 'claimed',
              claimToken: message.claimToken,
            },
            update: {
              $set: { outbox: { kind: verdict.kind, event: JSON.stringify(verdict.event) } },
            },
          },
        })),
        { ordered: false },
      );
      if (result.matchedCount === verdicts.length) return new Set(ids);
      // Some claims were lost meanwhile: those still under this round's token took the verdict
      // (a token is fresh for each claim round, so still holding it means having held it).
      const tokens = new Map(verdicts.map(([m]) => [m.plan.messageId, m.claimToken]));
      const held = messages.find(
        { _id: { $in: ids }, state: 'claimed' },
        { projection: { claimToken: 1 } },
      );
      for await (const document of held) {
        if (document.claimToken === tokens.get(document._id)) recorded.add(document._id);
      }
      return recorded;
    },

    async settle(settlements) {
      if (settlements.length === 0) return 0;
      const result = await messages.bulkWrite(
        settlements.map(([messageId, settlement]) => ({
          updateOne: {
            filter: { _id: messageId, state: 'claimed', leaseOwner: owner },
            update: settlementUpdate(settlement, owner),
          },
        })),
        { ordered: false },
      );
      return settlements.length - result.matchedCount;
    },

    async releasedTo(accounts, since) {
      const keys = [...new Set(accounts.map((a) => accountKey(a.tenantId, a.accountId)))];
      const byAccount = new Map<string, ReleasedContact[]>();
      if (keys.length === 0) return byAccount;
      const found = messages.find({
        accountKey: { $in: keys },
        state: 'released',
        releasedAt: { $gte: new Date(since) },
      });
      for await (const document of found) {
        if (!document.plan || !document.releasedAt) continue;
        const list = byAccount.get(document.accountKey) ?? [];
        list.push({
          channel: document.plan.channel,
          purpose: document.plan.purpose,
          at: document.releasedAt.toISOString(),
        });
        byAccount.set(document.accountKey, list);
      }
      return byAccount;
    },

    async oldestClaim() {
      const [oldest] = await messages
        .find({ state: 'claimed' }, { projection: { leaseUntil: 1 } })
        .sort({ leaseUntil: 1 })
        .limit(1)
        .toArray();
      return oldest?.leaseUntil ? new Date(oldest.leaseUntil.getTime() - leaseMs) : undefined;
    },

    async countByState(now) {
      const [waiting, due, claimed] = await Promise.all([
        messages.countDocuments({ state: 'waiting' }),
        messages.countDocuments({ state: 'waiting', dueAt: { $lte: now } }),
        messages.countDocuments({ state: 'claimed' }),
      ]);
      return { waiting, due, claimed };
    },
  };
}

function settlementUpdate(settlement: Settlement, owner: string): UpdateFilter<ScheduledDocument> {
  const unsetLease = { leaseOwner: '', leaseUntil: '', outbox: '' } as const;
  switch (settlement.state) {
    case 'released':
      return {
        $set: {
          state: 'released',
          releasedAt: new Date(settlement.at),
          releasedBy: owner,
          releasedLatestSendAt: settlement.latestSendAt,
        },
        $unset: { ...unsetLease, dueAt: '' },
      };
    case 'cancelled':
      return {
        $set: {
          state: 'cancelled',
          cancelledAt: settlement.at,
          reason: settlement.reason,
          ...(settlement.detail !== undefined ? { detail: settlement.detail } : {}),
        },
        $unset: { ...unsetLease, dueAt: '' },
      };
    case 'waiting':
      return {
        $set: {
          state: 'waiting',
          dueAt: new Date(settlement.until),
          ...(settlement.window ?? {}),
        },
        ...(settlement.window ? { $inc: { reslots: 1 } } : {}),
        $unset: unsetLease,
      };
  }
}

function toMessage(document: ScheduledDocument): ScheduledMessage | undefined {
  const { plan, plannedEventId, correlationId, earliestSendAt, latestSendAt } = document;
  if (!plan || !plannedEventId || !correlationId || !earliestSendAt || !latestSendAt) {
    return undefined;
  }
  return {
    tenantId: document.tenantId,
    plan,
    plannedEventId,
    correlationId,
    earliestSendAt,
    latestSendAt,
    reslots: document.reslots ?? 0,
  };
}

function toClaimed(document: ScheduledDocument, takenOver: boolean): ClaimedMessage | undefined {
  const message = toMessage(document);
  if (!message || !document.claimToken) return undefined;
  const recorded = recordedVerdict(document);
  return {
    ...message,
    claims: document.claims ?? 1,
    takenOver,
    claimToken: document.claimToken,
    ...(recorded ? { recorded } : {}),
  };
}

/** The outbox's event, checked against its contract as any event read back from outside is. */
function recordedVerdict(document: ScheduledDocument): RecordedVerdict | undefined {
  const { outbox } = document;
  if (!outbox) return undefined;
  const raw: unknown = JSON.parse(outbox.event);
  return outbox.kind === 'release'
    ? { kind: 'release', event: topicCatalog['outreach.released'].schema.parse(raw) }
    : { kind: 'cancel', event: topicCatalog['outreach.cancelled'].schema.parse(raw) };
}

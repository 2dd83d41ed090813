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
  /**
   * Wall-clock time of the first claim still unsettled (kept across takeovers, removed when the
   * claim is settled): how long a message has been stuck in claims, for the alert.
   */
  firstClaimedAt?: Date;
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
  /** The outbox could not be read back (written by another version?): left claimed, counted. */
  outboxUnreadable?: true;
}

/** Why a claimed document's outbox was not read back; logged with the message id, never its text. */
export type UnreadableOutbox = 'OUTBOX_NOT_JSON' | 'OUTBOX_KIND_UNKNOWN' | 'OUTBOX_EVENT_INVALID';

export interface ScheduleRepositoryOptions {
  /** This replica's name, written on its claims. */
  readonly owner: string;
  /** How long a claim holds before another replica may take it over. */
  readonly leaseMs: number;
  /** Leases run on the wall clock, whatever clock the business runs on. */
  readonly wallClock: Clock;
  /** Told of each claimed document left claimed because its outbox is unreadable. */
  readonly logger?: { warn(details: object, message: string): void };
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
  countByState(
    now: Date,
  ): Promise<{ waiting: number; due: number; claimed: number; unreadable: number }>;
  /**
   * When the oldest claim still held or left behind was first taken (wall clock), takeovers
   * notwithstanding: a message that no round can settle keeps ageing until the alert fires.
   */
  oldestClaim(): Promise<Date | undefined>;
} {
  const messages = db.collection<ScheduledDocument>(SCHEDULED_MESSAGES);
  // Plans taken in at the same moment go as one insert.
  const inserts = createBatchedInserts(messages);
  const { owner, leaseMs, wallClock, logger } = options;
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
        // Set by the first claim only: a takeover keeps it (and $min keeps the earliest).
        $min: { firstClaimedAt: wallClock.now().toJSDate() },
      },
    );
    // Still claimed by this round: a cancellation that landed meanwhile is not released.
    const won = await messages
      .find({ _id: { $in: ids }, claimToken, state: 'claimed', leaseOwner: owner })
      .sort(sort)
      .toArray();
    for (const document of won) {
      const read = readOutbox(document);
      if (read.kind === 'unreadable') {
        // This document only stays claimed (until an operator or another version reads it);
        // the rest of the round goes on. Its first claim's age keeps growing for the alert.
        await markUnreadable(document, claimToken, read.code);
        continue;
      }
      const message = toClaimed(document, takenOver, read.recorded);
      if (message) into.push(message);
    }
  };

  const markUnreadable = async (
    document: ScheduledDocument,
    claimToken: string,
    code: UnreadableOutbox,
  ) => {
    logger?.warn(
      { messageId: document._id, code },
      'claimed message left claimed: its recorded verdict cannot be read back here',
    );
    await messages.updateOne(
      { _id: document._id, claimToken, state: 'claimed' },
      { $set: { outboxUnreadable: true } },
    );
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
          $unset: { leaseOwner: '', leaseUntil: '', dueAt: '', firstClaimedAt: '' },
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
        settlements.map(([message, settlement]) => ({
          updateOne: {
            // The round's token, not the replica's name: two processes may share a name.
            filter: {
              _id: message.plan.messageId,
              state: 'claimed',
              claimToken: message.claimToken,
            },
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
        $or: [
          { state: 'released', releasedAt: { $gte: new Date(since) } },
          // Recorded, and perhaps out, but not settled yet (its replica may have died): it counts.
          { state: 'claimed', 'outbox.kind': 'release' },
        ],
      });
      for await (const document of found) {
        const at = releaseTimeOf(document);
        if (!document.plan || !at) continue;
        const list = byAccount.get(document.accountKey) ?? [];
        list.push({ channel: document.plan.channel, purpose: document.plan.purpose, at });
        byAccount.set(document.accountKey, list);
      }
      return byAccount;
    },

    async oldestClaim() {
      // Few documents are claimed at once (a batch a replica), so sorting them is cheap.
      const [oldest] = await messages
        .find({ state: 'claimed' }, { projection: { firstClaimedAt: 1, leaseUntil: 1 } })
        .sort({ firstClaimedAt: 1, leaseUntil: 1 })
        .limit(1)
        .toArray();
      if (oldest?.firstClaimedAt) return oldest.firstClaimedAt;
      // A claim made before firstClaimedAt was written: its last claim's time is all there is.
      return oldest?.leaseUntil ? new Date(oldest.leaseUntil.getTime() - leaseMs) : undefined;
    },

    async countByState(now) {
      const [waiting, due, claimed, unreadable] = await Promise.all([
        messages.countDocuments({ state: 'waiting' }),
        messages.countDocuments({ state: 'waiting', dueAt: { $lte: now } }),
        messages.countDocuments({ state: 'claimed' }),
        messages.countDocuments({ state: 'claimed', outboxUnreadable: true }),
      ]);
      return { waiting, due, claimed, unreadable };
    },
  };
}

function settlementUpdate(settlement: Settlement, owner: string): UpdateFilter<ScheduledDocument> {
  const unsetLease = {
    leaseOwner: '',
    leaseUntil: '',
    outbox: '',
    outboxUnreadable: '',
    firstClaimedAt: '',
  } as const;
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

/** When a released message went, or a claimed one's recorded release was made (else its claim). */
function releaseTimeOf(document: ScheduledDocument): string | undefined {
  if (document.state === 'released') return document.releasedAt?.toISOString();
  const read = readOutbox(document);
  if (read.kind === 'read' && read.recorded?.kind === 'release') {
    return read.recorded.event.occurredAt;
  }
  // Unreadable here, yet a release that may be out: counted from its first claim.
  return document.firstClaimedAt?.toISOString();
}

function toClaimed(
  document: ScheduledDocument,
  takenOver: boolean,
  recorded: RecordedVerdict | undefined,
): ClaimedMessage | undefined {
  const message = toMessage(document);
  if (!message || !document.claimToken) return undefined;
  return {
    ...message,
    claims: document.claims ?? 1,
    takenOver,
    claimToken: document.claimToken,
    ...(recorded ? { recorded } : {}),
  };
}

/**
 * The outbox's event, checked against its contract as any event read back from outside is. One
 * that does not pass (another version wrote it, or it was damaged) is reported, not thrown: it
 * must not stop the round that claimed it with others.
 */
function readOutbox(
  document: ScheduledDocument,
): { kind: 'read'; recorded?: RecordedVerdict } | { kind: 'unreadable'; code: UnreadableOutbox } {
  const { outbox } = document;
  if (!outbox) return { kind: 'read' };
  let raw: unknown;
  try {
    raw = JSON.parse(outbox.event);
  } catch {
    return { kind: 'unreadable', code: 'OUTBOX_NOT_JSON' };
  }
  const invalid = { kind: 'unreadable', code: 'OUTBOX_EVENT_INVALID' } as const;
  if (outbox.kind === 'release') {
    const parsed = topicCatalog['outreach.released'].schema.safeParse(raw);
    return parsed.success
      ? { kind: 'read', recorded: { kind: 'release', event: parsed.data } }
      : invalid;
  }
  if (outbox.kind === 'cancel') {
    const parsed = topicCatalog['outreach.cancelled'].schema.safeParse(raw);
    return parsed.success
      ? { kind: 'read', recorded: { kind: 'cancel', event: parsed.data } }
      : invalid;
  }
  return { kind: 'unreadable', code: 'OUTBOX_KIND_UNKNOWN' };
}

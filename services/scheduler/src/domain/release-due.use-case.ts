import { Duration, type DateTime } from 'luxon';
import { lastLook, type LastLookRules } from './last-look.js';
import { plannedStepOf } from './planned-step.js';
import type { ReleasePacer } from './release-pacing.js';
import {
  accountKey,
  type AccountStates,
  type ScheduleStore,
  type SchedulerEvents,
  type Settlement,
} from './ports.js';
import type {
  ClaimedMessage,
  RecordedVerdict,
  ReleasedContact,
  ReleaseVerdict,
} from './scheduled-message.js';
import { cancelledEvent, releasedEvent } from './scheduler-events.js';

// Longer than any rolling cap's window (the policy's longest is a week, counted in local days).
const CAP_LOOKBACK = Duration.fromObject({ days: 35 });

export interface ReleaseDueDeps {
  readonly rules: LastLookRules;
  readonly store: ScheduleStore;
  readonly accounts: AccountStates;
  readonly events: SchedulerEvents;
  /** How many messages one round claims. */
  readonly batchSize: number;
  /** Spreads each channel's releases at the provider's rate; absent: released as they come due. */
  readonly pacer?: ReleasePacer;
  /**
   * Told of each verdict once it is recorded (and so goes out) and of each wait, for metrics and
   * logs; not of a verdict refused because the claim was lost (nothing is published). A verdict
   * an earlier claim recorded and this round publishes again comes with `message.recorded` set:
   * it was counted when it was recorded.
   */
  readonly observe?: (message: ClaimedMessage, verdict: ReleaseVerdict, now: DateTime) => void;
}

export interface ReleaseRound {
  readonly claimed: number;
  readonly released: number;
  readonly cancelled: number;
  readonly deferred: number;
  /** Settlements refused because another replica took the claim over meanwhile. */
  readonly lostClaims: number;
}

/**
 * One round of release: claim what is due, take the last look at each against the newest facts,
 * record the round's releases and cancellations on their claims (one write), publish those
 * recorded, then settle each claim. A crash after recording leaves claims that expire and are
 * taken over: the replica that takes one publishes the recorded event again (same event id,
 * which consumers drop) instead of looking again, so a message whose release may be out is never
 * cancelled afterwards (a fallback superseded after its e-mail went would be sent twice, by
 * e-mail and by text). Nothing is lost, and no message gets two outcomes.
 */
export async function releaseDue(deps: ReleaseDueDeps, now: DateTime): Promise<ReleaseRound> {
  const claimed = await deps.store.claimDue(iso(now), deps.batchSize);
  if (claimed.length === 0) {
    return { claimed: 0, released: 0, cancelled: 0, deferred: 0, lostClaims: 0 };
  }
  const accounts = uniqueAccounts(claimed);
  const [states, releasedBefore] = await Promise.all([
    deps.accounts.loadMany(accounts),
    deps.store.releasedTo(accounts, iso(now.minus(CAP_LOOKBACK))),
  ]);
  // Releases in this round count toward the caps of the messages after them.
  const released = new Map<string, ReleasedContact[]>();
  const toRecord: [ClaimedMessage, RecordedVerdict][] = [];
  const republished: [ClaimedMessage, RecordedVerdict][] = [];
  const waits: [ClaimedMessage, Extract<ReleaseVerdict, { kind: 'defer' }>][] = [];
  for (const message of claimed) {
    const key = accountKey(message.tenantId, message.plan.accountId);
    if (message.recorded) {
      // Taken over after its verdict was recorded, and perhaps published: that verdict stands.
      // A recorded release is among `releasedBefore` already (the store counts recorded ones).
      republished.push([message, message.recorded]);
      continue;
    }
    const history = [...(releasedBefore.get(key) ?? []), ...(released.get(key) ?? [])];
    const verdict = paced(
      deps.pacer,
      message,
      lastLook(deps.rules, message, { state: states.get(key), released: history }, now),
      now,
    );
    switch (verdict.kind) {
      case 'release':
        toRecord.push([
          message,
          {
            kind: 'release',
            event: releasedEvent(
              message,
              verdict.latestSendAt,
              now,
              plannedStepOf(deps.rules.planning.strategies, message.plan),
            ),
          },
        ]);
        released.set(key, [
          ...(released.get(key) ?? []),
          { channel: message.plan.channel, purpose: message.plan.purpose, at: iso(now) },
        ]);
        break;
      case 'cancel':
        toRecord.push([
          message,
          { kind: 'cancel', event: cancelledEvent(message, verdict.reason, now, verdict.detail) },
        ]);
        break;
      case 'defer':
        // Nothing goes out for a wait, so nothing is recorded before it is settled.
        waits.push([message, verdict]);
        break;
    }
  }
  const recorded = await deps.store.recordVerdicts(toRecord);
  const outgoing = [
    ...republished,
    ...toRecord.filter(([message]) => recorded.has(message.plan.messageId)),
  ];
  // Observed once recorded: a verdict refused (its claim lost) is never published, and one
  // published again after a takeover was counted by the claim that recorded it.
  for (const [message, verdict] of outgoing) deps.observe?.(message, verdictOf(verdict), now);
  for (const [message, verdict] of waits) deps.observe?.(message, verdict, now);
  const releases = outgoing.flatMap(([, v]) => (v.kind === 'release' ? [v.event] : []));
  const cancellations = outgoing.flatMap(([, v]) => (v.kind === 'cancel' ? [v.event] : []));
  await deps.events.publishReleased(releases);
  await deps.events.publishCancelled(cancellations);
  const settlements: [ClaimedMessage, Settlement][] = [
    ...outgoing.map(([message, verdict]): [ClaimedMessage, Settlement] => [
      message,
      settlementOf(verdict),
    ]),
    ...waits.map(([message, verdict]): [ClaimedMessage, Settlement] => [
      message,
      {
        state: 'waiting',
        until: verdict.until,
        ...(verdict.window ? { window: verdict.window } : {}),
      },
    ]),
  ];
  // Lost: verdicts refused at recording, and settlements refused because the claim moved on.
  const lostClaims = (await deps.store.settle(settlements)) + toRecord.length - recorded.size;
  return {
    claimed: claimed.length,
    released: releases.length,
    cancelled: cancellations.length,
    deferred: waits.length,
    lostClaims,
  };
}

/** How a claim whose verdict was recorded is settled: as the recorded event says. */
function settlementOf(verdict: RecordedVerdict): Settlement {
  const at = verdict.event.occurredAt;
  if (verdict.kind === 'release') {
    return { state: 'released', at, latestSendAt: verdict.event.payload.latestSendAt };
  }
  const { reason, detail } = verdict.event.payload;
  return { state: 'cancelled', at, reason, ...(detail !== undefined ? { detail } : {}) };
}

function verdictOf(recorded: RecordedVerdict): ReleaseVerdict {
  if (recorded.kind === 'release') {
    return { kind: 'release', latestSendAt: recorded.event.payload.latestSendAt };
  }
  const { reason, detail } = recorded.event.payload;
  return { kind: 'cancel', reason, ...(detail !== undefined ? { detail } : {}) };
}

/** A release the channel's pace does not allow yet becomes a wait until its slot. */
function paced(
  pacer: ReleasePacer | undefined,
  message: ClaimedMessage,
  verdict: ReleaseVerdict,
  now: DateTime,
): ReleaseVerdict {
  if (verdict.kind !== 'release' || !pacer) return verdict;
  const slot = pacer.slotFor(message.plan.channel, now);
  return slot.kind === 'now' ? verdict : { kind: 'defer', until: iso(slot.at), reason: 'PACED' };
}

function uniqueAccounts(messages: readonly ClaimedMessage[]) {
  const byKey = new Map<string, { tenantId: string; accountId: string }>();
  for (const m of messages) {
    byKey.set(accountKey(m.tenantId, m.plan.accountId), {
      tenantId: m.tenantId,
      accountId: m.plan.accountId,
    });
  }
  return [...byKey.values()];
}

function iso(at: DateTime): string {
  return at.toUTC().toISO({ suppressMilliseconds: true }) ?? '';
}

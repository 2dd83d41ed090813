import { Duration, type DateTime } from 'luxon';
import type { OutreachCancelledV1, OutreachReleasedV1 } from '@kindly/contracts';
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
import type { ClaimedMessage, ReleasedContact, ReleaseVerdict } from './scheduled-message.js';
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
  /** Told of every verdict, for metrics and logs. */
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
 * publish the releases and cancellations, then settle each claim. A crash after publishing and
 * before settling leaves claims that expire and are taken over: the replica that takes them
 * looks again and publishes the same event ids, which consumers drop. Nothing is lost, and no
 * message is released under two ids.
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
  const releases: OutreachReleasedV1[] = [];
  const cancellations: OutreachCancelledV1[] = [];
  const settlements: [string, Settlement][] = [];
  for (const message of claimed) {
    const key = accountKey(message.tenantId, message.plan.accountId);
    const history = [...(releasedBefore.get(key) ?? []), ...(released.get(key) ?? [])];
    const verdict = paced(
      deps.pacer,
      message,
      lastLook(deps.rules, message, { state: states.get(key), released: history }, now),
      now,
    );
    deps.observe?.(message, verdict, now);
    const at = iso(now);
    switch (verdict.kind) {
      case 'release':
        releases.push(
          releasedEvent(
            message,
            verdict.latestSendAt,
            now,
            plannedStepOf(deps.rules.planning.strategies, message.plan),
          ),
        );
        released.set(key, [
          ...(released.get(key) ?? []),
          { channel: message.plan.channel, purpose: message.plan.purpose, at },
        ]);
        settlements.push([
          message.plan.messageId,
          { state: 'released', at, latestSendAt: verdict.latestSendAt },
        ]);
        break;
      case 'cancel':
        cancellations.push(cancelledEvent(message, verdict.reason, now, verdict.detail));
        settlements.push([
          message.plan.messageId,
          {
            state: 'cancelled',
            at,
            reason: verdict.reason,
            ...(verdict.detail !== undefined ? { detail: verdict.detail } : {}),
          },
        ]);
        break;
      case 'defer':
        settlements.push([
          message.plan.messageId,
          {
            state: 'waiting',
            until: verdict.until,
            ...(verdict.window ? { window: verdict.window } : {}),
          },
        ]);
        break;
    }
  }
  await deps.events.publishReleased(releases);
  await deps.events.publishCancelled(cancellations);
  const lostClaims = await deps.store.settle(settlements);
  return {
    claimed: claimed.length,
    released: releases.length,
    cancelled: cancellations.length,
    deferred: settlements.length - releases.length - cancellations.length,
    lostClaims,
  };
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

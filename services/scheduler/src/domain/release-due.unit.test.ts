import { DateTime, Duration } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { OutreachCancelledV1, OutreachReleasedV1 } from '@kindly/contracts';
import type { AccountState } from '@kindly/rules';
import { aNewYorkAccount, plannedEvent, rules } from '../testing/new-york-account.js';
import { accountKey, type ScheduleStore, type Settlement } from './ports.js';
import { releaseDue, type ReleaseDueDeps } from './release-due.use-case.js';
import type { ClaimedMessage, RecordedVerdict, ReleaseVerdict } from './scheduled-message.js';
import { cancelledEvent } from './scheduler-events.js';

// Wednesday 2026-03-04, 09:00 in New York: inside the window, so a plan made now is released.
const NOW = DateTime.fromISO('2026-03-04T14:00:00Z', { zone: 'utc' });

/** A claimed message for a New York account, and that account's state, known or not. */
function aClaim(known = true, overrides: Partial<ClaimedMessage> = {}) {
  const account = aNewYorkAccount();
  const planned = plannedEvent(account, NOW.toISO() ?? '');
  const message: ClaimedMessage = {
    tenantId: account.base.tenantId,
    plan: planned.payload,
    plannedEventId: planned.eventId,
    correlationId: planned.correlationId,
    earliestSendAt: planned.payload.earliestSendAt,
    latestSendAt: planned.payload.latestSendAt,
    reslots: 0,
    claims: 1,
    takenOver: false,
    claimToken: `token-${planned.payload.messageId}`,
    ...overrides,
  };
  return { message, state: known ? account.stateAfter : undefined };
}

/**
 * The round's ports, kept in memory: the waiting room hands out `claims`, records every verdict
 * but those of `lostAtRecording`, and refuses the settlements of `lostAtSettling`.
 */
function roundOver(
  claims: readonly { message: ClaimedMessage; state: AccountState | undefined }[],
  lost: { atRecording?: readonly string[]; atSettling?: readonly string[] } = {},
) {
  const seen = {
    recorded: [] as (readonly [ClaimedMessage, RecordedVerdict])[],
    settled: [] as (readonly [ClaimedMessage, Settlement])[],
    released: [] as OutreachReleasedV1[],
    cancelled: [] as OutreachCancelledV1[],
    observed: [] as [ClaimedMessage, ReleaseVerdict][],
  };
  const unused = () => Promise.reject(new Error('not used here'));
  const store: ScheduleStore = {
    accept: unused,
    waitingBefore: unused,
    cancel: unused,
    claimDue: () => Promise.resolve(claims.map((c) => c.message)),
    recordVerdicts: (verdicts) => {
      seen.recorded.push(...verdicts);
      const ids = verdicts.map(([m]) => m.plan.messageId);
      return Promise.resolve(new Set(ids.filter((id) => !lost.atRecording?.includes(id))));
    },
    settle: (settlements) => {
      seen.settled.push(...settlements);
      const refused = settlements.filter(([m]) => lost.atSettling?.includes(m.plan.messageId));
      return Promise.resolve(refused.length);
    },
    releasedTo: () => Promise.resolve(new Map()),
  };
  const states = new Map<string, AccountState>();
  for (const { message, state } of claims) {
    if (state) states.set(accountKey(message.tenantId, message.plan.accountId), state);
  }
  const deps: ReleaseDueDeps = {
    rules: {
      planning: rules,
      maxDelay: Duration.fromObject({ hours: 72 }),
      awaitAccountRetry: Duration.fromObject({ minutes: 1 }),
    },
    store,
    accounts: { loadMany: () => Promise.resolve(states) },
    events: {
      publishReleased: (events) => {
        seen.released.push(...events);
        return Promise.resolve();
      },
      publishCancelled: (events) => {
        seen.cancelled.push(...events);
        return Promise.resolve();
      },
    },
    batchSize: 100,
    observe: (message, verdict) => void seen.observed.push([message, verdict]),
  };
  return { deps, seen };
}

const ids = (list: readonly (readonly [ClaimedMessage, unknown])[]) =>
  list.map(([m]) => m.plan.messageId);

describe('a release round, over the domain’s ports', () => {
  it('publishes, settles and counts only the verdicts its claims recorded', async () => {
    const kept = aClaim();
    const lost = aClaim();
    const { deps, seen } = roundOver([kept, lost], {
      atRecording: [lost.message.plan.messageId],
    });
    const round = await releaseDue(deps, NOW);
    // Both looked at and offered for recording, in one write.
    expect(ids(seen.recorded)).toEqual([kept.message.plan.messageId, lost.message.plan.messageId]);
    // Only the recorded one goes out, is settled and is counted.
    expect(seen.released.map((e) => e.payload.messageId)).toEqual([kept.message.plan.messageId]);
    expect(ids(seen.settled)).toEqual([kept.message.plan.messageId]);
    expect(seen.observed.map(([m, v]) => [m.plan.messageId, v.kind])).toEqual([
      [kept.message.plan.messageId, 'release'],
    ]);
    expect(round).toEqual({ claimed: 2, released: 1, cancelled: 0, deferred: 0, lostClaims: 1 });
  });

  it('publishes again a cancellation an earlier claim recorded, without looking again', async () => {
    // The account would be released now; the claim that died had cancelled it (a payment then).
    const claim = aClaim(true);
    const earlier = NOW.minus({ seconds: 40 });
    const event = cancelledEvent(claim.message, 'PAID', earlier);
    const takenOver = {
      ...claim,
      message: {
        ...claim.message,
        takenOver: true,
        claims: 2,
        recorded: { kind: 'cancel' as const, event },
      },
    };
    const { deps, seen } = roundOver([takenOver]);
    const round = await releaseDue(deps, NOW);
    expect(seen.cancelled).toEqual([event]);
    expect(seen.released).toEqual([]);
    // Nothing new to record; settled as the recorded event says, under the taker's claim.
    expect(seen.recorded).toEqual([]);
    expect(seen.settled).toEqual([
      [takenOver.message, { state: 'cancelled', at: event.occurredAt, reason: 'PAID' }],
    ]);
    // Observed as a re-publish: the message carries what was recorded.
    expect(seen.observed).toEqual([[takenOver.message, { kind: 'cancel', reason: 'PAID' }]]);
    expect(round).toEqual({ claimed: 1, released: 0, cancelled: 1, deferred: 0, lostClaims: 0 });
  });

  it('counts as lost the verdicts refused at recording and the settlements refused after', async () => {
    const released = aClaim();
    const refused = aClaim();
    const waiting = aClaim(false); // no facts for the account yet: it waits
    const lateSettled = aClaim();
    const { deps, seen } = roundOver([released, refused, waiting, lateSettled], {
      atRecording: [refused.message.plan.messageId],
      atSettling: [waiting.message.plan.messageId, lateSettled.message.plan.messageId],
    });
    const round = await releaseDue(deps, NOW);
    // A wait is settled without being recorded; a refused verdict is neither published nor settled.
    expect(ids(seen.recorded)).not.toContain(waiting.message.plan.messageId);
    expect(ids(seen.settled).sort()).toEqual(
      [released, waiting, lateSettled].map((c) => c.message.plan.messageId).sort(),
    );
    expect(seen.settled.find(([m]) => m === waiting.message)?.[1]).toMatchObject({
      state: 'waiting',
      until: NOW.plus({ minutes: 1 }).toISO({ suppressMilliseconds: true }),
    });
    // 1 refused at recording + 2 refused at settling; published: the two recorded releases.
    expect(round).toEqual({ claimed: 4, released: 2, cancelled: 0, deferred: 1, lostClaims: 3 });
    expect(seen.released).toHaveLength(2);
  });
});

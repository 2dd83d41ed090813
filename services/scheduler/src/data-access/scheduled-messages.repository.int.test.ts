import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '@kindly/clock';
import { sampleEvents } from '@kindly/contracts';
import { cancelledEvent } from '../domain/scheduler-events.js';
import { provisionTestNamespace, type ProvisionedNamespace } from '@kindly/testing';
import { createScheduleRepository } from './scheduled-messages.repository.js';

describe('the waiting room’s claims, as recovery watches them', () => {
  let ns: ProvisionedNamespace;
  beforeAll(async () => {
    ns = await provisionTestNamespace('scheduler-claims');
  });
  afterAll(async () => {
    await ns?.cleanup();
  });

  it('reports when the oldest claim was taken, and a dead replica’s claim is taken over first', async () => {
    const claimedAt = DateTime.fromISO('2026-03-01T12:00:00Z');
    const wall = new ManualClock(claimedAt);
    const dead = createScheduleRepository(ns.mongo.db, {
      owner: 'dead',
      leaseMs: 30_000,
      wallClock: wall,
    });
    const plan = sampleEvents['outreach.planned'].payload;
    await dead.accept({
      tenantId: 'bank-1',
      plan,
      plannedEventId: 'e-1',
      correlationId: 'c-1',
      earliestSendAt: plan.earliestSendAt,
      latestSendAt: plan.latestSendAt,
      reslots: 0,
    });
    expect(await dead.oldestClaim()).toBeUndefined();
    const [claimed] = await dead.claimDue(plan.latestSendAt, 10);
    expect(claimed?.plan.messageId).toBe(plan.messageId);
    expect((await dead.oldestClaim())?.getTime()).toBe(claimedAt.toMillis());

    // The replica dies; once its lease has run out another takes the claim over.
    wall.set(claimedAt.plus({ seconds: 31 }));
    const alive = createScheduleRepository(ns.mongo.db, {
      owner: 'alive',
      leaseMs: 30_000,
      wallClock: wall,
    });
    const [takenOver] = await alive.claimDue(plan.latestSendAt, 10);
    expect(takenOver).toMatchObject({ claims: 2, takenOver: true });
    expect((await alive.oldestClaim())?.getTime()).toBe(claimedAt.plus({ seconds: 31 }).toMillis());
  });

  it('does not count a message deferred and claimed again as taken over', async () => {
    const wall = new ManualClock(DateTime.fromISO('2026-03-01T12:00:00Z'));
    const store = createScheduleRepository(ns.mongo.db, {
      owner: 'only',
      leaseMs: 30_000,
      wallClock: wall,
    });
    const sample = sampleEvents['outreach.planned'].payload;
    const plan = { ...sample, messageId: 'm-deferred' };
    await store.accept({
      tenantId: 'bank-1',
      plan,
      plannedEventId: 'e-2',
      correlationId: 'c-2',
      earliestSendAt: plan.earliestSendAt,
      latestSendAt: plan.latestSendAt,
      reslots: 0,
    });
    const [first] = await store.claimDue(plan.latestSendAt, 10);
    expect(first).toMatchObject({ claims: 1, takenOver: false });
    // Paced or capped: back to wait until a moment later, then due again.
    await store.settle([['m-deferred', { state: 'waiting', until: plan.earliestSendAt }]]);
    const [again] = await store.claimDue(plan.latestSendAt, 10);
    expect(again).toMatchObject({ claims: 2, takenOver: false });
  });

  it('records a verdict only under the claim that holds it, and a recorded verdict is final', async () => {
    const at = DateTime.fromISO('2026-03-01T12:00:00Z');
    const wall = new ManualClock(at);
    const options = { leaseMs: 30_000, wallClock: wall };
    const slow = createScheduleRepository(ns.mongo.db, { ...options, owner: 'slow' });
    const sample = sampleEvents['outreach.planned'].payload;
    const accept = (messageId: string) =>
      slow.accept({
        tenantId: 'bank-1',
        plan: { ...sample, messageId },
        plannedEventId: `e-${messageId}`,
        correlationId: `c-${messageId}`,
        earliestSendAt: sample.earliestSendAt,
        latestSendAt: sample.latestSendAt,
        reslots: 0,
      });
    await accept('m-recorded');
    await accept('m-lost');
    const claimed = await slow.claimDue(sample.latestSendAt, 10);
    const [recorded, lost] = ['m-recorded', 'm-lost'].map((id) =>
      claimed.find((m) => m.plan.messageId === id),
    );
    if (!recorded || !lost) throw new Error('both messages claimed');
    // The slow replica's lease on both runs out; another takes them over.
    wall.set(at.plus({ seconds: 31 }));
    const taker = createScheduleRepository(ns.mongo.db, { ...options, owner: 'taker' });
    const taken = await taker.claimDue(sample.latestSendAt, 10);
    const takenRecorded = taken.find((m) => m.plan.messageId === 'm-recorded');
    if (!takenRecorded) throw new Error('taken over');
    const verdict = (message: typeof recorded) => ({
      kind: 'cancel' as const,
      event: cancelledEvent(message, 'SUPERSEDED', at),
    });
    // The taker records its verdict; the slow replica's verdicts, under its old claim, are refused.
    expect([...(await taker.recordVerdicts([[takenRecorded, verdict(takenRecorded)]]))]).toEqual([
      'm-recorded',
    ]);
    expect(
      (
        await slow.recordVerdicts([
          [recorded, verdict(recorded)],
          [lost, verdict(lost)],
        ])
      ).size,
    ).toBe(0);
    // Once recorded (and perhaps published), no cancellation from outside overrides it.
    expect(await taker.cancel('m-recorded', 'PAID', at.toISO() ?? '')).toBe('final');
    // A third replica that takes it over gets the recorded event, the same id, to publish again.
    wall.set(at.plus({ seconds: 62 }));
    const third = createScheduleRepository(ns.mongo.db, { ...options, owner: 'third' });
    const again = (await third.claimDue(sample.latestSendAt, 10)).find(
      (m) => m.plan.messageId === 'm-recorded',
    );
    expect(again?.recorded).toEqual(verdict(takenRecorded));
    expect(await third.cancel('m-lost', 'PAID', at.toISO() ?? '')).toBe('cancelled');
  });
});

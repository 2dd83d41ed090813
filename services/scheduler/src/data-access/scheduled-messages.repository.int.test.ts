import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '@kindly/clock';
import { sampleEvents } from '@kindly/contracts';
import { cancelledEvent, releasedEvent } from '../domain/scheduler-events.js';
import type { ClaimedMessage } from '../domain/scheduled-message.js';
import { provisionTestNamespace, type ProvisionedNamespace } from '@kindly/testing';
import { createScheduleRepository, SCHEDULED_MESSAGES } from './scheduled-messages.repository.js';

describe('the waiting room’s claims, as recovery watches them', () => {
  let ns: ProvisionedNamespace;
  beforeAll(async () => {
    ns = await provisionTestNamespace('scheduler-claims');
  });
  afterAll(async () => {
    await ns?.cleanup();
  });

  it('reports when the oldest claim was first taken, and a dead replica’s claim is taken over first', async () => {
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
    // Still the first claim's time: a message that no round settles keeps ageing for the alert.
    expect((await alive.oldestClaim())?.getTime()).toBe(claimedAt.toMillis());
  });

  it('does not count a message deferred and claimed again as taken over, nor as claimed since before', async () => {
    await ns.mongo.db.collection(SCHEDULED_MESSAGES).deleteMany({});
    const at = DateTime.fromISO('2026-03-01T12:00:00Z');
    const wall = new ManualClock(at);
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
    if (!first) throw new Error('claimed');
    // Paced or capped: back to wait until a moment later, then due again.
    expect(await store.settle([[first, { state: 'waiting', until: plan.earliestSendAt }]])).toBe(0);
    wall.set(at.plus({ seconds: 5 }));
    const [again] = await store.claimDue(plan.latestSendAt, 10);
    expect(again).toMatchObject({ claims: 2, takenOver: false });
    // Settling ended the first claim: the new one is aged from its own time.
    expect((await store.oldestClaim())?.getTime()).toBe(at.plus({ seconds: 5 }).toMillis());
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

  it('leaves a claim whose outbox it cannot read claimed, and claims and settles the others', async () => {
    const room = ns.mongo.db.collection<{ _id: string; outbox?: { event: string } }>(
      SCHEDULED_MESSAGES,
    );
    await room.deleteMany({});
    const at = DateTime.fromISO('2026-03-01T12:00:00Z');
    const wall = new ManualClock(at);
    const warnings: object[] = [];
    const options = {
      leaseMs: 30_000,
      wallClock: wall,
      logger: { warn: (details: object) => void warnings.push(details) },
    };
    const dead = createScheduleRepository(ns.mongo.db, { ...options, owner: 'dead' });
    await accept(dead, 'm-unreadable');
    await accept(dead, 'm-recorded-too');
    const claimed = await dead.claimDue(sample.latestSendAt, 10);
    const release = (message: ClaimedMessage) => ({
      kind: 'release' as const,
      event: releasedEvent(message, sample.latestSendAt, at),
    });
    expect((await dead.recordVerdicts(claimed.map((m) => [m, release(m)]))).size).toBe(2);
    // A newer version's outbox: its event has a field this version's strict contract refuses.
    const written = await room.findOne({ _id: 'm-unreadable' });
    const newer = { ...(JSON.parse(written?.outbox?.event ?? '{}') as object), newerField: 1 };
    await room.updateOne(
      { _id: 'm-unreadable' },
      { $set: { 'outbox.event': JSON.stringify(newer) } },
    );
    await accept(dead, 'm-waiting');

    // The dead replica's lease runs out: the taker claims all that is due, but one.
    wall.set(at.plus({ seconds: 31 }));
    const taker = createScheduleRepository(ns.mongo.db, { ...options, owner: 'taker' });
    const taken = await taker.claimDue(sample.latestSendAt, 10);
    expect(taken.map((m) => m.plan.messageId).sort()).toEqual(['m-recorded-too', 'm-waiting']);
    expect(taken.find((m) => m.plan.messageId === 'm-recorded-too')?.recorded?.kind).toBe(
      'release',
    );
    // Said once, by its id and a code, and nothing of the event itself.
    expect(warnings).toEqual([{ messageId: 'm-unreadable', code: 'OUTBOX_EVENT_INVALID' }]);
    expect(await taker.countByState(at.toJSDate())).toMatchObject({ claimed: 3, unreadable: 1 });
    const settled = taken.map(
      (m): [ClaimedMessage, { state: 'released'; at: string; latestSendAt: string }] => [
        m,
        { state: 'released', at: at.toISO() ?? '', latestSendAt: sample.latestSendAt },
      ],
    );
    expect(await taker.settle(settled)).toBe(0);
    expect(await taker.countByState(at.toJSDate())).toMatchObject({ claimed: 1, unreadable: 1 });

    // Taken over again and again, it is never settled: its age keeps growing, so the alert fires.
    wall.set(at.plus({ seconds: 62 }));
    const third = createScheduleRepository(ns.mongo.db, { ...options, owner: 'third' });
    expect(await third.claimDue(sample.latestSendAt, 10)).toEqual([]);
    expect((await third.oldestClaim())?.getTime()).toBe(at.toMillis());
    expect(await room.findOne({ _id: 'm-unreadable' })).toMatchObject({
      state: 'claimed',
      claims: 3,
      outboxUnreadable: true,
    });
  });

  it('settles a claim only under the round that holds it, even between processes of one name', async () => {
    const at = DateTime.fromISO('2026-03-01T12:00:00Z');
    const wall = new ManualClock(at);
    // Two processes started with the same INSTANCE_ID.
    const options = { owner: 'scheduler-0', leaseMs: 30_000, wallClock: wall };
    const stalled = createScheduleRepository(ns.mongo.db, options);
    const twin = createScheduleRepository(ns.mongo.db, options);
    await accept(stalled, 'm-same-name');
    const mine = (await stalled.claimDue(sample.latestSendAt, 100)).find(
      (m) => m.plan.messageId === 'm-same-name',
    );
    if (!mine) throw new Error('claimed');
    // The first process stalls past its lease; its twin takes the message over and releases it.
    wall.set(at.plus({ seconds: 31 }));
    const theirs = (await twin.claimDue(sample.latestSendAt, 100)).find(
      (m) => m.plan.messageId === 'm-same-name',
    );
    if (!theirs) throw new Error('taken over');
    const release = {
      kind: 'release' as const,
      event: releasedEvent(theirs, sample.latestSendAt, at),
    };
    expect(await twin.recordVerdicts([[theirs, release]])).toEqual(new Set(['m-same-name']));
    // The stalled process wakes up and settles the wait it decided: refused, the release stands.
    expect(await stalled.settle([[mine, { state: 'waiting', until: sample.latestSendAt }]])).toBe(
      1,
    );
    const room = ns.mongo.db.collection<{ _id: string }>(SCHEDULED_MESSAGES);
    expect(await room.findOne({ _id: 'm-same-name' })).toMatchObject({
      state: 'claimed',
      outbox: { kind: 'release' },
    });
    const at31 = at.plus({ seconds: 31 }).toISO() ?? '';
    expect(
      await twin.settle([
        [theirs, { state: 'released', at: at31, latestSendAt: sample.latestSendAt }],
      ]),
    ).toBe(0);
    expect(await room.findOne({ _id: 'm-same-name' })).toMatchObject({ state: 'released' });
  });

  it('counts toward the caps a release recorded on a claim not settled yet, which may be out', async () => {
    const at = DateTime.fromISO('2026-03-01T12:00:00Z');
    const store = createScheduleRepository(ns.mongo.db, {
      owner: 'died-after-recording',
      leaseMs: 30_000,
      wallClock: new ManualClock(at),
    });
    await accept(store, 'm-cap-released', 'acct-caps');
    await accept(store, 'm-cap-cancelled', 'acct-caps');
    const claimed = (await store.claimDue(sample.latestSendAt, 100)).filter(
      (m) => m.plan.accountId === 'acct-caps',
    );
    const released = claimed.find((m) => m.plan.messageId === 'm-cap-released');
    const cancelled = claimed.find((m) => m.plan.messageId === 'm-cap-cancelled');
    if (!released || !cancelled) throw new Error('both claimed');
    const release = releasedEvent(released, sample.latestSendAt, at);
    await store.recordVerdicts([
      [released, { kind: 'release', event: release }],
      [cancelled, { kind: 'cancel', event: cancelledEvent(cancelled, 'PAID', at) }],
    ]);
    // Never settled (the replica died): the release counts all the same, the cancellation not.
    const history = await store.releasedTo(
      [{ tenantId: 'bank-1', accountId: 'acct-caps' }],
      at.minus({ days: 35 }).toISO() ?? '',
    );
    expect(history.get('bank-1:acct-caps')).toEqual([
      { channel: sample.channel, purpose: sample.purpose, at: release.occurredAt },
    ]);
  });
});

const sample = sampleEvents['outreach.planned'].payload;

function accept(
  store: ReturnType<typeof createScheduleRepository>,
  messageId: string,
  accountId = sample.accountId,
) {
  return store.accept({
    tenantId: 'bank-1',
    plan: { ...sample, messageId, accountId },
    plannedEventId: `e-${messageId}`,
    correlationId: `c-${messageId}`,
    earliestSendAt: sample.earliestSendAt,
    latestSendAt: sample.latestSendAt,
    reslots: 0,
  });
}

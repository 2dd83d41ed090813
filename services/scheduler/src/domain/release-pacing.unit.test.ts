import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { ReleasePacer } from './release-pacing.js';

const OPENING = DateTime.fromISO('2026-12-07T13:00:00Z', { zone: 'utc' }); // 08:00 in New York

describe('spreading releases at the provider’s rate', () => {
  it('lets a channel without a rate go at once', () => {
    const pacer = new ReleasePacer({ sms: 1 });
    for (let i = 0; i < 100; i++) expect(pacer.slotFor('letter', OPENING).kind).toBe('now');
  });

  it('lets one second’s worth go now and gives the rest slots one interval apart', () => {
    const pacer = new ReleasePacer({ sms: 2 });
    const answers = Array.from({ length: 5 }, () => pacer.slotFor('sms', OPENING));
    expect(answers.slice(0, 2).map((a) => a.kind)).toEqual(['now', 'now']);
    expect(answers.slice(2).map((a) => (a.kind === 'later' ? a.at.toISO() : 'now'))).toEqual([
      '2026-12-07T13:00:00.500Z',
      '2026-12-07T13:00:01.000Z',
      '2026-12-07T13:00:01.500Z',
    ]);
    // At its slot the message asks again, and may go.
    expect(pacer.slotFor('sms', OPENING.plus({ milliseconds: 500 })).kind).toBe('now');
  });

  it('is not held back by a clock moved back', () => {
    const pacer = new ReleasePacer({ sms: 1 });
    expect(pacer.slotFor('sms', OPENING.plus({ hours: 1 })).kind).toBe('now');
    expect(pacer.slotFor('sms', OPENING).kind).toBe('now');
    expect(pacer.slotFor('sms', OPENING).kind).toBe('later');
  });

  it('paces each channel on its own', () => {
    const pacer = new ReleasePacer({ sms: 1, email: 1 });
    expect(pacer.slotFor('sms', OPENING).kind).toBe('now');
    expect(pacer.slotFor('email', OPENING).kind).toBe('now');
    expect(pacer.slotFor('sms', OPENING).kind).toBe('later');
  });

  it('drains a backlog due at the window’s opening at the rate, never in a burst', () => {
    // 1,000 SMS due at 08:00 sharp, released by rounds every 250 ms, each round taking every
    // message due (the earliest first) and asking the pacer, as the scheduler does.
    const rate = 20;
    const pacer = new ReleasePacer({ sms: rate });
    let due = Array.from({ length: 1_000 }, (_, id) => ({ id, at: OPENING.toMillis() }));
    const releasedAt: number[] = [];
    for (let now = OPENING.toMillis(); due.length > 0; now += 250) {
      const ready = due.filter((m) => m.at <= now).sort((a, b) => a.at - b.at);
      const waiting = due.filter((m) => m.at > now);
      due = waiting;
      for (const message of ready) {
        const slot = pacer.slotFor('sms', DateTime.fromMillis(now, { zone: 'utc' }));
        if (slot.kind === 'now') releasedAt.push(now);
        else due.push({ id: message.id, at: slot.at.toMillis() });
      }
      expect(now - OPENING.toMillis()).toBeLessThan(120_000);
    }
    expect(releasedAt).toHaveLength(1_000);
    const perSecond = new Map<number, number>();
    for (const at of releasedAt) {
      const second = Math.floor((at - OPENING.toMillis()) / 1_000);
      perSecond.set(second, (perSecond.get(second) ?? 0) + 1);
    }
    // The first second may take its tolerance (one second's worth) on top of its own.
    expect(perSecond.get(0)).toBeLessThanOrEqual(2 * rate);
    for (const [second, count] of perSecond)
      if (second > 0) expect(count).toBeLessThanOrEqual(rate);
    // And it drains at the rate: 1,000 at 20 a second is about 50 seconds, not an hour.
    expect(Math.max(...releasedAt) - OPENING.toMillis()).toBeLessThanOrEqual(52_000);
  });
});

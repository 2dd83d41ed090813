/**
 * Simulation: keep asking for the earliest allowed instant and sending then. Whatever the caps,
 * zones and gaps, no rolling window may ever hold more than its limit, no call may fall in a
 * quiet period, and the instant returned must be allowed while the one just before is not.
 */
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { OutreachChannel } from '@kindly/contracts';
import type { ContactHistoryEntry } from './contact-history.js';
import { checkFrequencyCaps } from './frequency-caps.js';
import { localDayNumber } from './local-days.js';
import type { FrequencyCap } from './policy-types.js';

const ZONES = [
  'America/New_York',
  'America/Los_Angeles',
  'Asia/Kolkata',
  'Pacific/Chatham',
  'Asia/Shanghai',
  'Europe/London',
  'America/Santiago',
] as const;
const CHANNELS: readonly OutreachChannel[] = ['sms', 'email', 'letter', 'agent-call'];
const HOUR_MS = 3_600_000;

const windowArb = fc.oneof(
  fc.record({ length: fc.integer({ min: 1, max: 8 }), unit: fc.constant('days' as const) }),
  fc.record({ length: fc.integer({ min: 1, max: 72 }), unit: fc.constant('hours' as const) }),
);
const channelsArb = fc.subarray([...CHANNELS], { minLength: 1 });

const capArb: fc.Arbitrary<FrequencyCap> = fc.oneof(
  fc.record({
    id: fc.constant('rolling'),
    kind: fc.constant('rolling' as const),
    channels: channelsArb,
    purposes: fc.constant(['servicing' as const]),
    limit: fc.integer({ min: 1, max: 4 }),
    window: windowArb,
    counts: fc.constant(['attempt' as const, 'conversation' as const]),
    source: fc.constant(['firm-policy']),
  }),
  fc.record({
    id: fc.constant('quiet'),
    kind: fc.constant('quiet-after' as const),
    channels: channelsArb,
    purposes: fc.constant(['servicing' as const]),
    window: windowArb,
    after: fc.constant(['conversation' as const]),
    source: fc.constant(['firm-policy']),
  }),
);

const scenarioArb = fc.record({
  caps: fc
    .array(capArb, { minLength: 1, maxLength: 4 })
    .map((caps) => caps.map((cap, i) => ({ ...cap, id: `${cap.id}-${i}` }))),
  zones: fc.subarray([...ZONES], { minLength: 1, maxLength: 2 }),
  // Around the 2026 DST changes in the northern and southern hemispheres.
  start: fc.constantFrom('2026-03-05T12:00:00Z', '2026-10-29T12:00:00Z', '2026-04-02T12:00:00Z'),
  sends: fc.array(
    fc.record({
      channel: fc.constantFrom(...CHANNELS),
      gapMinutes: fc.integer({ min: 0, max: 3 * 24 * 60 }),
      conversation: fc.boolean(),
    }),
    { minLength: 1, maxLength: 25 },
  ),
});

function position(cap: FrequencyCap, at: DateTime, zone: string): number {
  return cap.window.unit === 'hours' ? at.toMillis() : localDayNumber(at, zone);
}

function windowLength(cap: FrequencyCap): number {
  return cap.window.unit === 'hours' ? cap.window.length * HOUR_MS : cap.window.length;
}

/** Every rolling window within its limit, and no contact in a quiet period, in every zone. */
function assertWithinCaps(
  caps: readonly FrequencyCap[],
  zones: readonly string[],
  sent: readonly ContactHistoryEntry[],
): void {
  for (const cap of caps) {
    const length = windowLength(cap);
    const scoped = sent.filter((entry) => cap.channels.includes(entry.channel));
    for (const zone of zones) {
      const at = scoped.map((entry) => ({
        entry,
        p: position(cap, DateTime.fromISO(entry.at), zone),
      }));
      if (cap.kind === 'rolling') {
        for (const { p: end } of at) {
          const inWindow = at.filter(({ p }) => p > end - length && p <= end).length;
          expect(inWindow, `${cap.id} in ${zone}`).toBeLessThanOrEqual(cap.limit);
        }
      } else {
        for (const trigger of at.filter(({ entry }) => entry.kind === 'conversation')) {
          const later = at.filter(({ entry }) => entry.at > trigger.entry.at);
          for (const { p } of later)
            expect(p, `${cap.id} in ${zone}`).toBeGreaterThanOrEqual(trigger.p + length);
        }
      }
    }
  }
}

describe('frequency caps, simulated', () => {
  it('never let a window exceed its cap, and return the earliest allowed instant', () => {
    fc.assert(
      fc.property(scenarioArb, ({ caps, zones, start, sends }) => {
        const history: ContactHistoryEntry[] = [];
        let now: DateTime = DateTime.fromISO(start, { zone: 'utc' });
        for (const send of sends) {
          now = now.plus({ minutes: send.gapMinutes });
          const ask = (at: DateTime) =>
            checkFrequencyCaps({
              history,
              caps,
              zones,
              candidate: { channel: send.channel, purpose: 'servicing', at },
            });
          const first = ask(now);
          // The generated caps all have a limit of at least 1: never "never".
          if (!first.allowed && first.reason === 'NEVER_ALLOWED') throw new Error('a cap of 0');
          const at = first.allowed ? now : first.earliestAllowedAt;
          if (!first.allowed) {
            expect(at > now).toBe(true);
            expect(ask(at)).toEqual({ allowed: true });
            // Earliest: a millisecond before, the send was still held back.
            expect(ask(at.minus({ milliseconds: 1 })).allowed).toBe(false);
          }
          history.push({
            channel: send.channel,
            at: at.toUTC().toISO() ?? '',
            kind: send.conversation ? 'conversation' : 'attempt',
          });
          now = at;
        }
        assertWithinCaps(caps, zones, history);
      }),
      { numRuns: 300 },
    );
  });
});

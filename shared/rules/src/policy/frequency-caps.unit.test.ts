import { readFileSync } from 'node:fs';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { OutreachChannel } from '@kindly/contracts';
import type { ContactHistoryEntry } from './contact-history.js';
import { checkFrequencyCaps } from './frequency-caps.js';
import { loadPolicy } from './load-policy.js';
import { frequencyCaps } from './policy-lookup.js';
import type { FrequencyCap } from './policy-types.js';

const policy = loadPolicy(
  readFileSync(new URL('../../policy/default-policy.yaml', import.meta.url), 'utf8'),
);
const NY = 'America/New_York';

/** A local wall-clock time in New York, e.g. `2026-03-08T14:00`. */
function ny(local: string): DateTime {
  return DateTime.fromISO(local, { zone: NY });
}

function call(local: string, extra: Partial<ContactHistoryEntry> = {}): ContactHistoryEntry {
  return { channel: 'agent-call', at: ny(local).toUTC().toISO() ?? '', kind: 'attempt', ...extra };
}

function check(
  caps: readonly FrequencyCap[],
  history: readonly ContactHistoryEntry[],
  local: string,
  channel: OutreachChannel = 'agent-call',
  extra: { zones?: string[]; addressType?: 'mobile' | 'work' } = {},
) {
  const candidate = {
    channel,
    purpose: 'servicing' as const,
    at: ny(local),
    ...(extra.addressType && { addressType: extra.addressType }),
  };
  return checkFrequencyCaps({ history, caps, zones: extra.zones ?? [NY], candidate });
}

function earliest(result: ReturnType<typeof check>): string | undefined {
  if (result.allowed || result.reason === 'NEVER_ALLOWED') return undefined;
  return result.earliestAllowedAt.toISO() ?? undefined;
}

const usCaps = frequencyCaps(policy, 'US');

describe('Reg F 7-in-7 (US)', () => {
  // 2026-03-02 is a Monday; clocks in New York spring forward on Sunday 2026-03-08.
  const week = ['02', '03', '04', '05', '06', '07', '08'].map((d) => call(`2026-03-${d}T10:00`));

  it('allows the 7th call in 7 consecutive days', () => {
    expect(check(usCaps, week.slice(0, 6), '2026-03-08T14:00')).toEqual({ allowed: true });
  });

  it('holds the 8th until the first call leaves the window, across the DST change', () => {
    const result = check(usCaps, week, '2026-03-08T14:00');
    expect(result).toMatchObject({
      allowed: false,
      reason: 'CAP_REACHED',
      blockedBy: ['calls-7-in-7'],
    });
    // Day 8 starts at midnight EDT (UTC-4), not EST.
    expect(earliest(result)).toBe('2026-03-09T04:00:00.000Z');
  });

  it('counts calendar days: seven calls on day 1 block calls through day 7', () => {
    const burst = Array.from({ length: 7 }, (_, i) => call(`2026-03-02T1${i}:00`));
    expect(earliest(check(usCaps, burst, '2026-03-08T20:59'))).toBe('2026-03-09T04:00:00.000Z');
    expect(check(usCaps, burst, '2026-03-09T08:00')).toEqual({ allowed: true });
  });

  it('does not count inbound, excluded or unconnected calls', () => {
    const history = [
      ...week.slice(0, 6),
      call('2026-03-08T09:00', { direction: 'inbound' }),
      call('2026-03-08T09:10', { countsTowardCaps: false }),
      call('2026-03-08T09:20', { kind: 'undelivered' }),
    ];
    expect(check(usCaps, history, '2026-03-08T14:00')).toEqual({ allowed: true });
  });

  it('holds other channels only by the overall cap', () => {
    expect(check(usCaps, week, '2026-03-08T14:00', 'letter')).toEqual({ allowed: true });
    const busy = [...week, ...week.map((entry) => ({ ...entry, channel: 'email' as const }))];
    expect(check(usCaps, busy, '2026-03-08T14:00', 'letter')).toMatchObject({
      allowed: false,
      blockedBy: ['all-channels-per-week'],
    });
  });

  it('counts the 25-hour day of the autumn change as one day', () => {
    // 2026-11-01: New York falls back; day 8 starts at midnight EST (UTC-5).
    const days = ['10-26', '10-27', '10-28', '10-29', '10-30', '10-31', '11-01'];
    const history = days.map((d) => call(`2026-${d}T10:00`));
    expect(earliest(check(usCaps, history, '2026-11-01T23:30'))).toBe('2026-11-02T05:00:00.000Z');
  });
});

describe('Reg F quiet period after a conversation (US)', () => {
  const talked = call('2026-03-02T10:00', { kind: 'conversation' });

  it('blocks calls from the conversation through day 7 and allows day 8', () => {
    expect(earliest(check(usCaps, [talked], '2026-03-02T15:00'))).toBe('2026-03-09T04:00:00.000Z');
    expect(earliest(check(usCaps, [talked], '2026-03-08T20:00'))).toBe('2026-03-09T04:00:00.000Z');
    expect(check(usCaps, [talked], '2026-03-09T00:00')).toEqual({ allowed: true });
  });

  it('starts on an inbound conversation too', () => {
    const inbound = { ...talked, direction: 'inbound' as const };
    expect(check(usCaps, [inbound], '2026-03-05T12:00')).toMatchObject({
      allowed: false,
      blockedBy: ['calls-quiet-after-conversation'],
    });
  });

  it('does not hold back an SMS', () => {
    expect(check(usCaps, [talked], '2026-03-05T12:00', 'sms')).toEqual({ allowed: true });
  });
});

describe('Massachusetts 2 in 7 days (US-MA)', () => {
  const maCaps = frequencyCaps(policy, 'US-MA');
  const two = [
    call('2026-03-02T10:00', { addressType: 'mobile' }),
    { ...call('2026-03-03T10:00', { addressType: 'mobile' }), channel: 'sms' as const },
  ];

  it('holds a third call or text to a personal number for 7 days from the first', () => {
    const result = check(maCaps, two, '2026-03-04T10:00', 'agent-call', { addressType: 'mobile' });
    expect(result).toMatchObject({ allowed: false, blockedBy: ['ma-2-in-7-personal'] });
    expect(earliest(result)).toBe('2026-03-09T04:00:00.000Z');
  });

  it('counts work numbers separately, 2 in 30 days', () => {
    const work = [
      call('2026-03-02T10:00', { addressType: 'work' }),
      call('2026-03-10T10:00', { addressType: 'work' }),
    ];
    expect(
      check(maCaps, work, '2026-03-12T10:00', 'agent-call', { addressType: 'mobile' }),
    ).toEqual({ allowed: true });
    const result = check(maCaps, work, '2026-03-12T10:00', 'agent-call', { addressType: 'work' });
    expect(result).toMatchObject({ allowed: false, blockedBy: ['ma-2-in-30-other'] });
    // 30 days from 2026-03-02 (day 1) is 2026-03-31; day 31 is April 1.
    expect(earliest(result)).toBe('2026-04-01T04:00:00.000Z');
  });

  it('does not apply the federal numbers alone', () => {
    expect(check(usCaps, two, '2026-03-04T10:00', 'agent-call', { addressType: 'mobile' })).toEqual(
      { allowed: true },
    );
  });
});

describe('Washington 3 a week (US-WA)', () => {
  const waCaps = frequencyCaps(policy, 'US-WA');
  const history: ContactHistoryEntry[] = [
    { ...call('2026-03-02T10:00'), channel: 'sms' },
    { ...call('2026-03-03T10:00'), channel: 'email' },
    { ...call('2026-03-04T10:00'), channel: 'letter' },
  ];

  it('holds a fourth communication on any channel until the first leaves the week', () => {
    const result = check(waCaps, history, '2026-03-05T10:00', 'agent-call', {
      addressType: 'mobile',
    });
    expect(result).toMatchObject({ allowed: false, blockedBy: ['wa-3-per-week'] });
    expect(earliest(result)).toBe('2026-03-09T04:00:00.000Z');
  });
});

describe('an SMS cap', () => {
  const perDay = frequencyCaps(policy, 'US').filter((cap) => cap.id === 'sms-per-day');
  const per24h: FrequencyCap[] = [
    {
      id: 'sms-per-24h',
      kind: 'rolling',
      channels: ['sms'],
      purposes: ['servicing', 'marketing'],
      limit: 1,
      window: { length: 24, unit: 'hours' },
      counts: ['attempt', 'delivered'],
      source: ['firm-policy'],
    },
  ];
  const lateSms: ContactHistoryEntry = { ...call('2026-03-07T23:30'), channel: 'sms' };

  it('in calendar days allows the next text after local midnight', () => {
    expect(check(perDay, [lateSms], '2026-03-07T23:45', 'sms')).toMatchObject({ allowed: false });
    expect(check(perDay, [lateSms], '2026-03-08T00:30', 'sms')).toEqual({ allowed: true });
  });

  it('in hours counts real elapsed time across the spring-forward change', () => {
    // 23:30 EST = 04:30Z; 24 real hours later is 04:30Z, which is 00:30 EDT on 2026-03-09.
    const result = check(per24h, [lateSms], '2026-03-08T12:00', 'sms');
    expect(earliest(result)).toBe('2026-03-09T04:30:00.000Z');
  });
});

describe('several zones', () => {
  const once: FrequencyCap[] = [
    {
      id: 'one-call-a-day',
      kind: 'rolling',
      channels: ['agent-call'],
      purposes: ['servicing'],
      limit: 1,
      window: { length: 1, unit: 'days' },
      counts: ['attempt'],
      source: ['firm-policy'],
    },
  ];
  // 23:30 in New York is 20:30 in Los Angeles: the same day there.
  const late = call('2026-03-02T23:30');

  it('must fit the cap in every zone the customer may be in', () => {
    expect(check(once, [late], '2026-03-03T01:00')).toEqual({ allowed: true });
    const both = check(once, [late], '2026-03-03T01:00', 'agent-call', {
      zones: [NY, 'America/Los_Angeles'],
    });
    expect(earliest(both)).toBe('2026-03-03T08:00:00.000Z');
  });

  it('refuses an unknown zone instead of counting in UTC', () => {
    expect(() =>
      check(once, [late], '2026-03-03T01:00', 'agent-call', { zones: ['Mars/Olympus'] }),
    ).toThrow(/unknown time zone/);
  });
});

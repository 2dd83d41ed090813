import { describe, expect, it } from 'vitest';
import { recheckAccount, shippedPolicy, type PolicyDocument } from './index.js';
import { NY_MOBILE, kindsOf, newYorkCustomer } from '../testing/recheck-fixtures.js';

const sms = (at: string) => ({ channel: 'sms' as const, at, to: NY_MOBILE });

describe('OVER_CAP', () => {
  it('finds a second text on one local day, listing the sends it counted', () => {
    const history = newYorkCustomer()
      .send(sms('2026-03-10T13:00:00Z'))
      .send(sms('2026-03-10T20:00:00Z'));
    const report = recheckAccount(history.events);
    expect(report.violations).toMatchObject([
      {
        kind: 'OVER_CAP',
        capId: 'sms-per-day',
        limit: 1,
        window: { length: 1, unit: 'days' },
        zone: 'America/New_York',
        counted: [{ at: '2026-03-10T13:00:00Z' }, { at: '2026-03-10T20:00:00Z' }],
      },
    ]);
    // The same two texts on two local days are within both caps.
    const apart = newYorkCustomer()
      .send(sms('2026-03-10T13:00:00Z'))
      .send(sms('2026-03-11T20:00:00Z'));
    expect(kindsOf(recheckAccount(apart.events))).toEqual([]);
  });

  it('counts calendar days in every candidate zone and reports the strictest', () => {
    // 05:00Z on 11 March is 01:00 on the 11th in New York but 22:00 on the 10th in Los Angeles
    // (late in both: an OUTSIDE_WINDOW too): with 16:00Z on the 10th, two texts on one day there.
    const texts = (candidateTimeZones: string[]) =>
      newYorkCustomer({ candidateTimeZones })
        .send(sms('2026-03-10T16:00:00Z'))
        .send(sms('2026-03-11T05:00:00Z')).events;
    const overCap = (events: ReturnType<typeof texts>) =>
      recheckAccount(events).violations.filter((v) => v.kind === 'OVER_CAP');
    expect(overCap(texts(['America/Los_Angeles']))).toMatchObject([
      { capId: 'sms-per-day', zone: 'America/Los_Angeles' },
    ]);
    expect(overCap(texts([]))).toEqual([]);
  });

  it('finds a fourth text in seven local days (sms-per-week), the earlier three as evidence', () => {
    const history = newYorkCustomer()
      .send(sms('2026-03-09T15:00:00Z'))
      .send(sms('2026-03-10T15:00:00Z'))
      .send(sms('2026-03-11T15:00:00Z'))
      .send(sms('2026-03-12T15:00:00Z'));
    const report = recheckAccount(history.events);
    expect(report.violations).toMatchObject([
      { kind: 'OVER_CAP', capId: 'sms-per-week', limit: 3 },
    ]);
    expect(report.violations[0]).toMatchObject({ counted: { length: 4 } });
    // A week later the first has left the window.
    const spread = newYorkCustomer()
      .send(sms('2026-03-02T15:00:00Z'))
      .send(sms('2026-03-10T15:00:00Z'))
      .send(sms('2026-03-11T15:00:00Z'))
      .send(sms('2026-03-12T15:00:00Z'));
    expect(kindsOf(recheckAccount(spread.events))).toEqual([]);
  });

  it('counts the calls agents reported with the texts where a cap names both (Massachusetts)', () => {
    const massachusetts = () =>
      newYorkCustomer({ jurisdiction: 'US-MA' })
        .call('2026-03-09T15:00:00Z')
        .call('2026-03-10T15:00:00Z', 'delivered');
    const report = recheckAccount(massachusetts().send(sms('2026-03-11T15:00:00Z')).events);
    expect(report.violations).toMatchObject([
      {
        kind: 'OVER_CAP',
        capId: 'ma-2-in-7-personal',
        limit: 2,
        counted: [{ channel: 'agent-call' }, { channel: 'agent-call' }, { channel: 'sms' }],
      },
    ]);
    // Unanswered calls never connected: they do not count.
    const unanswered = newYorkCustomer({ jurisdiction: 'US-MA' })
      .call('2026-03-09T15:00:00Z', 'undelivered')
      .call('2026-03-10T15:00:00Z', 'undelivered')
      .send(sms('2026-03-11T15:00:00Z'));
    expect(kindsOf(recheckAccount(unanswered.events))).toEqual([]);
  });

  it('honours the policy in force at each send: a sliding 36-hour cap from version 2 on', () => {
    const v1 = shippedPolicy()('2026-01-01T00:00:00Z');
    const defaults = v1.jurisdictions['default'];
    if (!defaults) throw new Error('the shipped policy has no default');
    const v2: PolicyDocument = {
      version: 2,
      jurisdictions: {
        ...v1.jurisdictions,
        default: {
          ...defaults,
          caps: [
            ...(defaults.caps ?? []),
            {
              id: 'sms-per-36-hours',
              kind: 'rolling',
              channels: ['sms'],
              limit: 1,
              window: { length: 36, unit: 'hours' },
            },
          ],
        },
      },
    };
    const policyAt = (at: string) => (at >= '2026-03-11T00:00:00Z' ? v2 : v1);
    // 24 hours apart: two local days (fine under v1), one 36-hour window (over under v2).
    const history = newYorkCustomer()
      .send(sms('2026-03-10T15:00:00Z'))
      .send(sms('2026-03-11T15:00:00Z'));
    expect(kindsOf(recheckAccount(history.events))).toEqual([]);
    expect(recheckAccount(history.events, { policyAt }).violations).toMatchObject([
      { kind: 'OVER_CAP', capId: 'sms-per-36-hours', window: { length: 36, unit: 'hours' } },
    ]);
  });
});

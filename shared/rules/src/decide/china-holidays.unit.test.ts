/**
 * China's holidays as the State Council publishes them (`holidays/cn/2026.yaml`), through the
 * shipped policy to a Shanghai customer's SMS slot: the official days off close contact, a 调休
 * weekend day is a working day, and part-population days close nothing unless the policy says so.
 */
import { readFileSync } from 'node:fs';
import { DateTime, Duration } from 'luxon';
import { describe, expect, it } from 'vitest';
import { sampleEvents, type ContactUpdatedV1Payload } from '@kindly/contracts';
import {
  defaultPolicyFile,
  loadOfficialHolidays,
  loadPlanningRules,
} from '../load-planning-rules.js';
import { loadPolicy, type Policy } from '../policy/index.js';
import { decideOutreach } from './decide-outreach.js';
import { findSendSlot } from './send-slot.js';
import { emptyAccountState } from '../state/account-state.js';
import { evolveAccountState, type BankInput } from '../state/evolve-account-state.js';

const rules = loadPlanningRules();
const officialHolidays = loadOfficialHolidays();

/** The shipped policy with `entry` added under `jurisdictions:` (two-space indented). */
function policyWith(entry: string): Policy {
  const text = `${readFileSync(defaultPolicyFile, 'utf8').trimEnd()}\n${entry}\n`;
  return loadPolicy(text, { officialHolidays });
}

/** A Shanghai customer (+86, CN address) without windows of their own. */
const shanghai: ContactUpdatedV1Payload = {
  ...sampleEvents['contact.updated'].payload,
  preferredWindows: [],
  inconvenientWindows: [],
  appointments: [],
};

/** When the next SMS may go, looking from `nowIso` (UTC) for the usual eight days. */
function nextSms(nowIso: string, options: { policy?: Policy; jurisdiction?: string } = {}) {
  const result = findSendSlot({
    policy: options.policy ?? rules.policy,
    contact: { ...shanghai, jurisdiction: options.jurisdiction ?? 'CN' },
    zones: ['Asia/Shanghai'],
    channel: 'sms',
    purpose: 'servicing',
    history: [],
    now: DateTime.fromISO(nowIso, { zone: 'utc' }),
    horizon: Duration.fromObject({ days: 8 }),
    minimumDuration: Duration.fromObject({ minutes: 5 }),
  });
  return result.found ? result.slot.start.setZone('Asia/Shanghai').toISO() : result.reason;
}

/** 21:30 Beijing time the evening before `date`: the next slot is 08:00 on the first open day. */
function eveningBefore(date: string): string {
  const evening = DateTime.fromISO(`${date}T21:30`, { zone: 'Asia/Shanghai' }).minus({ days: 1 });
  return evening.toUTC().toISO() ?? '';
}

const at8 = (date: string) => `${date}T08:00:00.000+08:00`;

describe('China’s official holidays, to a Shanghai customer', () => {
  it('Qingming 2026 (4–6 April) blocks every day of it; the next SMS goes at 08:00 on 7 April', () => {
    expect(nextSms(eveningBefore('2026-04-04'))).toBe(at8('2026-04-07'));
    // Asked on each day of the holiday, at noon Beijing time.
    for (const day of ['04', '05', '06']) {
      expect(nextSms(`2026-04-${day}T04:00:00Z`), day).toBe(at8('2026-04-07'));
    }
    // And the whole decision says the same.
    const account = sampleEvents['account.overdue'];
    const events: BankInput[] = [
      { ...account, payload: { ...account.payload, daysPastDue: 3 } },
      { ...sampleEvents['contact.updated'], payload: shanghai },
      sampleEvents['contact.consent'],
    ];
    const state = events.reduce(
      (s, e) => evolveAccountState(s, e).state,
      emptyAccountState('bank-1', account.payload.accountId),
    );
    const decision = decideOutreach(
      rules,
      { state, history: [], tried: [] },
      DateTime.fromISO('2026-04-04T02:00:00Z', { zone: 'utc' }),
    );
    expect(decision).toMatchObject({
      kind: 'plan',
      sendableNow: false,
      message: { channel: 'sms', earliestSendAt: '2026-04-07T00:00:00Z' },
    });
  });

  it('the official bridge days close too: National Day runs 1–7 October 2026', () => {
    expect(nextSms(eveningBefore('2026-10-01'))).toBe(at8('2026-10-08'));
  });

  it('a 调休 Saturday (14 February 2026) is open; so is a normal Saturday, China’s policy having no weekend rule', () => {
    expect(nextSms(eveningBefore('2026-02-14'))).toBe(at8('2026-02-14'));
    expect(nextSms(eveningBefore('2026-02-07'))).toBe(at8('2026-02-07'));
  });

  it('where a policy closes weekends, a 调休 weekend day is a working day and a normal one stays closed', () => {
    const weekdaysOnly = policyWith(
      [
        '  CN-31:',
        '    extends: CN',
        '    contact:',
        "      hours: [{ days: [mon, tue, wed, thu, fri], start: '09:00', end: '18:00' }]",
        '      excludeSundays: true',
      ].join('\n'),
    );
    const next = (date: string) =>
      nextSms(eveningBefore(date), { policy: weekdaysOnly, jurisdiction: 'CN-31' });
    const at9 = (date: string) => `${date}T09:00:00.000+08:00`;
    expect(next('2026-02-14')).toBe(at9('2026-02-14')); // 调休 Saturday (Spring Festival)
    expect(next('2026-01-04')).toBe(at9('2026-01-04')); // 调休 Sunday (New Year)
    expect(next('2026-02-07')).toBe(at9('2026-02-09')); // a normal Saturday: Monday
    expect(next('2026-03-08')).toBe(at9('2026-03-09')); // a normal Sunday: Monday
  });

  it('part-population days (8 March, 1 June, 1 August 2026) do not block by default', () => {
    expect(nextSms(eveningBefore('2026-03-08'))).toBe(at8('2026-03-08'));
    expect(nextSms(eveningBefore('2026-06-01'))).toBe(at8('2026-06-01'));
    expect(nextSms(eveningBefore('2026-08-01'))).toBe(at8('2026-08-01'));
  });

  it('4 May 2026 is closed anyway: it falls inside the Labour Day holiday (1–5 May)', () => {
    expect(nextSms(eveningBefore('2026-05-04'))).toBe(at8('2026-05-06'));
    expect(nextSms('2026-05-04T04:00:00Z')).toBe(at8('2026-05-06'));
  });

  it('part-population days block when the policy lists them as observances', () => {
    const withObservances = policyWith(
      [
        '  CN-31:',
        '    extends: CN',
        '    holidays:',
        '      country: CN',
        '      schedule: official',
        '      observances: [womens-day, youth-day, childrens-day, army-day]',
      ].join('\n'),
    );
    const next = (date: string) =>
      nextSms(eveningBefore(date), { policy: withObservances, jurisdiction: 'CN-31' });
    expect(next('2026-03-08')).toBe(at8('2026-03-09'));
    expect(next('2026-06-01')).toBe(at8('2026-06-02'));
    expect(next('2026-08-01')).toBe(at8('2026-08-02'));
    expect(next('2026-05-04')).toBe(at8('2026-05-06'));
  });

  it('a year without official data falls back to date-holidays without the part-population days', () => {
    // 2027 has no file: Women's Day is open, date-holidays' three Spring Festival days (5–7 February) are not.
    expect(nextSms(eveningBefore('2027-03-08'))).toBe(at8('2027-03-08'));
    expect(nextSms(eveningBefore('2027-02-05'))).toBe(at8('2027-02-08')); // 除夕 to 初二
  });
});

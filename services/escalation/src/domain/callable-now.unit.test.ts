import { describe, expect, it } from 'vitest';
import { loadPlanningRules } from '@kindly/rules';
import { anAccount, utc } from '../testing/escalation-fixtures.js';
import { callWindows } from './call-policy.js';
import { callableFirst, callableNow, windowAt } from './callable-now.js';

const rules = loadPlanningRules();
const NEW_YORK = [
  { start: '2026-03-04T13:00:00Z', end: '2026-03-05T02:00:00Z', zone: 'America/New_York' },
  { start: '2026-03-05T13:00:00Z', end: '2026-03-06T02:00:00Z', zone: 'America/New_York' },
];
const open = { status: 'open' as const, windows: NEW_YORK, callAttemptsLeft: 2 };

describe('callable now', () => {
  it('is inside a window, the start included and the end not', () => {
    expect(callableNow(open, utc('2026-03-04T12:59:59Z'))).toBe(false);
    expect(callableNow(open, utc('2026-03-04T13:00:00Z'))).toBe(true);
    expect(callableNow(open, utc('2026-03-05T01:59:59Z'))).toBe(true);
    expect(callableNow(open, utc('2026-03-05T02:00:00Z'))).toBe(false);
    expect(windowAt(NEW_YORK, utc('2026-03-05T15:00:00Z'))).toBe(NEW_YORK[1]);
  });

  it('is not for a task without calls left, a closed one, or one without windows', () => {
    const at = utc('2026-03-04T15:00:00Z');
    expect(callableNow({ ...open, callAttemptsLeft: 0 }, at)).toBe(false);
    expect(callableNow({ ...open, status: 'closed' }, at)).toBe(false);
    expect(callableNow({ ...open, windows: [] }, at)).toBe(false);
  });

  it('follows a half-hour zone across its clock change (Adelaide, 5 April 2026)', () => {
    // The test customer's policy (a US one: 08:00–21:00 in the customer's zone and the bank's,
    // no Sundays) with the customer in Adelaide: +10:30 until 03:00 on Sunday 5 April, +9:30 after.
    const contact = { ...anAccount().contact.payload, timeZone: 'Australia/Adelaide' };
    const windows = callWindows(
      { policy: rules.policy, contact, purpose: 'servicing', history: [] },
      utc('2026-04-03T12:00:00Z'),
      utc('2026-04-07T12:00:00Z'),
    );
    const zone = 'Australia/Adelaide';
    expect(windows).toEqual([
      // Saturday from 08:00 at +10:30.
      { start: '2026-04-03T21:30:00Z', end: '2026-04-04T01:00:00Z', zone },
      // Tuesday from 08:00 at +9:30: an hour later in UTC (Monday is Sunday in New York).
      { start: '2026-04-06T22:30:00Z', end: '2026-04-07T01:00:00Z', zone },
    ]);
    const task = { status: 'open' as const, windows, callAttemptsLeft: 1 };
    expect(callableNow(task, utc('2026-04-03T21:29:00Z'))).toBe(false); // Sat 07:59
    expect(callableNow(task, utc('2026-04-03T21:30:00Z'))).toBe(true); // Sat 08:00
    expect(callableNow(task, utc('2026-04-05T23:00:00Z'))).toBe(false); // Mon: no window
    // Tuesday 07:00 local, though 08:00 by Saturday's offset: not yet.
    expect(callableNow(task, utc('2026-04-06T21:30:00Z'))).toBe(false);
    expect(callableNow(task, utc('2026-04-06T22:30:00Z'))).toBe(true); // Tue 08:00
  });

  it('puts the callable tasks first, keeping each group’s order', () => {
    const tasks = [
      { id: 'a', callable: false },
      { id: 'b', callable: true },
      { id: 'c', callable: false },
      { id: 'd', callable: true },
    ];
    expect(callableFirst(tasks).map((t) => t.id)).toEqual(['b', 'd', 'a', 'c']);
  });
});

import type { NumberCheck } from '@kindly/contracts';
import {
  emptyAccountState,
  loadPlanningRules,
  type AccountState,
  type Policy,
} from '@kindly/rules';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { NumberCheckDeps, ReassignedNumberReply } from './ports.js';
import { lookAtNumber } from './reassigned-number-look.js';

const PHONE = '+12125550147';
const NOW = DateTime.fromISO('2026-03-04T14:00:00Z', { zone: 'utc' });
const shipped = loadPlanningRules().policy;

function account(
  jurisdiction: string,
  consentAt: string | null = '2026-02-01T15:00:00Z',
): AccountState {
  const known = <T>(value: T, asOf: string) => ({ value, asOf, eventId: `e-${asOf}` });
  const state: AccountState = {
    ...emptyAccountState('bank-1', 'acct-1'),
    contact: known(
      {
        accountId: 'acct-1',
        name: { family: 'Doe' },
        phones: [{ number: PHONE, type: 'mobile' as const, primary: true }],
        emails: [],
        postalAddresses: [],
        locale: 'en-US',
        timeZone: 'America/New_York',
        candidateTimeZones: [],
        jurisdiction,
        preferredWindows: [],
        appointments: [],
        doNotContactAtWork: false,
      },
      '2026-01-15T15:00:00Z',
    ),
    consents: (consentAt === null ? [] : [consentAt]).map((at) =>
      known(
        {
          accountId: 'acct-1',
          channel: 'sms' as const,
          address: PHONE,
          purpose: 'servicing' as const,
          status: 'granted' as const,
          basis: 'contract' as const,
          source: 'branch' as const,
          at,
        },
        at,
      ),
    ),
  };
  return state;
}

/** A database that answers `reply` and counts its queries; a store in memory. */
function fakes(reply: ReassignedNumberReply, kept?: NumberCheck) {
  const asked: { phone: string; since: string }[] = [];
  const stored = new Map<string, NumberCheck>(kept ? [[PHONE, kept]] : []);
  const deps: NumberCheckDeps = {
    database: {
      name: 'fcc-rnd',
      ask: async (query) => {
        asked.push(query);
        return reply;
      },
    },
    store: {
      latest: async (phone) => stored.get(phone),
      record: async (phone, check) => void stored.set(phone, check),
    },
  };
  return { deps, asked, stored };
}

const yes = { ok: true, answer: 'yes', queryId: 'rnd-1' } as const;
const down = { ok: false, code: 'RND_HTTP_503' } as const;

describe('the look at a number before a text', () => {
  it('asks about a US customer’s number from the day consent was given, and stops on yes', async () => {
    const { deps, asked, stored } = fakes(yes);
    const look = await lookAtNumber(deps, shipped, account('US-MA'), PHONE, NOW);
    expect(asked).toEqual([{ phone: PHONE, since: '2026-02-01' }]);
    expect(look).toEqual({
      kind: 'stop',
      reason: 'REASSIGNED_NUMBER',
      check: {
        database: 'fcc-rnd',
        answer: 'yes',
        since: '2026-02-01',
        queryId: 'rnd-1',
        askedAt: '2026-03-04T14:00:00Z',
      },
    });
    expect(stored.get(PHONE)?.queryId).toBe('rnd-1');
  });

  it('asks nothing for a jurisdiction the policy does not list, or without a database', async () => {
    const { deps, asked } = fakes(yes);
    expect(await lookAtNumber(deps, shipped, account('GB'), PHONE, NOW)).toEqual({ kind: 'send' });
    expect(await lookAtNumber(undefined, shipped, account('US'), PHONE, NOW)).toEqual({
      kind: 'send',
    });
    expect(asked).toEqual([]);
  });

  it('stops the text when the database cannot be asked, unless the policy says send', async () => {
    const { deps } = fakes(down);
    expect(await lookAtNumber(deps, shipped, account('US'), PHONE, NOW)).toEqual({
      kind: 'stop',
      reason: 'REASSIGNED_CHECK_UNAVAILABLE',
    });
    const lenient: Policy = {
      ...shipped,
      reassignedNumbers: { ...shipped.reassignedNumbers!, onError: 'send' },
    };
    expect(await lookAtNumber(deps, lenient, account('US'), PHONE, NOW)).toEqual({ kind: 'send' });
  });

  it('uses the answer in hand within the period, and asks again after consent given anew', async () => {
    const kept: NumberCheck = {
      database: 'fcc-rnd',
      answer: 'yes',
      since: '2026-02-01',
      queryId: 'rnd-0',
      askedAt: '2026-02-20T15:00:00Z',
    };
    const inHand = fakes({ ok: true, answer: 'no', queryId: 'rnd-2' }, kept);
    const old = await lookAtNumber(inHand.deps, shipped, account('US'), PHONE, NOW);
    expect(old).toMatchObject({ kind: 'stop', check: { queryId: 'rnd-0' } });
    expect(inHand.asked).toEqual([]);

    // The customer confirmed the number (consent again) after that answer: asked from then.
    const again = await lookAtNumber(
      inHand.deps,
      shipped,
      account('US', '2026-03-01T15:00:00Z'),
      PHONE,
      NOW,
    );
    expect(inHand.asked).toEqual([{ phone: PHONE, since: '2026-03-01' }]);
    expect(again).toMatchObject({ kind: 'send', check: { answer: 'no', queryId: 'rnd-2' } });
  });

  it('asks again for a customer whose date a `no` kept for the number does not cover', async () => {
    // Another account's customer had the number from 10 February: nothing about January.
    const kept: NumberCheck = {
      database: 'fcc-rnd',
      answer: 'no',
      since: '2026-02-10',
      queryId: 'rnd-0',
      askedAt: '2026-02-20T15:00:00Z',
    };
    const { deps, asked } = fakes({ ok: true, answer: 'yes', queryId: 'rnd-3' }, kept);
    const look = await lookAtNumber(
      deps,
      shipped,
      account('US', '2026-01-20T15:00:00Z'),
      PHONE,
      NOW,
    );
    expect(asked).toEqual([{ phone: PHONE, since: '2026-01-20' }]);
    expect(look).toMatchObject({ kind: 'stop', check: { queryId: 'rnd-3' } });
    // The customer whose date it covers is not asked.
    const later = fakes({ ok: true, answer: 'no', queryId: 'rnd-4' }, kept);
    const ok = await lookAtNumber(
      later.deps,
      shipped,
      account('US', '2026-02-15T15:00:00Z'),
      PHONE,
      NOW,
    );
    expect(later.asked).toEqual([]);
    expect(ok).toMatchObject({ kind: 'send', check: { queryId: 'rnd-0' } });
  });

  it('stops a text to a number no consent names, asking nothing (no date of the customer’s)', async () => {
    const { deps, asked } = fakes(yes);
    const look = await lookAtNumber(deps, shipped, account('US', null), PHONE, NOW);
    expect(look).toEqual({ kind: 'stop', reason: 'REASSIGNED_CHECK_NO_DATE' });
    expect(asked).toEqual([]);
  });

  it('stops on `no-data` under the shipped policy, sends on it where the policy says send', async () => {
    const noData = { ok: true, answer: 'no-data', queryId: 'rnd-5' } as const;
    const { deps } = fakes(noData);
    expect(await lookAtNumber(deps, shipped, account('US'), PHONE, NOW)).toMatchObject({
      kind: 'stop',
      reason: 'REASSIGNED_NO_DATA',
      check: { answer: 'no-data', queryId: 'rnd-5' },
    });
    const lenient: Policy = {
      ...shipped,
      reassignedNumbers: { ...shipped.reassignedNumbers!, onNoData: 'send' },
    };
    const other = fakes(noData);
    expect(await lookAtNumber(other.deps, lenient, account('US'), PHONE, NOW)).toMatchObject({
      kind: 'send',
      check: { answer: 'no-data' },
    });
  });

  it('reuses a kept `no-data` only for the same date, and asks about a later one', async () => {
    const kept: NumberCheck = {
      database: 'fcc-rnd',
      answer: 'no-data',
      since: '2026-01-10',
      queryId: 'rnd-0',
      askedAt: '2026-02-20T15:00:00Z',
    };
    const { deps, asked } = fakes({ ok: true, answer: 'yes', queryId: 'rnd-6' }, kept);
    const look = await lookAtNumber(deps, shipped, account('US'), PHONE, NOW);
    expect(asked).toEqual([{ phone: PHONE, since: '2026-02-01' }]);
    expect(look).toMatchObject({ kind: 'stop', reason: 'REASSIGNED_NUMBER' });
  });

  it('asks about the customer’s own date, not one a kept `no` (another account’s) moved on', async () => {
    const kept: NumberCheck = {
      database: 'fcc-rnd',
      answer: 'no',
      since: '2026-01-10',
      queryId: 'rnd-0',
      askedAt: '2026-02-20T15:00:00Z',
    };
    const daily: Policy = {
      ...shipped,
      reassignedNumbers: { ...shipped.reassignedNumbers!, recheckAfterDays: 1 },
    };
    const { deps, asked } = fakes({ ok: true, answer: 'no', queryId: 'rnd-7' }, kept);
    await lookAtNumber(deps, daily, account('US'), PHONE, NOW);
    expect(asked).toEqual([{ phone: PHONE, since: '2026-02-01' }]);
  });
});

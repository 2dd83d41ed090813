import { readFileSync } from 'node:fs';
import { DateTime, Duration } from 'luxon';
import { describe, expect, it } from 'vitest';
import { sampleEvents, type ContactUpdatedV1Payload } from '@kindly/contracts';
import { loadPolicy } from '../policy/index.js';
import { loadOfficialHolidays } from '../load-planning-rules.js';
import { closedPlacesAt } from './closed-places.js';
import { findSendSlot, type SlotRequest } from './send-slot.js';
import { placesOf } from './zone-places.js';

const defaultYaml = readFileSync(
  new URL('../../policy/default-policy.yaml', import.meta.url),
  'utf8',
);
const policy = loadPolicy(defaultYaml, { officialHolidays: loadOfficialHolidays() });

const at = (iso: string) => DateTime.fromISO(iso, { zone: 'utc' });

/** A New York customer under federal rules, with only the hints a test adds. */
function contact(more: Partial<ContactUpdatedV1Payload> = {}): ContactUpdatedV1Payload {
  return {
    ...sampleEvents['contact.updated'].payload,
    timeZone: 'America/New_York',
    candidateTimeZones: [],
    jurisdiction: 'US',
    phones: [{ number: '+12125550123', type: 'mobile', primary: true }],
    postalAddresses: [],
    preferredWindows: [],
    inconvenientWindows: [],
    appointments: [],
    ...more,
  };
}

const ukAddress = {
  lines: ['1 High Street'],
  city: 'London',
  postalCode: 'SW1A 1AA',
  country: 'GB',
};

function slot(request: Partial<SlotRequest> & Pick<SlotRequest, 'contact' | 'now'>) {
  return findSendSlot({
    policy,
    channel: 'sms',
    purpose: 'servicing',
    history: [],
    ...request,
  });
}

function startOf(result: ReturnType<typeof findSendSlot>): string | null {
  return result.found ? result.slot.start.toUTC().toISO({ suppressMilliseconds: true }) : null;
}

describe('candidate zones under the rules of the places they come from (item 3)', () => {
  const usWithUkAddress = contact({ postalAddresses: [{ ...ukAddress }] });

  it('judges London by the UK’s hours as well as the customer’s own', () => {
    expect(placesOf(policy, usWithUkAddress)).toEqual([
      { zone: 'America/New_York', jurisdictions: ['US'] },
      { zone: 'Europe/London', jurisdictions: ['US', 'GB'] },
    ]);
    // Tuesday 5 May 2026, 19:30Z: 15:30 in New York, 20:30 in London. The US allows texts until
    // 21:00, the UK (firm policy) until 20:00: the next time both allow is Wednesday 08:00 in
    // New York (13:00 in London).
    const result = slot({ contact: usWithUkAddress, now: at('2026-05-05T19:30:00Z') });
    expect(startOf(result)).toBe('2026-05-06T12:00:00Z');
    expect(closedPlacesAt(policy, usWithUkAddress, SMS, at('2026-05-05T19:30:00Z'))).toEqual([
      { zone: 'Europe/London', jurisdiction: 'GB', why: 'HOURS', localTime: '2026-05-05 20:30' },
    ]);
  });

  it('closes a UK bank holiday in London for a US customer who may be there', () => {
    // Monday 4 May 2026, 12:00Z (08:00 New York): the Early May bank holiday in the UK only.
    const result = slot({ contact: usWithUkAddress, now: at('2026-05-04T12:00:00Z') });
    expect(startOf(result)).toBe('2026-05-05T12:00:00Z');
    expect(closedPlacesAt(policy, usWithUkAddress, SMS, at('2026-05-04T12:00:00Z'))).toEqual([
      { zone: 'Europe/London', jurisdiction: 'GB', why: 'HOLIDAY', localTime: '2026-05-04 13:00' },
    ]);
    // Without the UK address nothing closes that day.
    expect(startOf(slot({ contact: contact(), now: at('2026-05-04T12:00:00Z') }))).toBe(
      '2026-05-04T12:00:00Z',
    );
  });

  it('closes Patriots’ Day in New York time for a Californian with a Massachusetts address', () => {
    const californian = contact({
      timeZone: 'America/Los_Angeles',
      jurisdiction: 'US-CA',
      phones: [{ number: '+14155550123', type: 'mobile', primary: true }],
      postalAddresses: [{ ...ukAddress, country: 'US', region: 'MA', postalCode: '02108' }],
    });
    // A Californian number names the US, judged as US-CA already is (the US entry).
    expect(placesOf(policy, californian)).toEqual([
      { zone: 'America/Los_Angeles', jurisdictions: ['US-CA'] },
      { zone: 'America/New_York', jurisdictions: ['US-CA', 'US-MA'] },
    ]);
    // Monday 20 April 2026, 17:00Z: 10:00 in Los Angeles, 13:00 in Boston, Patriots' Day there.
    const result = slot({ contact: californian, now: at('2026-04-20T17:00:00Z') });
    expect(startOf(result)).toBe('2026-04-21T15:00:00Z');
  });

  it('reads a customer under `default` with the calendar of their own country', () => {
    const french = contact({
      timeZone: 'Europe/Paris',
      jurisdiction: 'FR',
      phones: [{ number: '+33612345678', type: 'mobile', primary: true }],
    });
    expect(placesOf(policy, french)).toEqual([{ zone: 'Europe/Paris', jurisdictions: ['FR'] }]);
    // Thursday 14 May 2026 is Ascension Day in France: closed; Friday 08:00 in Paris is open.
    expect(startOf(slot({ contact: french, now: at('2026-05-14T08:00:00Z') }))).toBe(
      '2026-05-15T06:00:00Z',
    );
  });

  it('judges a number of a country without an entry under default, with its own calendar', () => {
    // A New Yorker with a Berlin number: Europe/Berlin under `default` (which names no calendar:
    // Germany's, not one made up of "de" from "default"). Christmas Eve, 12:00Z: 07:00 in New
    // York, 13:00 in Berlin; both allow from 13:00Z until 20:00 in Berlin.
    const withBerlinPhone = contact({
      jurisdiction: 'US-NY',
      phones: [{ number: '+4930123456', type: 'mobile', primary: true }],
    });
    const result = slot({ contact: withBerlinPhone, now: at('2026-12-24T12:00:00Z') });
    expect(result.found && [startOf(result), result.slot.end.toISO()]).toEqual([
      '2026-12-24T13:00:00Z',
      '2026-12-24T19:00:00.000Z',
    ]);
  });

  it('keeps judging the zones a plan was made for by the customer’s own rules', () => {
    // The plan's zones travel with the message; a zone no longer inferred still binds.
    expect(placesOf(policy, contact(), ['Asia/Tokyo'])).toEqual([
      { zone: 'America/New_York', jurisdictions: ['US'] },
      { zone: 'Asia/Tokyo', jurisdictions: ['US'] },
    ]);
  });
});

const SMS = { channel: 'sms', purpose: 'servicing' } as const;

describe('what the policy can say (item 4)', () => {
  const withPolicy = (yaml: string) =>
    loadPolicy(yaml, { officialHolidays: loadOfficialHolidays() });

  it('answers NEVER_ALLOWED, with the cap, for a cap of 0', () => {
    const never = withPolicy(
      defaultYaml.replace(
        '    caps:\n      # Same ids as default',
        `    caps:
      - id: no-texts-here
        kind: rolling
        channels: [sms]
        limit: 0
        window: { length: 1, unit: days }
        source: [firm-policy]
      # Same ids as default`,
      ),
    );
    const result = findSendSlot({
      policy: never,
      contact: contact(),
      ...SMS,
      history: [],
      now: at('2026-05-05T15:00:00Z'),
    });
    expect(result).toMatchObject({
      found: false,
      reason: 'NEVER_ALLOWED',
      blockingCaps: ['no-texts-here'],
    });
  });

  it('answers NEVER_ALLOWED, with the zone, where a rule has no hours', () => {
    const noTextsInUk = withPolicy(
      defaultYaml.replace(
        `    channels:
      sms:
        servicing:
          consent:
            required: true
            bases: [contract, legitimate-interest, express-consent, written-consent]`,
        `    channels:
      sms:
        servicing:
          hours: []
          consent:
            required: true
            bases: [contract, legitimate-interest, express-consent, written-consent]`,
      ),
    );
    const result = findSendSlot({
      policy: noTextsInUk,
      contact: contact({ postalAddresses: [{ ...ukAddress }] }),
      ...SMS,
      history: [],
      now: at('2026-05-05T15:00:00Z'),
    });
    expect(result).toMatchObject({
      found: false,
      reason: 'NEVER_ALLOWED',
      closedIn: [{ zone: 'Europe/London', jurisdiction: 'GB' }],
    });
  });

  it('answers NO_WINDOW with the end of the horizon when nothing opens within it', () => {
    // Five no-contact days from Tuesday, and a horizon of three days.
    const closedWeek = withPolicy(
      defaultYaml.replace(
        '      searchHorizonDays: 8\n',
        `      searchHorizonDays: 3
      noContactDates: ['2026-05-05', '2026-05-06', '2026-05-07', '2026-05-08', '2026-05-09']
`,
      ),
    );
    const result = findSendSlot({
      policy: closedWeek,
      contact: contact(),
      ...SMS,
      history: [],
      now: at('2026-05-05T15:00:00Z'),
    });
    expect(result).toMatchObject({ found: false, reason: 'NO_WINDOW' });
    expect(!result.found && result.retryAt?.toISO()).toBe('2026-05-08T15:00:00.000Z');
  });

  it('gives a call fifteen minutes before the window closes, a text five', () => {
    // 20:50 in New York on Tuesday 5 May 2026: ten minutes before 21:00.
    const now = at('2026-05-06T00:50:00Z');
    expect(startOf(slot({ contact: contact(), now }))).toBe('2026-05-06T00:50:00Z');
    const call = slot({ contact: contact(), now, channel: 'agent-call' });
    expect(startOf(call)).toBe('2026-05-06T12:00:00Z');
    expect(call.found && call.reasons).toEqual(['TOO_LITTLE_TIME_LEFT']);
    // An explicit override still wins (a reported call checked at its instant).
    const checked = slot({
      contact: contact(),
      now,
      channel: 'agent-call',
      minimumDuration: Duration.fromObject({ seconds: 1 }),
    });
    expect(startOf(checked)).toBe('2026-05-06T00:50:00Z');
  });
});

describe('decisions that say why (item 5)', () => {
  it('names the caps that held a send back', () => {
    const result = slot({
      contact: contact(),
      now: at('2026-05-05T15:00:00Z'),
      history: [{ channel: 'sms', at: '2026-05-05T13:00:00Z', kind: 'delivered' }],
    });
    expect(startOf(result)).toBe('2026-05-06T12:00:00Z');
    expect(result.found && result.blockingCaps).toEqual(['sms-per-day']);
    expect(result.found && result.reasons).toEqual(['WAITED_FOR_CAP']);
  });

  it('holds a send back only by the caps of its own address type', () => {
    // Massachusetts: two texts or calls in 7 days to a mobile, home or personal number, two in
    // 30 days to a work number. Two texts to the mobile this week hold back a third to it…
    const bostonian = contact({ jurisdiction: 'US-MA' });
    const twoTexts = [
      { channel: 'sms' as const, at: '2026-05-01T14:00:00Z', kind: 'delivered' as const },
      { channel: 'sms' as const, at: '2026-05-03T14:00:00Z', kind: 'delivered' as const },
    ].map((entry) => ({ ...entry, addressType: 'mobile' as const }));
    const third = slot({ contact: bostonian, now: at('2026-05-05T15:00:00Z'), history: twoTexts });
    expect(startOf(third)).toBe('2026-05-08T12:00:00Z');
    expect(third.found && third.blockingCaps).toEqual(['ma-2-in-7-personal']);
    // …while two to a work number in the month do not, because the text goes to the mobile.
    const atWork = twoTexts.map((entry) => ({ ...entry, addressType: 'work' as const }));
    const toMobile = slot({ contact: bostonian, now: at('2026-05-05T15:00:00Z'), history: atWork });
    expect(startOf(toMobile)).toBe('2026-05-05T15:00:00Z');
  });

  it('names the candidate zone whose hours are closed', () => {
    const twoCoasts = contact({
      phones: [{ number: '+14155550123', type: 'mobile', primary: true }],
    });
    // 08:30 in New York, 05:30 in Los Angeles.
    expect(closedPlacesAt(policy, twoCoasts, SMS, at('2026-05-05T12:30:00Z'))).toEqual([
      {
        zone: 'America/Los_Angeles',
        jurisdiction: 'US',
        why: 'HOURS',
        localTime: '2026-05-05 05:30',
      },
    ]);
    expect(startOf(slot({ contact: twoCoasts, now: at('2026-05-05T12:30:00Z') }))).toBe(
      '2026-05-05T15:00:00Z',
    );
  });
});

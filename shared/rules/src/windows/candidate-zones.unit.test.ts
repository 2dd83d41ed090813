import { describe, expect, it } from 'vitest';
import { candidateZones } from './candidate-zones.js';
import { zonesOfNanpAreaCode } from './nanp-area-code-zones.js';
import { usRegionCode, zonesOfUsRegion } from './us-region-zones.js';

const zoneMap = (result: ReturnType<typeof candidateZones>) =>
  Object.fromEntries(result.zones.map((z) => [z.zone, z.reasons]));

describe('candidateZones', () => {
  it('always has the primary zone, first', () => {
    const result = candidateZones({ timeZone: 'Asia/Shanghai' });
    expect(result).toEqual({
      zones: [{ zone: 'Asia/Shanghai', reasons: ['primary'], places: [] }],
      unresolved: [],
    });
  });

  it('adds the bank’s candidates, area codes and US states, with every reason for a zone', () => {
    const result = candidateZones({
      timeZone: 'America/New_York',
      candidateTimeZones: ['America/Chicago'],
      phones: [{ number: '+14155550123' }, { number: '+12125550199' }],
      postalAddresses: [{ country: 'US', region: 'CA' }],
    });
    expect(zoneMap(result)).toEqual({
      'America/New_York': ['primary', 'phone:+1-212'],
      'America/Chicago': ['bank-candidate'],
      'America/Los_Angeles': ['phone:+1-415', 'address:US-CA'],
    });
    expect(result.zones[0]?.zone).toBe('America/New_York');
    // The places whose rules hold there: a number names its country, an address its state.
    expect(Object.fromEntries(result.zones.map((z) => [z.zone, z.places]))).toEqual({
      'America/New_York': ['US'],
      'America/Chicago': [],
      'America/Los_Angeles': ['US', 'US-CA'],
    });
  });

  it('an area code or a state that spans zones yields all of them', () => {
    const phone = zoneMap(
      candidateZones({ timeZone: 'America/Boise', phones: [{ number: '+12085550123' }] }),
    );
    expect(Object.keys(phone).sort()).toEqual([
      'America/Boise',
      'America/Denver',
      'America/Los_Angeles',
    ]);
    const texas = zoneMap(
      candidateZones({
        timeZone: 'America/Chicago',
        postalAddresses: [{ country: 'US', region: 'Texas' }],
      }),
    );
    expect(texas).toEqual({
      'America/Chicago': ['primary', 'address:US-TX'],
      'America/Denver': ['address:US-TX'],
    });
  });

  it('other countries: one zone or all of them (countries-and-timezones)', () => {
    const result = candidateZones({
      timeZone: 'Asia/Shanghai',
      phones: [{ number: '+442079460000' }, { number: '+6435550123' }],
      postalAddresses: [{ country: 'IN' }],
    });
    expect(zoneMap(result)).toMatchObject({
      'Europe/London': ['phone:+44/GB'],
      'Pacific/Auckland': ['phone:+64/NZ'],
      'Pacific/Chatham': ['phone:+64/NZ'],
      'Asia/Kolkata': ['address:IN'],
    });
  });

  it('a US address without a known state yields every US zone (conservative)', () => {
    const result = candidateZones({
      timeZone: 'America/New_York',
      postalAddresses: [{ country: 'US' }],
    });
    expect(result.zones.map((z) => z.zone)).toEqual(
      expect.arrayContaining(['Pacific/Honolulu', 'America/Adak']),
    );
  });

  it('reports what it cannot place instead of guessing, and never the whole number', () => {
    const result = candidateZones({
      timeZone: 'America/New_York',
      phones: [{ number: 'call me maybe' }, { number: '+15555550123' }],
      postalAddresses: [{ country: 'ZZ' }],
    });
    expect(result.zones).toEqual([{ zone: 'America/New_York', reasons: ['primary'], places: [] }]);
    expect(result.unresolved).toEqual([
      { source: 'phone:+…', reason: 'unparseable-phone' },
      { source: 'phone:+1-555', reason: 'unknown-country' },
      { source: 'address:ZZ', reason: 'unknown-country' },
    ]);
  });

  it('an unknown primary zone is an error', () => {
    expect(() => candidateZones({ timeZone: 'Mars/Olympus' })).toThrow(/primary time zone/);
  });
});

/**
 * One area code per state and DC (and the state's largest city's, where that is the first
 * code), to check the coarse table covers every state and agrees with the state table: every
 * zone of a state's area code must be one of the state's zones, or a neighbour's for codes
 * that cross a state line (none in this sample).
 */
const AREA_CODE_BY_STATE: Readonly<Record<string, string>> = {
  AL: '205',
  AK: '907',
  AZ: '602',
  AR: '501',
  CA: '415',
  CO: '303',
  CT: '203',
  DE: '302',
  DC: '202',
  FL: '305',
  GA: '404',
  HI: '808',
  ID: '208',
  IL: '312',
  IN: '317',
  IA: '515',
  KS: '785',
  KY: '502',
  LA: '504',
  ME: '207',
  MD: '410',
  MA: '617',
  MI: '313',
  MN: '612',
  MS: '601',
  MO: '314',
  MT: '406',
  NE: '402',
  NV: '702',
  NH: '603',
  NJ: '201',
  NM: '505',
  NY: '212',
  NC: '704',
  ND: '701',
  OH: '216',
  OK: '405',
  OR: '503',
  PA: '215',
  RI: '401',
  SC: '803',
  SD: '605',
  TN: '615',
  TX: '214',
  UT: '801',
  VT: '802',
  VA: '703',
  WA: '206',
  WV: '304',
  WI: '414',
  WY: '307',
};

/** IANA zones that differ in name but not in rules since 2007 (tz links and same-offset zones). */
const SAME_RULES: Readonly<Record<string, string>> = {
  'America/Indiana/Indianapolis': 'America/New_York',
  'America/Detroit': 'America/New_York',
  'America/Boise': 'America/Denver',
  'America/North_Dakota/Center': 'America/Chicago',
  'America/Juneau': 'America/Anchorage',
  'America/Menominee': 'America/Chicago',
};
const rulesOf = (zone: string) => SAME_RULES[zone] ?? zone;

describe('candidateZones with countries of one legal time', () => {
  const legalTimeZones = new Map([['CN', 'Asia/Shanghai']]);

  it('puts a +86 number and a CN address in Beijing time alone', () => {
    const hints = {
      timeZone: 'Asia/Shanghai',
      phones: [{ number: '+8613800138000' }],
      postalAddresses: [{ country: 'CN', region: '新疆' }],
    };
    expect(candidateZones(hints, { legalTimeZones }).zones).toEqual([
      {
        zone: 'Asia/Shanghai',
        reasons: ['primary', 'phone:+86/CN', 'address:CN'],
        places: ['CN'],
      },
    ]);
    // Without the setting, every zone the tz database lists for China.
    expect(candidateZones(hints).zones.map((z) => z.zone)).toEqual([
      'Asia/Shanghai',
      'Asia/Urumqi',
    ]);
  });

  it('keeps the primary zone and the bank’s candidates whatever the setting says', () => {
    const result = candidateZones(
      {
        timeZone: 'Asia/Urumqi',
        candidateTimeZones: ['Asia/Tokyo'],
        phones: [{ number: '+8613800138000' }],
      },
      { legalTimeZones },
    );
    expect(zoneMap(result)).toEqual({
      'Asia/Urumqi': ['primary'],
      'Asia/Tokyo': ['bank-candidate'],
      'Asia/Shanghai': ['phone:+86/CN'],
    });
  });

  it('leaves other countries’ zones as they are: a +1-850 number is still Central and Eastern', () => {
    const result = candidateZones(
      { timeZone: 'America/New_York', phones: [{ number: '+18505550100' }] },
      { legalTimeZones },
    );
    expect(zoneMap(result)).toEqual({
      'America/New_York': ['primary', 'phone:+1-850'],
      'America/Chicago': ['phone:+1-850'],
    });
  });
});

describe('area-code and state tables', () => {
  it.each(Object.entries(AREA_CODE_BY_STATE))(
    '%s: area code %s is in the table and in the state’s zones',
    (state, code) => {
      const phoneZones = zonesOfNanpAreaCode(code);
      const stateZones = zonesOfUsRegion(state);
      expect(phoneZones).toBeDefined();
      expect(stateZones).toBeDefined();
      // 907 lists Honolulu (Google's statistics: Alaskan numbers seen in Hawaii); allowed, it only narrows.
      const extra = (phoneZones ?? [])
        .map(rulesOf)
        .filter((z) => !(stateZones ?? []).map(rulesOf).includes(z));
      expect(extra.filter((z) => !(state === 'AK' && z === 'Pacific/Honolulu'))).toEqual([]);
    },
  );

  it('reads state codes in any common spelling', () => {
    expect(['CA', 'ca', 'US-CA', ' California '].map(usRegionCode)).toEqual([
      'CA',
      'CA',
      'CA',
      'CA',
    ]);
    expect(usRegionCode('Narnia')).toBeUndefined();
  });
});

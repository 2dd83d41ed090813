import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadPolicy } from './load-policy.js';
import { PolicyError } from './policy-error.js';
import { contactRule, frequencyCaps, jurisdictionPolicy } from './policy-lookup.js';

const defaultYaml = readFileSync(
  new URL('../../policy/default-policy.yaml', import.meta.url),
  'utf8',
);

/** The smallest complete policy, to vary in the error tests. */
const minimal = `
version: 3
jurisdictions:
  default:
    contact:
      hours: [{ days: [mon], start: '09:00', end: '17:00' }]
      excludeHolidays: true
      excludeSundays: true
      searchHorizonDays: 8
      minimumMinutesLeft: 5
      consent: { required: false, bases: [] }
      source: [firm-policy]
    channels:
      sms: { marketing: { consent: { required: true, bases: [written-consent] } } }
      email: { marketing: { consent: { required: true, bases: [written-consent] } } }
      letter: { marketing: { consent: { required: true, bases: [written-consent] } } }
      agent-call: { marketing: { consent: { required: true, bases: [written-consent] } } }
    flags:
      dispute: { suppresses: [servicing, marketing], source: [derived] }
      bankruptcy: { suppresses: [servicing, marketing], source: [derived] }
      deceased: { suppresses: [servicing, marketing], source: [derived] }
      cease-communication: { suppresses: [servicing, marketing], source: [S1] }
      attorney-represented: { suppresses: [servicing, marketing], source: [S1] }
      legal-hold: { suppresses: [servicing, marketing], source: [derived] }
    arrangements:
      promiseToPay: { graceDays: 1, pauses: [servicing], source: [firm-policy] }
      instalmentPlan: { graceDays: 1, pauses: [servicing], source: [firm-policy] }
    workAddresses:
      { blockWhenDoNotContactAtWork: true, workEmailRequiresConsent: true, source: [S18] }
`;

function refusal(text: string): PolicyError {
  try {
    loadPolicy(text);
  } catch (error) {
    if (error instanceof PolicyError) return error;
    throw error;
  }
  throw new Error('expected the policy to be refused');
}

function issuesOf(text: string): string[] {
  try {
    loadPolicy(text);
  } catch (error) {
    if (error instanceof PolicyError) return error.issues.map((i) => `${i.path}: ${i.message}`);
    throw error;
  }
  throw new Error('expected the policy to be refused');
}

describe('the default policy', () => {
  const policy = loadPolicy(defaultYaml);

  it('loads with a version and every jurisdiction the notes cover', () => {
    expect(policy.version).toBe(2);
    expect([...policy.jurisdictions.keys()].sort()).toEqual(
      ['CN', 'GB', 'US', 'US-MA', 'US-WA', 'default'].sort(),
    );
  });

  it('gives the US 08:00–21:00 every day, Sundays and holidays excluded', () => {
    const rule = contactRule(policy, 'US', 'sms', 'servicing');
    expect(rule.hours).toEqual([{ days: [1, 2, 3, 4, 5, 6, 7], start: '08:00', end: '21:00' }]);
    expect(rule).toMatchObject({ excludeSundays: true, excludeHolidays: true });
    expect(rule.source).toContain('S2');
  });

  it('gives China 08:00–21:00 and the UK 08:00–20:00 Monday to Saturday', () => {
    expect(contactRule(policy, 'CN', 'agent-call', 'servicing').hours[0]).toMatchObject({
      start: '08:00',
      end: '21:00',
    });
    const gb = contactRule(policy, 'GB', 'email', 'servicing');
    expect(gb.hours).toEqual([{ days: [1, 2, 3, 4, 5, 6], start: '08:00', end: '20:00' }]);
    expect(gb.excludeSundays).toBe(true);
  });

  it('lets US-MA inherit the federal rules and add its own caps', () => {
    const ma = jurisdictionPolicy(policy, 'US-MA');
    expect(ma.lineage).toEqual(['US-MA', 'US', 'default']);
    expect(contactRule(policy, 'US-MA', 'sms', 'marketing').consent.bases).toEqual([
      'written-consent',
    ]);
    const ids = frequencyCaps(policy, 'US-MA').map((cap) => cap.id);
    expect(ids).toEqual(expect.arrayContaining(['calls-7-in-7', 'ma-2-in-7-personal']));
    expect(ma.holidays).toEqual({ country: 'US', region: 'MA', types: ['public'] });
  });

  it('replaces an inherited cap with the same id (Reg F re-cited in the US)', () => {
    const us = frequencyCaps(policy, 'US').filter((cap) => cap.id === 'calls-7-in-7');
    expect(us).toHaveLength(1);
    expect(us[0]?.source).toEqual(['S4', 'S5', 'S9', 'S10']);
    expect(frequencyCaps(policy, 'default').find((c) => c.id === 'calls-7-in-7')?.source).toContain(
      'firm-policy',
    );
  });

  it('requires marketing consent on every channel of every jurisdiction', () => {
    for (const jurisdiction of policy.jurisdictions.values()) {
      for (const perPurpose of Object.values(jurisdiction.rules)) {
        expect(perPurpose.marketing.consent.required).toBe(true);
      }
    }
  });

  it('cites a source for every rule, cap and flag', () => {
    for (const j of policy.jurisdictions.values()) {
      for (const perPurpose of Object.values(j.rules)) {
        for (const rule of Object.values(perPurpose)) expect(rule.source.length).toBeGreaterThan(0);
      }
      for (const cap of j.caps) expect(cap.source.length).toBeGreaterThan(0);
      for (const flag of Object.values(j.flags)) expect(flag.source.length).toBeGreaterThan(0);
    }
  });

  it('allows only the three lawful notices after a cease-communication request', () => {
    expect(
      jurisdictionPolicy(policy, 'US').flags['cease-communication'].allowTemplateKinds,
    ).toEqual(['cease-efforts-terminated', 'cease-remedy-may-be-invoked', 'cease-remedy-intended']);
  });

  it('falls back from a state to its country, and from an unknown country to default', () => {
    expect(jurisdictionPolicy(policy, 'US-NY').id).toBe('US');
    expect(jurisdictionPolicy(policy, 'CN-11').id).toBe('CN');
    expect(jurisdictionPolicy(policy, 'FR').id).toBe('default');
  });
});

describe('loadPolicy', () => {
  it('accepts a minimal complete policy', () => {
    expect(loadPolicy(minimal).version).toBe(3);
  });

  it('adds up no-contact dates along the inheritance chain', () => {
    const text = minimal
      .replace(
        'source: [firm-policy]\n    channels',
        "noContactDates: ['2026-12-24']\n      source: [firm-policy]\n    channels",
      )
      .concat(`  US:\n    contact: { noContactDates: ['2026-07-03'], source: [firm-policy] }\n`);
    expect(contactRule(loadPolicy(text), 'US', 'sms', 'servicing').noContactDates).toEqual([
      '2026-12-24',
      '2026-07-03',
    ]);
  });

  it('names the line of a YAML syntax error', () => {
    expect(issuesOf('version: 1\njurisdictions: [\n')[0]).toMatch(/^line \d+: /);
  });

  it('refuses a key given twice', () => {
    expect(issuesOf('version: 1\nversion: 2\njurisdictions: {}\n')[0]).toMatch(/line 2/);
  });

  it('names the path of a bad value and of an unknown field', () => {
    const text = minimal.concat(`  US:
    caps:
      - { id: x, kind: rolling, channels: [sms], limit: -1, window: { length: 7, unit: days }, source: [S4] }
    colour: blue
`);
    expect(issuesOf(text)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^jurisdictions\.US\.caps\[0\]\.limit: /),
        'jurisdictions.US.colour: unknown field "colour"',
      ]),
    );
  });

  it('gives each issue the line of its place, or of the object that lacks it', () => {
    const text = minimal.concat(`  US:
    extends: default
    caps:
      - id: x
        kind: rolling
        channels: [sms]
        limit: -1
        window: { length: 7, unit: days }
        source: [S4]
      - { id: x, kind: rolling, channels: [sms], limit: 1, window: { length: 1, unit: days }, source: [S4] }
`);
    const lines = text.split('\n');
    const lineOf = (path: string) => {
      const issue = refusal(text).issues.find((i) => i.path === path);
      return issue?.line === undefined ? undefined : lines[issue.line - 1];
    };
    expect(lineOf('jurisdictions.US.caps[0].limit')).toBe('        limit: -1');
    // A missing field has no line of its own: the object that lacks it has.
    const missing = minimal.replace('      searchHorizonDays: 8\n', '');
    const issue = refusal(missing).issues.find(
      (i) => i.path === 'jurisdictions.default.channels.sms.servicing.searchHorizonDays',
    );
    expect(missing.split('\n')[(issue?.line ?? 0) - 1]).toMatch(/^ {6}sms: /);
    expect(refusal(missing).message).toMatch(
      /^ {2}line \d+: jurisdictions\.default\.channels\.sms\.servicing\.searchHorizonDays: /m,
    );
  });

  it('gives an issue found after inheritance the line of its place', () => {
    const cap =
      '{ id: x, kind: rolling, channels: [sms], limit: 1, window: { length: 1, unit: days }, source: [S4] }';
    const text = minimal.concat(`  US:\n    caps:\n      - ${cap}\n      - ${cap}\n`);
    const [issue] = refusal(text).issues;
    expect(issue).toMatchObject({ path: 'jurisdictions.US.caps[1].id' });
    expect(text.split('\n')[(issue?.line ?? 0) - 1]).toBe(`      - ${cap}`);
    expect(text.split('\n').indexOf(`      - ${cap}`) + 1).toBeLessThan(issue?.line ?? 0);
  });

  it("keeps a YAML syntax error's line in its path, and says it once in the message", () => {
    const error = refusal('version: 1\nversion: 2\njurisdictions: {}\n');
    expect(error.issues[0]).toMatchObject({ path: 'line 2', line: 2 });
    expect(error.message).toMatch(/^ {2}line 2: [^l]/m);
  });

  it('says "never" with a cap of 0, and hours windows longer than 366 hours', () => {
    const policy = loadPolicy(
      minimal.concat(`  US:
    caps:
      - { id: no-texts, kind: rolling, channels: [sms], limit: 0, window: { length: 1, unit: days }, source: [firm-policy] }
      - { id: calls-per-month, kind: rolling, channels: [agent-call], limit: 20, window: { length: 720, unit: hours }, source: [firm-policy] }
`),
    );
    expect(frequencyCaps(policy, 'US').map((cap) => [cap.id, cap.window.length])).toEqual([
      ['no-texts', 1],
      ['calls-per-month', 720],
    ]);
    // A window in days is still at most a year.
    const tooLong = minimal.concat(`  US:
    caps:
      - { id: x, kind: rolling, channels: [sms], limit: 1, window: { length: 400, unit: days }, source: [S4] }
`);
    expect(issuesOf(tooLong)).toEqual([
      'jurisdictions.US.caps[0].window.length: a window in days is at most 366 days long',
    ]);
  });

  it('reads the search horizon and the time a send needs per channel, and requires both', () => {
    const policy = loadPolicy(
      minimal.concat(`  US:
    channels:
      agent-call: { servicing: { minimumMinutesLeft: 15, searchHorizonDays: 3 } }
`),
    );
    expect(contactRule(policy, 'US', 'agent-call', 'servicing')).toMatchObject({
      minimumMinutesLeft: 15,
      searchHorizonDays: 3,
    });
    expect(contactRule(policy, 'US', 'sms', 'servicing')).toMatchObject({
      minimumMinutesLeft: 5,
      searchHorizonDays: 8,
    });
    const text = minimal.replace('      minimumMinutesLeft: 5\n', '');
    expect(issuesOf(text)).toContain(
      'jurisdictions.default.channels.sms.servicing.minimumMinutesLeft: missing after inheritance (default); set it in `contact` or on the channel',
    );
  });

  it('refuses a source that is not an id from the notes', () => {
    const text = minimal.replace('source: [S18]', 'source: [some blog]');
    expect(issuesOf(text)[0]).toMatch(/^jurisdictions\.default\.workAddresses\.source\[0\]: /);
  });

  it('refuses a parent that does not exist, and a cycle', () => {
    expect(issuesOf(minimal.concat('  US-MA: { extends: US }\n'))).toEqual([
      'jurisdictions.US-MA.extends: extends "US", which is not defined',
    ]);
    const cycle = minimal.concat('  US: { extends: GB }\n  GB: { extends: US }\n');
    expect(issuesOf(cycle)).toContain('jurisdictions.US.extends: inheritance cycle: US → GB → US');
  });

  it('refuses a jurisdiction left incomplete after inheritance', () => {
    const text = minimal.replace('      excludeSundays: true\n', '');
    expect(issuesOf(text)).toContain(
      'jurisdictions.default.channels.sms.servicing.excludeSundays: missing after inheritance (default); set it in `contact` or on the channel',
    );
  });

  it('refuses marketing without consent', () => {
    const text = minimal.concat(
      '  GB:\n    channels: { email: { marketing: { consent: { required: false, bases: [] } } } }\n',
    );
    expect(issuesOf(text)).toEqual([
      'jurisdictions.GB.channels.email.marketing.consent.required: marketing requires consent',
    ]);
  });

  it('refuses two caps with one id', () => {
    const cap =
      '{ id: x, kind: rolling, channels: [sms], limit: 1, window: { length: 1, unit: days }, source: [S4] }';
    const text = minimal.concat(`  US:\n    caps: [${cap}, ${cap}]\n`);
    expect(issuesOf(text)).toEqual(['jurisdictions.US.caps[1].id: "x" is used twice']);
  });

  it('requires a default jurisdiction', () => {
    expect(issuesOf('version: 1\njurisdictions: {}\n')).toEqual([
      'jurisdictions: a `default` jurisdiction is required',
    ]);
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { legalTimeZones } from './legal-time.js';
import { loadPolicy } from './load-policy.js';
import { PolicyError } from './policy-error.js';
import { jurisdictionPolicy } from './policy-lookup.js';

const defaultYaml = readFileSync(
  new URL('../../policy/default-policy.yaml', import.meta.url),
  'utf8',
);

/** The default policy with `entry` appended under `jurisdictions:` (two-space indented). */
const withEntry = (entry: string) => `${defaultYaml.trimEnd()}\n${entry}\n`;

function issuesOf(text: string): string[] {
  try {
    loadPolicy(text);
  } catch (error) {
    if (error instanceof PolicyError) return error.issues.map((i) => `${i.path}: ${i.message}`);
    throw error;
  }
  throw new Error('expected the policy to be refused');
}

describe('legalTime (a country with one legal time)', () => {
  it('is set for China in the default policy, with its source, and for no other country', () => {
    const policy = loadPolicy(defaultYaml);
    expect(jurisdictionPolicy(policy, 'CN').legalTime).toMatchObject({
      zone: 'Asia/Shanghai',
      source: ['derived'],
    });
    expect([...legalTimeZones(policy)]).toEqual([['CN', 'Asia/Shanghai']]);
    expect(jurisdictionPolicy(policy, 'US').legalTime).toBeUndefined();
  });

  it('is not inherited: a CN subdivision entry has none of its own', () => {
    const policy = loadPolicy(withEntry('  CN-XJ:\n    extends: CN'));
    expect(jurisdictionPolicy(policy, 'CN-XJ').legalTime).toBeUndefined();
    expect(legalTimeZones(policy).get('CN')).toBe('Asia/Shanghai');
  });

  it('refuses it on a subdivision, with the path', () => {
    const entry = `  US-MA2:\n    extends: US\n    legalTime: { zone: America/New_York, source: [derived] }`;
    expect(issuesOf(withEntry(entry))).toEqual([
      expect.stringMatching(/^jurisdictions\.US-MA2\.legalTime: only a country/),
    ]);
  });

  it('refuses a zone that is not one of the country’s zones', () => {
    const entry = `  JP:\n    legalTime: { zone: Asia/Shanghai, source: [derived] }`;
    expect(issuesOf(withEntry(entry))).toEqual([
      'jurisdictions.JP.legalTime.zone: Asia/Shanghai is not a zone of JP (expected one of: Asia/Tokyo)',
    ]);
  });

  it('refuses a zone the runtime does not know, and a missing source', () => {
    const entry = `  JP:\n    legalTime: { zone: Asia/Edo }`;
    const issues = issuesOf(withEntry(entry));
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^jurisdictions\.JP\.legalTime\.zone: /),
        expect.stringMatching(/^jurisdictions\.JP\.legalTime\.source: /),
      ]),
    );
  });

  it('gives each loaded policy its own map', () => {
    const a = loadPolicy(defaultYaml);
    const b = loadPolicy(defaultYaml.replace(/\n {4}legalTime:\n(?: {6}.*\n)+/, '\n'));
    expect(legalTimeZones(a).get('CN')).toBe('Asia/Shanghai');
    expect(legalTimeZones(b).size).toBe(0);
    expect(legalTimeZones(a)).toBe(legalTimeZones(a));
  });
});

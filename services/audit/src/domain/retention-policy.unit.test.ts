import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadRetentionPolicy, retentionClassOf, RetentionPolicy } from './retention-policy.js';

const policy = loadRetentionPolicy();
const classOf = (jurisdiction: string | undefined, ...purposes: ('servicing' | 'marketing')[]) =>
  retentionClassOf(policy, jurisdiction, purposes).id;

describe('retention classes (retention.yaml)', () => {
  it('keep a US servicing account three years (Reg F), a state’s under its country', () => {
    expect(classOf('US', 'servicing')).toBe('us-reg-f');
    expect(classOf('US-MA', 'servicing')).toBe('us-reg-f');
    expect(retentionClassOf(policy, 'US', ['servicing']).years).toBe(3);
  });

  it('keep an account as long as the longest class any of its purposes needs', () => {
    expect(classOf('US', 'servicing', 'marketing')).toBe('marketing');
    expect(classOf('CN', 'marketing')).toBe('cn-consumer-finance');
    expect(classOf('GB')).toBe('gb-limitation'); // no message yet: servicing
  });

  it('fall back to the default for a jurisdiction no class names, or none known', () => {
    expect(classOf('FR', 'servicing')).toBe('default');
    expect(classOf(undefined, 'servicing')).toBe('default');
  });

  it('refuse a policy without a class for every jurisdiction', () => {
    const parsed = RetentionPolicy.safeParse({
      version: 1,
      classes: [
        {
          id: 'us',
          description: 'x',
          jurisdictions: ['US'],
          purposes: ['servicing'],
          years: 3,
          source: ['S31a'],
        },
      ],
    });
    expect(parsed.success).toBe(false);
  });

  it('cite sources that the compliance notes in the repo list', () => {
    const notes = readFileSync(
      fileURLToPath(new URL('../../../../shared/rules/policy/compliance.md', import.meta.url)),
      'utf8',
    );
    const sources = notes.slice(notes.indexOf('## Sources'));
    const cited = policy.classes.flatMap((c) => c.source).filter((id) => /^S\d/.test(id));
    expect(cited.length).toBeGreaterThan(3);
    expect(cited.filter((id) => !sources.includes(`[${id}]`))).toEqual([]);
  });
});

/**
 * Every source a policy rule cites resolves inside the repository: each `S#` id in the shipped
 * policy is listed in the sources of `shared/rules/policy/compliance.md`, the notes it was
 * written from, so that counsel and examiners can follow a rule to its text.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const policyDir = fileURLToPath(new URL('../../policy/', import.meta.url));

function citedIds(node: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(node)) for (const item of node) citedIds(item, into);
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'source' && Array.isArray(value)) {
        for (const id of value) if (typeof id === 'string' && /^S\d/.test(id)) into.add(id);
      } else citedIds(value, into);
    }
  }
  return into;
}

describe('the shipped policy’s sources', () => {
  it('are each listed in compliance.md beside it', () => {
    const policy: unknown = parse(readFileSync(`${policyDir}default-policy.yaml`, 'utf8'));
    const notes = readFileSync(`${policyDir}compliance.md`, 'utf8');
    const sources = notes.slice(notes.indexOf('## Sources'));
    const cited = [...citedIds(policy)];
    expect(cited.length).toBeGreaterThan(10);
    expect(cited.filter((id) => !sources.includes(`[${id}]`))).toEqual([]);
  });
});

import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RULE_PROPOSALS } from '@kindly/mongo';
import { defaultPolicyFile } from '@kindly/rules';
import { provisionTestNamespace, type ProvisionedNamespace } from '@kindly/testing';
import { policyHistory } from './policy-history.js';

describe('the policy the re-check holds each send to', () => {
  let ns: ProvisionedNamespace;
  beforeAll(async () => {
    ns = await provisionTestNamespace('audit-policy-history', []);
  });
  afterAll(async () => {
    await ns?.cleanup();
  });

  it('is the shipped file until a version is approved, then each approved one from its approval', async () => {
    const shipped = readFileSync(defaultPolicyFile, 'utf8');
    const approve = (version: number, decidedAt: string, state = 'approved') =>
      ns.mongo.db.collection(RULE_PROPOSALS).insertOne({
        _id: `rp-${version.toString(16).padStart(16, '0')}` as never,
        kind: 'policy',
        state,
        text: shipped.replace(/^version: \d+$/m, `version: ${version}`),
        decidedAt,
      });
    const v = Number(/^version: (\d+)$/m.exec(shipped)?.[1]);
    expect((await policyHistory(ns.mongo.db))('2026-03-04T12:00:00Z').version).toBe(v);
    await approve(v + 2, '2026-03-10T09:00:00Z');
    await approve(v + 1, '2026-03-05T09:00:00Z');
    await approve(v + 8, '2026-03-06T09:00:00Z', 'rejected');
    const policyAt = await policyHistory(ns.mongo.db);
    expect(policyAt('2026-03-05T08:59:59Z').version).toBe(v);
    expect(policyAt('2026-03-05T09:00:00Z').version).toBe(v + 1);
    expect(policyAt('2026-03-09T00:00:00Z').version).toBe(v + 1);
    expect(policyAt('2026-03-11T00:00:00Z').version).toBe(v + 2);
  });
});

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { defaultPolicyFile, defaultStrategyDir, loadPlanningRules } from './load-planning-rules.js';
import { createStrategyCatalog, strategyHashOf } from './strategy/index.js';

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('loadPlanningRules names the files it read', () => {
  const rules = loadPlanningRules();

  it('gives the policy’s own version and the SHA-256 of its file’s bytes', () => {
    const yaml = parse(readFileSync(defaultPolicyFile, 'utf8')) as { version: number };
    expect(rules.policy.version).toBe(yaml.version);
    expect(rules.policySha256).toBe(sha256(defaultPolicyFile));
  });

  it('gives each strategy’s file hash beside its id and version', () => {
    const file = join(defaultStrategyDir, 'default.yaml');
    const strategy = rules.strategies.strategies.find((s) => s.strategyId === 'default');
    expect(strategy).toBeDefined();
    expect(rules.strategies.sources).toContainEqual({
      strategyId: 'default',
      version: strategy?.version,
      sha256: sha256(file),
    });
    expect(rules.strategies.sources).toHaveLength(rules.strategies.strategies.length);
    expect(strategyHashOf(rules.strategies, 'default', strategy?.version ?? 0)).toBe(sha256(file));
  });

  it('claims no hash for another version, nor for strategies made in code', () => {
    const strategy = rules.strategies.strategies.find((s) => s.strategyId === 'default');
    if (!strategy) throw new Error('the shipped default strategy is missing');
    expect(strategyHashOf(rules.strategies, 'default', strategy.version + 1)).toBeUndefined();
    const inCode = createStrategyCatalog([strategy]);
    expect(strategyHashOf(inCode, 'default', strategy.version)).toBeUndefined();
  });
});

describe('loadPlanningRules with approved versions', () => {
  const textHash = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
  const defaultText = readFileSync(join(defaultStrategyDir, 'default.yaml'), 'utf8');
  const policyText = readFileSync(defaultPolicyFile, 'utf8');

  it('puts an approved strategy in place of the file’s of the same id, and names its hash', () => {
    const approved = defaultText.replace(
      /^version: (\d+)$/m,
      (_, v: string) => `version: ${Number(v) + 1}`,
    );
    const rules = loadPlanningRules({}, { strategies: [approved] });
    const defaults = rules.strategies.strategies.filter((s) => s.strategyId === 'default');
    expect(defaults).toHaveLength(1);
    const version = defaults[0]?.version ?? 0;
    expect(strategyHashOf(rules.strategies, 'default', version)).toBe(textHash(approved));
    expect(strategyHashOf(rules.strategies, 'default', version - 1)).toBeUndefined();
    expect(rules.strategies.strategies).toHaveLength(
      loadPlanningRules().strategies.strategies.length,
    );
  });

  it('decides by an approved policy, named by the hash of its text', () => {
    const approved = policyText.replace(/^version: \d+$/m, 'version: 7');
    const rules = loadPlanningRules({}, { policy: approved });
    expect(rules.policy.version).toBe(7);
    expect(rules.policySha256).toBe(textHash(approved));
  });
});

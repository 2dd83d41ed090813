/**
 * The rule files this deployment ships (the default policy and every strategy of the default
 * folder), by rule id: what is in force where no version was approved, and what a first
 * proposal is compared with.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultPolicyFile, defaultStrategyDir } from '@kindly/rules';
import type { RuleKind } from '@kindly/mongo';
import { checkRuleText } from './rule-text.js';

export interface RuleText {
  readonly kind: RuleKind;
  readonly text: string;
  readonly sha256: string;
  readonly version: number;
}

export function shippedRuleTexts(): ReadonlyMap<string, RuleText> {
  const files: [RuleKind, string][] = [
    ['policy', defaultPolicyFile],
    ...readdirSync(defaultStrategyDir)
      .filter((name) => name.endsWith('.yaml'))
      .sort()
      .map((name): [RuleKind, string] => ['strategy', join(defaultStrategyDir, name)]),
  ];
  const texts = new Map<string, RuleText>();
  for (const [kind, file] of files) {
    const text = readFileSync(file, 'utf8');
    const checked = checkRuleText(kind, text);
    // The services refuse to start on a shipped file with a problem; so does this.
    if (!checked.ok) throw new Error(`${file}: the shipped ${kind} does not load`);
    texts.set(checked.ruleId, { kind, text, sha256: checked.sha256, version: checked.version });
  }
  return texts;
}

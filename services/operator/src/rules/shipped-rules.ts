/**
 * The rule files this deployment ships (the default policy, every strategy of the default folder
 * and every template), by rule id: what is in force where no version was approved, and what a
 * first proposal is compared with.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadTemplateCatalog } from '@kindly/renderer';
import {
  defaultPolicyFile,
  defaultStrategyDir,
  loadPolicy,
  loadOfficialHolidays,
  loadStrategy,
} from '@kindly/rules';
import type { RuleKind } from '@kindly/mongo';
import { createHash } from 'node:crypto';

export interface RuleText {
  readonly kind: RuleKind;
  readonly text: string;
  readonly sha256: string;
  /** The file's own version, as written. */
  readonly version: string;
}

export function shippedRuleTexts(): ReadonlyMap<string, RuleText> {
  const texts = new Map<string, RuleText>();
  const policy = readFileSync(defaultPolicyFile, 'utf8');
  texts.set('policy', {
    kind: 'policy',
    text: policy,
    sha256: sha256Of(policy),
    version: String(loadPolicy(policy, { officialHolidays: loadOfficialHolidays() }).version),
  });
  for (const name of readdirSync(defaultStrategyDir)
    .filter((n) => n.endsWith('.yaml'))
    .sort()) {
    const text = readFileSync(join(defaultStrategyDir, name), 'utf8');
    const strategy = loadStrategy(text, name);
    texts.set(`strategy:${strategy.strategyId}`, {
      kind: 'strategy',
      text,
      sha256: sha256Of(text),
      version: String(strategy.version),
    });
  }
  const catalog = loadTemplateCatalog();
  for (const template of catalog.templates) {
    texts.set(`template:${template.channel}/${template.templateId}/${template.locale}`, {
      kind: 'template',
      text: readFileSync(join(catalog.dir, template.file), 'utf8'),
      sha256: template.sha256,
      version: template.version,
    });
  }
  return texts;
}

function sha256Of(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { BREAKER_TRIPS_METRIC, PAUSED_BY_BREAKER_METRIC } from './breaker-alert.js';

interface RuleFile {
  groups: {
    name: string;
    rules: { alert?: string; expr: string; for?: string; labels?: object }[];
  }[];
}

const RULES = new URL('../../alerts/campaigns.rules.yml', import.meta.url);

/** The rule file's alert of this name; the test fails when there is none. */
function ruleNamed(alert: string): RuleFile['groups'][number]['rules'][number] {
  const file = parse(readFileSync(RULES, 'utf8')) as RuleFile;
  const rule = file.groups.flatMap((group) => group.rules).find((r) => r.alert === alert);
  if (rule === undefined) throw new Error(`no alert ${alert} in the rule file`);
  return rule;
}

describe('the complaint breaker’s alert rule', () => {
  it('fires on the metric the service counts its trips on, from the first trip', () => {
    const rule = ruleNamed('KindlyCampaignBreakerTripped');
    // increase() over a series first seen at 1 is 0: the rule also takes a series that is new.
    expect(rule.expr).toContain(`increase(${BREAKER_TRIPS_METRIC}[15m]) > 0`);
    expect(rule.expr).toContain(
      `${BREAKER_TRIPS_METRIC} unless ${BREAKER_TRIPS_METRIC} offset 15m`,
    );
    expect(rule.labels).toMatchObject({ severity: expect.any(String) as string });
  });

  it('keeps firing while a campaign stays paused by its breaker, on the gauge the service keeps', () => {
    const rule = ruleNamed('KindlyCampaignStillPausedByBreaker');
    // Every replica reports the same count: the largest, not the sum.
    expect(rule.expr).toBe(`max(${PAUSED_BY_BREAKER_METRIC}) > 0`);
    expect(rule.for).toBe('1h');
  });
});

import { readFileSync } from 'node:fs';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { sampleEvents, type AccountFlag, type EventOf } from '@kindly/contracts';
import { defaultPolicyFile, loadPlanningRules } from '../load-planning-rules.js';
import { loadPolicy } from '../policy/index.js';
import { emptyAccountState } from '../state/account-state.js';
import { evolveAccountState, type BankInput } from '../state/evolve-account-state.js';
import { channelStepOf, createStrategyCatalog, loadStrategy } from '../strategy/index.js';
import { decideOutreach, type PlanningRules } from './decide-outreach.js';

/*
 * After a written cease-communication request only the notices Reg F 1006.6(c) lists may go
 * (compliance.md §1.4). A strategy marks such a step with its `templateKind`; the policy's
 * `cease-communication` rule lists the kinds it lets through.
 */

const strategy = loadStrategy(
  `
strategyId: cease-test
version: 1
kind: collections
appliesTo: { default: true }
stages:
  - stage: 1
    name: reminder
    entry: { daysPastDue: { from: 1 } }
    channels:
      - { channel: sms, templateId: reminder-sms, purpose: servicing, fallbackAfter: 48h }
      - channel: letter
        templateId: efforts-terminated-letter
        purpose: servicing
        fallbackAfter: 10d
        templateKind: cease-efforts-terminated
`,
  'cease-test.yaml',
);

const defaults = loadPlanningRules();
const rules: PlanningRules = { ...defaults, strategies: createStrategyCatalog([strategy]) };
const accountId = sampleEvents['account.overdue'].payload.accountId;
const NOW = DateTime.fromISO('2026-03-04T02:00:00Z', { zone: 'utc' }); // 10:00 in Shanghai

function flagged(...set: AccountFlag[]): EventOf<'account.status'> {
  return {
    ...sampleEvents['account.status'],
    payload: { accountId, set, cleared: [], effectiveAt: '2026-03-01T00:00:00Z' },
  };
}

function decide(events: readonly BankInput[], planning: PlanningRules = rules) {
  const base: BankInput[] = [
    sampleEvents['account.overdue'],
    sampleEvents['contact.updated'], // Asia/Shanghai, CN, a +86 mobile and a postal address
    sampleEvents['contact.consent'], // sms, servicing, contract
  ];
  const state = [...base, ...events].reduce(
    (s, e) => evolveAccountState(s, e).state,
    emptyAccountState('bank-1', accountId),
  );
  return decideOutreach(planning, { state, history: [], tried: [] }, NOW);
}

describe('notices a cease-communication request still allows', () => {
  it('plans nothing but the notice: the SMS reminder is passed over, the letter goes', () => {
    const decision = decide([flagged('cease-communication')]);
    expect(decision).toMatchObject({
      kind: 'plan',
      message: { channel: 'letter', templateId: 'efforts-terminated-letter' },
    });
    if (decision.kind === 'plan') expect(decision.message.reasons).toContain('SKIPPED_SMS');
  });

  it('sends the ordinary first choice when no flag is set', () => {
    expect(decide([])).toMatchObject({
      kind: 'plan',
      message: { channel: 'sms', templateId: 'reminder-sms' },
    });
  });

  it('suppresses the notice too where the policy lets no kind through', () => {
    const strict = loadPolicy(
      readFileSync(defaultPolicyFile, 'utf8').replace(
        /allowTemplateKinds:\n\s+\[cease-efforts-terminated, cease-remedy-may-be-invoked, cease-remedy-intended\]/,
        'allowTemplateKinds: []',
      ),
    );
    expect(strict).not.toEqual(defaults.policy);
    const decision = decide([flagged('cease-communication')], { ...rules, policy: strict });
    expect(decision).toMatchObject({ kind: 'suppress', reasons: ['CEASE_COMMUNICATION'] });
  });

  it('does not let the notice through another flag that suppresses it (a dispute)', () => {
    const decision = decide([flagged('cease-communication', 'dispute')]);
    expect(decision).toMatchObject({ kind: 'suppress' });
    if (decision.kind === 'suppress') {
      expect(decision.reasons).toEqual(expect.arrayContaining(['DISPUTE', 'CEASE_COMMUNICATION']));
    }
  });

  it('a later look finds the step, and its kind, from the planned message', () => {
    const decision = decide([flagged('cease-communication')]);
    if (decision.kind !== 'plan') throw new Error('expected a plan');
    const { strategyId, strategyVersion, stage, channel } = decision.message;
    expect(
      channelStepOf(rules.strategies, { strategyId, strategyVersion, stage, channel })
        ?.templateKind,
    ).toBe('cease-efforts-terminated');
    expect(
      channelStepOf(rules.strategies, { strategyId, strategyVersion: 2, stage, channel }),
    ).toBeUndefined();
  });
});

describe('templateKind in a strategy file', () => {
  it('must be a slug', () => {
    expect(() =>
      loadStrategy(
        readFileSync(new URL('../../strategies/default.yaml', import.meta.url), 'utf8').replace(
          'templateId: final-notice-letter',
          'templateId: final-notice-letter\n        templateKind: Cease Notice',
        ),
        'default.yaml',
      ),
    ).toThrow(/templateKind/);
  });
});

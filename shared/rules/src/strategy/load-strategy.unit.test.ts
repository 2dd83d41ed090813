import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { loadStrategy, parseStrategy } from './load-strategy.js';
import { StrategyError, problemText } from './strategy-problem.js';
import type { StrategyProblem } from './strategy-problem.js';

const DEFAULT_TEXT = readFileSync(
  new URL('../../strategies/default.yaml', import.meta.url),
  'utf8',
);

/** The default strategy with one edit, as YAML text: each test breaks one rule. */
function edited(edit: (document: ReturnType<typeof parseDocument>) => void): string {
  const document = parseDocument(DEFAULT_TEXT);
  edit(document);
  return String(document);
}

/** The problems of a text that must fail, as `path: message` lines. */
function problemsOf(text: string): string[] {
  const result = parseStrategy(text);
  if (result.ok) throw new Error('expected the strategy to be refused');
  return result.problems.map((problem: StrategyProblem) => problemText(problem));
}

describe('loadStrategy', () => {
  it('loads the default strategy with typed waits and stages in order', () => {
    const strategy = loadStrategy(DEFAULT_TEXT, 'default.yaml');
    expect(strategy.strategyId).toBe('default');
    expect(strategy.version).toBe(3);
    expect(strategy.stages.map((stage) => stage.stage)).toEqual([1, 2, 3, 4, 5]);
    expect(strategy.stages[0]?.channels[0]?.fallbackAfter).toEqual({ amount: 48, unit: 'hours' });
    expect(strategy.stages[0]?.escalateAfter).toEqual({ amount: 7, unit: 'days' });
    expect(strategy.stages[2]?.action).toEqual({
      type: 'agent-call',
      queue: 'collections-early',
      maxCallAttempts: 7,
    });
    expect(strategy.stages[4]?.action?.type).toBe('legal-handoff');
  });

  it('throws a StrategyError naming the file, the line and the field', () => {
    const text = edited((d) =>
      d.setIn(['stages', 0, 'channels', 1, 'templateId'], 'reminder-friendly-sms'),
    );
    let error: unknown;
    try {
      loadStrategy(text, 'default.yaml');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(StrategyError);
    const strategyError = error instanceof StrategyError ? error : undefined;
    expect(strategyError?.code).toBe('INVALID_STRATEGY');
    expect(strategyError?.retryable).toBe(false);
    expect(strategyError?.message).toMatch(
      /default\.yaml:\d+: stages\[0\]\.channels\[1\]\.templateId: "reminder-friendly-sms" should be named <stage-or-offer>-email/,
    );
    const line = strategyError?.problems[0]?.line;
    expect(text.split('\n')[(line ?? 0) - 1]).toContain('templateId: reminder-friendly-sms');
  });

  it('reports YAML syntax errors with their line', () => {
    const result = parseStrategy('strategyId: x\nversion: [1\n');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems[0]?.line).toBeGreaterThan(0);
  });

  it('refuses duplicate keys, which YAML would otherwise let the last one win', () => {
    expect(problemsOf(`${DEFAULT_TEXT}\nversion: 2\n`).join('\n')).toMatch(/unique/i);
  });

  it('names a missing template id as missing', () => {
    const text = edited((d) => d.deleteIn(['stages', 1, 'channels', 2, 'templateId']));
    expect(problemsOf(text)).toEqual(['stages[1].channels[2].templateId: missing']);
  });

  it('names an unknown field at its own path (a typo is found by its place)', () => {
    const text = edited((d) => d.setIn(['stages', 0, 'channels', 0, 'fallbakAfter'], '1h'));
    expect(problemsOf(text)).toEqual([
      'stages[0].channels[0].fallbakAfter: unknown field "fallbakAfter"',
    ]);
  });

  it.each([
    [0, 'version: expected a positive integer version'],
    [1.5, 'version: expected a positive integer version'],
    ['2', 'version: expected a positive integer version'],
  ])('refuses version %j', (version, message) => {
    expect(problemsOf(edited((d) => d.set('version', version)))).toEqual([message]);
  });

  it.each([
    ['0h', 'a wait must be positive, got "0h"'],
    ['-2d', 'expected a wait such as "30m", "48h" or "14d"'],
    ['2 weeks', 'expected a wait such as "30m", "48h" or "14d"'],
    [48, 'expected a wait such as "30m", "48h" or "14d"'],
  ])('refuses the wait %j', (wait, message) => {
    expect(
      problemsOf(edited((d) => d.setIn(['stages', 1, 'channels', 0, 'fallbackAfter'], wait))),
    ).toEqual([`stages[1].channels[0].fallbackAfter: ${message}`]);
  });

  it('refuses a gap between stages', () => {
    expect(
      problemsOf(edited((d) => d.setIn(['stages', 1, 'entry', 'daysPastDue', 'from'], 17))),
    ).toEqual([
      'stages[1].entry.daysPastDue.from: gap: days 15–16 past due belong to no stage (the previous stage ends at 14)',
    ]);
  });

  it('refuses an overlap between stages', () => {
    expect(
      problemsOf(edited((d) => d.setIn(['stages', 1, 'entry', 'daysPastDue', 'from'], 10))),
    ).toEqual([
      'stages[1].entry.daysPastDue.from: overlap: day 10 is already in the previous stage, which ends at 14; expected from: 15',
    ]);
  });

  it('refuses a range that ends before it starts', () => {
    expect(
      problemsOf(edited((d) => d.setIn(['stages', 0, 'entry', 'daysPastDue', 'to'], 0))),
    ).toEqual([
      'stages[0].entry.daysPastDue.to: the range ends (0) before it starts (1)',
      'stages[1].entry.daysPastDue.from: gap: days 1–14 past due belong to no stage (the previous stage ends at 0)',
    ]);
  });

  it('refuses stages out of order', () => {
    const text = edited((d) => {
      d.setIn(['stages', 1, 'stage'], 3);
      d.setIn(['stages', 2, 'stage'], 2);
    });
    expect(problemsOf(text)).toEqual([
      'stages[1].stage: expected stage 2 here (stages are numbered 1, 2, 3 … in order), got 3',
      'stages[2].stage: expected stage 3 here (stages are numbered 1, 2, 3 … in order), got 2',
    ]);
  });

  it('wants the last stage open-ended and only the last', () => {
    expect(
      problemsOf(edited((d) => d.setIn(['stages', 4, 'entry', 'daysPastDue', 'to'], 365))),
    ).toEqual([
      'stages[4].entry.daysPastDue.to: the last stage must have no "to", so that accounts past day 365 still have a stage',
    ]);
    expect(
      problemsOf(edited((d) => d.deleteIn(['stages', 3, 'entry', 'daysPastDue', 'to']))),
    ).toEqual([
      'stages[3].entry.daysPastDue.to: only the last stage may be open-ended: this one needs a "to"',
    ]);
  });

  it('wants an escalation wait on every stage but the last', () => {
    expect(problemsOf(edited((d) => d.deleteIn(['stages', 0, 'escalateAfter'])))).toEqual([
      'stages[0].escalateAfter: missing: how long to wait for a payment before the next stage',
    ]);
    expect(problemsOf(edited((d) => d.setIn(['stages', 4, 'escalateAfter'], '7d')))).toEqual([
      'stages[4].escalateAfter: the last stage has no next stage to escalate to',
    ]);
  });

  it('refuses a channel listed twice in a stage', () => {
    const text = edited((d) => d.setIn(['stages', 0, 'channels', 1, 'channel'], 'sms'));
    expect(problemsOf(text)).toEqual([
      'stages[0].channels[1].channel: "sms" is already listed in this stage',
      'stages[0].channels[1].templateId: "reminder-friendly-email" should be named <stage-or-offer>-sms, e.g. "reminder-friendly-sms"',
    ]);
  });

  it('ties agent calls to an agent-call action, and legal to the last stage', () => {
    expect(problemsOf(edited((d) => d.deleteIn(['stages', 2, 'action'])))).toEqual([
      'stages[2].channels[0].channel: an agent-call channel needs an action of type agent-call (its queue and attempts)',
    ]);
    expect(
      problemsOf(
        edited((d) =>
          d.setIn(['stages', 3, 'action'], { type: 'legal-handoff', queue: 'legal-team' }),
        ),
      ),
    ).toEqual(['stages[3].action: a legal hand-off ends the flow: it belongs to the last stage']);
  });

  it('refuses a stage that does nothing', () => {
    expect(problemsOf(edited((d) => d.deleteIn(['stages', 4, 'action'])))).toEqual([
      'stages[4].channels: the stage does nothing: list at least one channel, or an action',
    ]);
  });

  it('checks offers: their templates, channels and terms', () => {
    const text = edited((d) => {
      d.setIn(['stages', 1, 'offers', 0, 'instalments', 'min'], 13);
      d.setIn(['stages', 1, 'offers', 1, 'templates', 'letter'], 'offer-deferral-letter');
      d.setIn(
        ['stages', 0, 'offers'],
        [
          {
            kind: 'deferral',
            offerId: 'd',
            maxDeferralDays: 10,
            templates: { letter: 'offer-deferral-letter' },
          },
        ],
      );
    });
    expect(problemsOf(text)).toEqual([
      'stages[0].offers[0].templates.letter: the stage has no letter channel to show this offer on',
      'stages[1].offers[0].instalments.min: at least 13 instalments cannot be at most 12',
      'stages[1].offers[1].templates.letter: "offer-deferral-letter" should be named offer-minimum-payment[-…]-letter',
    ]);
  });

  it('wants a campaign to be marketing throughout', () => {
    expect(problemsOf(edited((d) => d.set('kind', 'campaign')))).toContain(
      'stages[0].channels[0].purpose: a campaign offers something: its messages are marketing, with marketing consent',
    );
  });

  it('wants a wording named for its channel, once, and stating facts of the vocabulary', () => {
    const wordings = (list: unknown) =>
      edited((d) => d.setIn(['stages', 0, 'channels', 0, 'wordings'], list));
    expect(
      problemsOf(
        wordings([
          { templateId: 'reminder-called-email', asserts: ['call-attempted'] },
          { templateId: 'reminder-friendly-sms', asserts: ['call-attempted'] },
        ]),
      ),
    ).toEqual([
      'stages[0].channels[0].wordings[0].templateId: "reminder-called-email" should be named <…>-sms',
      'stages[0].channels[0].wordings[1].templateId: "reminder-friendly-sms" is already a wording of this step',
    ]);
    expect(
      problemsOf(wordings([{ templateId: 'reminder-called-sms', asserts: ['we-called'] }]))[0],
    ).toMatch(
      /^stages\[0\]\.channels\[0\]\.wordings\[0\]\.asserts\[0\]: "we-called" is not a fact/,
    );
  });

  it('wants exactly one champion among distinct variants', () => {
    const text = edited((d) =>
      d.set('variants', [
        { id: 'a', role: 'challenger', weight: 1 },
        { id: 'a', role: 'challenger', weight: 1 },
      ]),
    );
    expect(problemsOf(text)).toEqual([
      'variants: expected exactly one champion, got 0',
      'variants[1].id: "a" is already a variant',
    ]);
  });

  it('wants appliesTo to be the default or to narrow', () => {
    expect(problemsOf(edited((d) => d.setIn(['appliesTo', 'products'], ['overdraft'])))).toEqual([
      'appliesTo.default: a default strategy catches the rest: it cannot also list products or segments',
    ]);
    expect(problemsOf(edited((d) => d.set('appliesTo', {})))).toEqual([
      'appliesTo: expected "default: true", or products and/or segments',
    ]);
  });

  it('reports every problem at once', () => {
    const text = edited((d) => {
      d.set('version', 0);
      d.deleteIn(['stages', 0, 'channels', 0, 'templateId']);
    });
    expect(problemsOf(text)).toHaveLength(2);
  });
});

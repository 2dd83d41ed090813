import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadPlanningRules } from '@kindly/rules';
import { planCaseLine } from './plan-case.js';

const rules = loadPlanningRules();
const example = JSON.parse(
  readFileSync(new URL('../../examples/cases.ndjson', import.meta.url), 'utf8').split('\n')[0] ??
    '',
) as { caseId: string; events: { type: string; payload: Record<string, unknown> }[] };

/** The example case with its first event (an account.overdue) changed. */
function withFirstEvent(change: (event: Record<string, unknown>) => void): string {
  const copy = structuredClone(example);
  change(copy.events[0] as unknown as Record<string, unknown>);
  return JSON.stringify(copy);
}

describe('a case line that is not a valid case', () => {
  it('names the field inside an event, what was expected and the line', () => {
    const line = withFirstEvent((event) => {
      (event['payload'] as Record<string, unknown>)['daysPastDue'] = '3';
    });
    expect(planCaseLine(rules, line, 7)).toEqual({
      line: 7,
      caseId: 'friendly-sms-now',
      error: 'events[0].payload.daysPastDue: expected a number, found a string',
    });
  });

  it('says "missing" for a field that is not there', () => {
    const line = withFirstEvent((event) => {
      delete (event['payload'] as Record<string, unknown>)['dueDate'];
    });
    expect(planCaseLine(rules, line, 1)).toMatchObject({
      error: 'events[0].payload.dueDate: missing',
    });
  });

  it('names the event types there are for an unknown one', () => {
    const line = withFirstEvent((event) => {
      event['type'] = 'account.overdew';
    });
    expect(planCaseLine(rules, line, 1)).toMatchObject({
      error: expect.stringMatching(/^events\[0\]\.type: .*'account\.overdue'/) as unknown,
    });
  });

  it('says that a line is not an object, and how many more problems it has', () => {
    expect(planCaseLine(rules, '42', 3)).toEqual({
      line: 3,
      caseId: null,
      error: '(case): expected an object, found a number',
    });
    const many = JSON.stringify({ caseId: 'many', a: 1, b: 2, c: 3, d: 4, e: 5, f: 6 });
    expect(planCaseLine(rules, many, 1)).toMatchObject({
      error: expect.stringMatching(/; and \d+ more$/) as unknown,
    });
  });

  it('gives a decision, without a line number, for a good line', () => {
    expect(planCaseLine(rules, JSON.stringify(example), 1)).toMatchObject({
      caseId: 'friendly-sms-now',
      decision: 'plan',
    });
    expect(planCaseLine(rules, JSON.stringify(example), 1)).not.toHaveProperty('line');
  });
});

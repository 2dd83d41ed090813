import { describe, expect, it } from 'vitest';
import { PolicyError, StrategyError } from '@kindly/rules';
import { ruleFileErrorLines } from './rule-file-errors.js';

describe('the lines a bad rule file gets', () => {
  it('names the policy file, the line and the path of each issue', () => {
    const error = new PolicyError([
      {
        path: 'jurisdictions.US.contact.hours[0].start',
        code: 'invalid_format',
        message: 'expected HH:mm',
        line: 42,
      },
      { path: 'jurisdictions', code: 'custom', message: 'a `default` jurisdiction is required' },
      { path: 'line 3', code: 'DUPLICATE_KEY', message: 'Map keys must be unique', line: 3 },
    ]);
    expect(ruleFileErrorLines(error, 'bad.yaml')).toEqual([
      'bad.yaml:42: jurisdictions.US.contact.hours[0].start: expected HH:mm',
      'bad.yaml: jurisdictions: a `default` jurisdiction is required',
      'bad.yaml:3: Map keys must be unique',
    ]);
  });

  it('names the strategy file, the line and the path', () => {
    const error = new StrategyError(
      [{ path: ['stages', 0, 'name'], message: 'missing', line: 5 }],
      'mine.yaml',
    );
    expect(ruleFileErrorLines(error, 'policy.yaml')).toEqual([
      'mine.yaml:5: stages[0].name: missing',
    ]);
  });

  it('names a file that cannot be read, without a stack trace', () => {
    const missing = Object.assign(new Error('ENOENT: no such file or directory'), {
      code: 'ENOENT',
      path: 'nope.yaml',
    });
    expect(ruleFileErrorLines(missing, 'nope.yaml')).toEqual([
      'nope.yaml: cannot read it: no such file',
    ]);
  });
});

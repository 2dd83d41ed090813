import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { summarizeIssues } from './issues.js';

const Schema = z.strictObject({
  phones: z.array(z.strictObject({ number: z.string().regex(/^\+\d+$/) })),
});

describe('summarizeIssues', () => {
  it('gives each failing field its path, array indexes in brackets', () => {
    const result = Schema.safeParse({ phones: [{ number: '+1' }, { number: '138 0013 8000' }] });
    expect(result.success).toBe(false);
    const issues = summarizeIssues(result.error!);
    expect(issues.map(({ path, code }) => ({ path, code }))).toEqual([
      { path: 'phones[1].number', code: 'invalid_format' },
    ]);
  });

  it('gives each unknown field a path of its own', () => {
    const result = Schema.safeParse({ phones: [{ number: '+1', kind: 'x', note: 'y' }] });
    expect(summarizeIssues(result.error!).map((issue) => issue.path)).toEqual([
      'phones[0].kind',
      'phones[0].note',
    ]);
  });

  it('does not repeat the rejected value in its messages', () => {
    const result = Schema.safeParse({ phones: [{ number: '13800138000' }] });
    const text = JSON.stringify(summarizeIssues(result.error!));
    expect(text).not.toContain('13800138000');
  });
});

import { describe, expect, it } from 'vitest';
import { AppError } from './app-error.js';
import { safeErrorText } from './error-text.js';

describe('safeErrorText', () => {
  it('keeps the code and masks e-mail addresses and long numbers', () => {
    const error = new AppError(
      'PROVIDER_REJECTED',
      'cannot send to +86 138 0013 8000 or li.wei@example.com (acct 6222021234567890)',
    );
    const text = safeErrorText(error);
    expect(text).toBe('PROVIDER_REJECTED: cannot send to [number] or [email] (acct [number])');
  });

  it('keeps short numbers that carry no identity', () => {
    expect(safeErrorText(new Error('timeout after 3000 ms, attempt 2'))).toBe(
      'timeout after 3000 ms, attempt 2',
    );
  });

  it('bounds the length', () => {
    expect(safeErrorText(new Error('x'.repeat(1000)), 50)).toHaveLength(50);
  });
});

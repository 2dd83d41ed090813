import { describe, expect, it } from 'vitest';
import { AppError } from '@kindly/errors';
import { failureText } from './failure-text.js';

describe('failureText', () => {
  it('keeps our own errors: the code and the message we wrote, masked', () => {
    expect(failureText(new AppError('CONTACT_MISSING', 'no phone for the account'))).toBe(
      'CONTACT_MISSING: no phone for the account',
    );
  });

  it("gives only the class and code of a library's error, whose message may quote input", () => {
    const duplicate = Object.assign(
      new Error('E11000 duplicate key error dup key: { _id: "John Smith" }'),
      { name: 'MongoServerError', code: 11000 },
    );
    expect(failureText(duplicate)).toBe('MongoServerError (code 11000)');
    let parseError: unknown;
    try {
      JSON.parse('John Smith +14155550134');
    } catch (error) {
      parseError = error;
    }
    expect(failureText(parseError)).toBe('SyntaxError');
    expect(failureText('John Smith')).toBe('a non-Error value was thrown');
  });

  it('keeps the message of programming errors, which comes from code', () => {
    expect(failureText(new TypeError("Cannot read properties of undefined (reading 'x')"))).toBe(
      "TypeError: Cannot read properties of undefined (reading 'x')",
    );
  });
});

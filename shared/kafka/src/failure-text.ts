import { AppError, safeErrorText } from '@kindly/errors';

// Errors whose messages come from code (a property name, a range), not from data.
const CODE_ERRORS = new Set(['TypeError', 'ReferenceError', 'RangeError']);
const NAME = /^[A-Za-z][\w.-]{0,59}$/;
const CODE = /^[\w.-]{1,40}$/;

/**
 * A handler's failure as it goes into a retry or dead-letter header and the runtime's warnings:
 * an {@link AppError}'s code and the message we wrote (masked); for anything else its class and
 * code only (`MongoServerError (code 11000)`, `SyntaxError`). Library messages quote their input:
 * a duplicate key, the text JSON.parse choked on, the names of unknown fields.
 */
export function failureText(error: unknown): string {
  if (error instanceof AppError) return safeErrorText(error);
  if (!(error instanceof Error)) return 'a non-Error value was thrown';
  const name = NAME.test(error.name) ? error.name : 'Error';
  if (CODE_ERRORS.has(name)) return `${name}: ${safeErrorText(error)}`;
  const code = 'code' in error ? error.code : undefined;
  const codeText =
    (typeof code === 'string' || typeof code === 'number') && CODE.test(String(code))
      ? ` (code ${code})`
      : '';
  return `${name}${codeText}`;
}

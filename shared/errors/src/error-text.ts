import { AppError } from './app-error.js';

const EMAIL = /[^\s@<>"']+@[^\s@<>"']+\.[^\s@<>"']+/g;
// Phone numbers, card and account numbers: long runs of digits, possibly broken by spaces or dashes.
const DIGIT_RUN = /\+?\d(?:[\s-]?\d){6,}/g;

/**
 * A failure as one line of text that is safe to put in a log or a dead-letter header: the code and
 * the message with anything that looks like an e-mail address or a long number masked. Error
 * messages from libraries sometimes quote the input that failed, and that input is personal data.
 */
export function safeErrorText(error: unknown, maxLength = 500): string {
  const code = error instanceof AppError ? `${error.code}: ` : '';
  const message = error instanceof Error ? error.message : String(error);
  const masked = message.replace(EMAIL, '[email]').replace(DIGIT_RUN, '[number]');
  const text = `${code}${masked}`;
  return text.length > maxLength ? `${text.slice(0, maxLength - 1)}…` : text;
}

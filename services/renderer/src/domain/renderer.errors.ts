import { AppError } from '@kindly/errors';

/**
 * Why a message could not be rendered. All are permanent (a template or data problem that the
 * same input will hit again: dead-letter it, raise the alert) except `ACCOUNT_NOT_READY`, which
 * means the account's bank events have not reached the renderer yet (topics are not ordered
 * with each other), and `HISTORY_NOT_READY`, a fact the wording states that does not hold yet
 * for a message released moments ago (the delivery report behind it may still be on its way):
 * retry. `FACT_NOT_HELD`: the wording states something about the contact history that is not
 * true for the customer.
 */
export type RenderErrorCode =
  | 'TEMPLATE_MISSING'
  | 'TEMPLATE_INVALID'
  | 'TEMPLATE_FIELD_MISSING'
  | 'TEMPLATE_FIELD_INVALID'
  | 'CONTENT_RULE_VIOLATED'
  | 'SMS_TOO_LONG'
  | 'PURPOSE_MISMATCH'
  | 'STRATEGY_UNKNOWN'
  | 'SENDER_UNKNOWN'
  | 'LETTER_TOO_LARGE'
  | 'FACT_NOT_HELD'
  | 'ACCOUNT_NOT_READY'
  | 'HISTORY_NOT_READY';

export class RenderError extends AppError<RenderErrorCode> {
  constructor(
    code: RenderErrorCode,
    message: string,
    details: Readonly<Record<string, string | number | boolean>> = {},
    cause?: unknown,
  ) {
    super(code, message, {
      retryable: code === 'ACCOUNT_NOT_READY' || code === 'HISTORY_NOT_READY',
      details,
      ...(cause === undefined ? {} : { cause }),
    });
    this.name = 'RenderError';
  }
}

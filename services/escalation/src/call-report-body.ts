/**
 * A call report as an agent's screen posts it: the body a host of the desk (the operator API)
 * validates before it hands the report to `createAgentDesk`. Kept here, beside the use case,
 * so that the desk's own rules (which outcomes, what a promise carries) live in one service.
 */
import { z } from 'zod';
import { IsoDate, PositiveMoney, UtcDateTime } from '@kindly/contracts';
import type { CallReport } from './domain/call-events.js';

export const CallReportBody = z.discriminatedUnion('outcome', [
  z.strictObject({
    outcome: z.enum(['no-answer', 'conversation', 'dispute', 'wrong-number']),
    at: UtcDateTime,
  }),
  z.strictObject({
    outcome: z.literal('promise-to-pay'),
    at: UtcDateTime,
    promisedDate: IsoDate,
    amount: PositiveMoney,
  }),
]) satisfies z.ZodType<CallReport>;

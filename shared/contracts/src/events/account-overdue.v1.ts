import { z } from 'zod';
import { eventSchema } from '../envelope.js';
import {
  AccountId,
  DaysPastDue,
  Identifier,
  IsoDate,
  Money,
  NonNegativeMoney,
  oneCurrency,
  Slug,
} from '../primitives.js';

/** The credit products Kindly runs flows for. A new product is a minor version. */
export const CreditProduct = z.enum([
  'credit-card',
  'instalment-loan',
  'personal-loan',
  'overdraft',
]);
export type CreditProduct = z.infer<typeof CreditProduct>;

/** From the bank: an account is past its due date (sent when it becomes overdue, and daily after). */
export const AccountOverdueV1Payload = z
  .strictObject({
    accountId: AccountId,
    cycleId: Identifier.describe('The overdue cycle: one per missed due date, until cured'),
    product: CreditProduct,
    segment: Slug.optional().describe('The bank’s risk or marketing segment, if any'),
    accountLast4: z
      .string()
      .regex(/^\d{4}$/, 'expected four digits')
      .optional()
      .describe('Last four digits of the account number, for the masked number in messages'),
    dueDate: IsoDate,
    daysPastDue: DaysPastDue,
    overdueAmount: NonNegativeMoney,
    totalBalance: Money.describe('Negative for a credit balance'),
    minimumPayment: NonNegativeMoney,
  })
  .refine((p) => oneCurrency([p.overdueAmount, p.totalBalance, p.minimumPayment]), {
    path: ['totalBalance', 'currency'],
    message: 'all amounts of an account must be in one currency',
  });
export type AccountOverdueV1Payload = z.infer<typeof AccountOverdueV1Payload>;

export const AccountOverdueV1 = eventSchema('account.overdue', 1, AccountOverdueV1Payload);
export type AccountOverdueV1 = z.infer<typeof AccountOverdueV1>;

import { z } from 'zod';
import { eventSchema } from '../envelope.js';
import {
  AccountId,
  Identifier,
  NonNegativeMoney,
  oneCurrency,
  PaymentReference,
  PositiveMoney,
  UtcDateTime,
} from '../primitives.js';

/** From the bank: money came in on an account. */
export const AccountPaymentV1Payload = z
  .strictObject({
    accountId: AccountId,
    paymentId: Identifier.describe('The bank’s id of the payment; a redelivery carries the same'),
    amount: PositiveMoney,
    paidAt: UtcDateTime,
    remainingOverdue: NonNegativeMoney.describe('What is still overdue after this payment'),
    curesAccount: z.boolean().describe('True when the account is no longer overdue'),
    // 1.1: what the customer paid through, when the bank's payment page passes it on.
    paymentReference: PaymentReference.optional().describe(
      'The signed reference of the payment link the customer paid through (a campaign message’s); verified before it is trusted',
    ),
  })
  .refine((p) => oneCurrency([p.amount, p.remainingOverdue]), {
    path: ['remainingOverdue', 'currency'],
    message: 'all amounts of an account must be in one currency',
  });
export type AccountPaymentV1Payload = z.infer<typeof AccountPaymentV1Payload>;

export const AccountPaymentV1 = eventSchema('account.payment', 1, AccountPaymentV1Payload);
export type AccountPaymentV1 = z.infer<typeof AccountPaymentV1>;

import { z } from 'zod';
import { eventSchema } from '../envelope.js';
import {
  AccountId,
  Identifier,
  IsoDate,
  noDuplicates,
  oneCurrency,
  PositiveMoney,
} from '../primitives.js';

/** Where an arrangement stands. Each change is a new event with the same `arrangementId`. */
export const ArrangementStatus = z.enum(['made', 'kept', 'broken', 'cancelled']);
export type ArrangementStatus = z.infer<typeof ArrangementStatus>;

const common = {
  accountId: AccountId,
  arrangementId: Identifier,
  status: ArrangementStatus,
};

/** The customer promised to pay an amount by a date. */
export const PromiseToPay = z.strictObject({
  ...common,
  kind: z.literal('promise-to-pay'),
  promisedDate: IsoDate,
  amount: PositiveMoney,
});
export type PromiseToPay = z.infer<typeof PromiseToPay>;

/** One instalment of a plan. */
export const Instalment = z.strictObject({ dueDate: IsoDate, amount: PositiveMoney });
export type Instalment = z.infer<typeof Instalment>;

/** The customer agreed to repay in instalments. */
export const InstalmentPlan = z
  .strictObject({
    ...common,
    kind: z.literal('instalment-plan'),
    // Five years of monthly instalments: the longest plan any of the covered rules allows.
    schedule: z.array(Instalment).min(1).max(60),
  })
  .refine((p) => noDuplicates(p.schedule.map((i) => i.dueDate)), {
    path: ['schedule'],
    message: 'two instalments on one date',
  })
  .refine((p) => oneCurrency(p.schedule.map((i) => i.amount)), {
    path: ['schedule'],
    message: 'all instalments must be in one currency',
  });
export type InstalmentPlan = z.infer<typeof InstalmentPlan>;

/** From the bank: a repayment arrangement was made, kept, broken or cancelled. */
export const AccountArrangementV1Payload = z.discriminatedUnion('kind', [
  PromiseToPay,
  InstalmentPlan,
]);
export type AccountArrangementV1Payload = z.infer<typeof AccountArrangementV1Payload>;

export const AccountArrangementV1 = eventSchema(
  'account.arrangement',
  1,
  AccountArrangementV1Payload,
);
export type AccountArrangementV1 = z.infer<typeof AccountArrangementV1>;

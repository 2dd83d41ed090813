import { z } from 'zod';
import { eventSchema } from '../envelope.js';
import {
  AccountId,
  DaysPastDue,
  Identifier,
  inOrder,
  IsoDate,
  NonNegativeMoney,
  PositiveMoney,
  Slug,
  Stage,
  TimeZone,
  UtcDateTime,
} from '../primitives.js';

/** An interval in which an agent may call, in UTC, with the customer's zone to show local times. */
export const CallWindow = z
  .strictObject({ start: UtcDateTime, end: UtcDateTime, zone: TimeZone })
  .refine((w) => inOrder(w.start, w.end, true), {
    path: ['end'],
    message: 'end must be after start',
  });
export type CallWindow = z.infer<typeof CallWindow>;

/** The repayment offers an agent may make (from the source documents' list). */
export const OfferKind = z.enum([
  'instalment-plan',
  'minimum-payment',
  'deferral',
  'interest-waiver',
  'settlement-discount',
  'early-repayment-cashback',
]);
export type OfferKind = z.infer<typeof OfferKind>;

export const SuggestedOffer = z.strictObject({
  kind: OfferKind,
  offerId: Slug.optional(),
  amount: PositiveMoney.optional(),
  instalments: z.number().int().min(2).max(60).optional(),
  validUntil: IsoDate.optional(),
});
export type SuggestedOffer = z.infer<typeof SuggestedOffer>;

/** From the escalation service: a person should call the customer, within these windows. */
export const AgentTaskV1Payload = z.strictObject({
  accountId: AccountId,
  taskId: Identifier,
  cycleId: Identifier,
  windows: z.array(CallWindow).min(1).max(20),
  callAttemptsLeft: z
    .number()
    .int()
    .min(0)
    .max(50)
    .describe('Calls the frequency caps still allow in these windows'),
  facts: z.strictObject({
    overdueAmount: NonNegativeMoney,
    daysPastDue: DaysPastDue,
    stage: Stage,
  }),
  suggestedOffer: SuggestedOffer.optional(),
});
export type AgentTaskV1Payload = z.infer<typeof AgentTaskV1Payload>;

export const AgentTaskV1 = eventSchema('agent.task', 1, AgentTaskV1Payload);
export type AgentTaskV1 = z.infer<typeof AgentTaskV1>;

/**
 * The one envelope every Kindly event travels in. Only the payload differs between event types;
 * the envelope carries what a consumer needs before it looks at the payload: which event, which
 * version, when, in which chain of causes, for which tenant.
 */
import { z } from 'zod';
import { Identifier, UtcDateTime } from './primitives.js';

/** What every payload has: the account is the Kafka key, so that one account's events stay in order. */
export interface AccountKeyed {
  readonly accountId: string;
}

/**
 * The exact version of an event's contract, `MAJOR.MINOR.PATCH`, with the major that the topic's
 * name carries: a consumer of `account.overdue.v1` accepts 1.0.0 and 1.7.2, never 2.0.0.
 */
export function schemaVersionOf(major: number) {
  if (!Number.isInteger(major) || major < 1) throw new RangeError(`bad major version: ${major}`);
  return z
    .string()
    .regex(
      new RegExp(`^${major}\\.(?:0|[1-9]\\d*)\\.(?:0|[1-9]\\d*)$`),
      `expected a version ${major}.x.y`,
    );
}

/** Type and major of each schema built by {@link eventSchema}; the topic catalog reads them. */
export const eventSchemaRegistry = z.registry<{ readonly type: string; readonly major: number }>();

/**
 * The schema of one event type: the envelope around `payload`, strict at every level, so that a
 * misspelt or unexpected field is an error with its path rather than something silently dropped.
 *
 * @param type - the event type, e.g. `account.overdue`; the topic is `<type>.v<major>`
 * @param major - the contract's major version; `schemaVersion` must carry it
 * @param payload - the payload schema; it must have `accountId`
 */
export function eventSchema<const Type extends string, Payload extends z.ZodType<AccountKeyed>>(
  type: Type,
  major: number,
  payload: Payload,
) {
  const schema = z.strictObject({
    eventId: Identifier.describe(
      'Unique per event; deterministic (a UUID v5 of the facts) where a replay must give the same id',
    ),
    type: z.literal(type),
    schemaVersion: schemaVersionOf(major).describe('The exact contract version, MAJOR.MINOR.PATCH'),
    occurredAt: UtcDateTime.describe('When the fact happened, UTC'),
    correlationId: Identifier.describe('One per account cycle, shared by every event it leads to'),
    causationId: Identifier.nullable().describe(
      'The eventId of the event that caused this one; null for a first cause',
    ),
    tenantId: Identifier.describe('The bank (or brand) the account belongs to'),
    payload,
  });
  eventSchemaRegistry.add(schema, { type, major });
  return schema;
}

/**
 * The shape of every event, whatever its type: what code that handles events in general (the
 * Kafka runtime, the audit log) may rely on.
 */
export interface EventEnvelope<
  Type extends string = string,
  Payload extends AccountKeyed = AccountKeyed,
> {
  readonly eventId: string;
  readonly type: Type;
  readonly schemaVersion: string;
  readonly occurredAt: string;
  readonly correlationId: string;
  readonly causationId: string | null;
  readonly tenantId: string;
  readonly payload: Payload;
}

/** The payload type of an event schema, e.g. `PayloadOf<typeof AccountOverdueV1>`. */
export type PayloadOf<Schema extends z.ZodType<{ payload: unknown }>> = z.infer<Schema>['payload'];

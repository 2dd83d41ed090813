import type { Logger } from 'pino';

/** Where a Kafka message came from and what it is; nothing about the person it concerns. */
export interface MessageContext {
  topic: string;
  partition: number;
  /** kafkajs gives offsets as strings (int64). */
  offset: string | number;
  eventId?: string | undefined;
  type?: string | undefined;
  correlationId?: string | undefined;
}

/**
 * A child logger for one consumed message, bound to its coordinates and ids only. Fields are
 * copied one by one, so passing a whole message object by mistake binds no key or value.
 *
 * The offset is bound as a number when it is a safe integer, so the value masking (which leaves
 * numbers alone) never mistakes a large offset for an account number.
 */
export function messageLogger(base: Logger, context: MessageContext): Logger {
  const offset = Number(context.offset);
  return base.child({
    topic: context.topic,
    partition: context.partition,
    offset: Number.isSafeInteger(offset) ? offset : context.offset,
    ...(context.eventId === undefined ? {} : { eventId: context.eventId }),
    ...(context.type === undefined ? {} : { type: context.type }),
    ...(context.correlationId === undefined ? {} : { correlationId: context.correlationId }),
  });
}

import type { IHeaders } from 'kafkajs';

/** Kafka record headers Kindly writes. Correlation travels in headers so tools can trace without parsing. */
export const Header = {
  eventId: 'kindly-event-id',
  type: 'kindly-type',
  correlationId: 'kindly-correlation-id',
  causationId: 'kindly-causation-id',
  tenantId: 'kindly-tenant-id',
  contentType: 'content-type',
  /** How many times handling has been tried, across in-place retries and retry topics. */
  attempts: 'kindly-attempts',
  /** How many times the record has passed through the service's retry topic. */
  retryRound: 'kindly-retry-round',
  /** Epoch milliseconds before which a record on a retry topic must not be handled. */
  notBefore: 'kindly-not-before',
  originalTopic: 'kindly-original-topic',
  originalPartition: 'kindly-original-partition',
  originalOffset: 'kindly-original-offset',
  deadLetterReason: 'kindly-dlq-reason',
  deadLetterError: 'kindly-dlq-error',
  deadLetterService: 'kindly-dlq-service',
  deadLetterAt: 'kindly-dlq-at',
} as const;

/** A header's value as text; kafkajs hands them over as Buffers (or arrays of them). */
export function headerText(headers: IHeaders | undefined, name: string): string | undefined {
  const value = headers?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? undefined : first.toString();
}

export function headerNumber(headers: IHeaders | undefined, name: string): number | undefined {
  const text = headerText(headers, name);
  if (text === undefined) return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

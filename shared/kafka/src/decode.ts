import type { z } from 'zod';
import { describeIssues } from './issue-detail.js';
import { describeJsonSyntaxError } from './json-syntax.js';

/** Why a record could not become an event. All are permanent: retrying changes nothing. */
export type DecodeFailureReason =
  'EMPTY_VALUE' | 'MALFORMED_JSON' | 'SCHEMA_INVALID' | 'UNKNOWN_TYPE';

export type DecodeResult<Event> =
  | { readonly ok: true; readonly event: Event }
  | { readonly ok: false; readonly reason: DecodeFailureReason; readonly detail: string };

/**
 * Parses and validates a record's value at the edge. The detail says where and what kind of thing
 * is wrong (a byte offset, a schema path, a rule), never any text of the input: a dead-letter
 * reason goes into another topic's headers and into logs, and the input is personal data.
 */
export function decodeEvent<Event>(
  value: Buffer | null,
  schema: z.ZodType<Event>,
  expectedType: string | undefined,
): DecodeResult<Event> {
  if (value === null || value.length === 0) {
    return { ok: false, reason: 'EMPTY_VALUE', detail: 'the record has no value' };
  }
  let json: unknown;
  try {
    json = JSON.parse(value.toString('utf8'));
  } catch {
    // JSON.parse's message quotes the input around the error: locate it ourselves instead.
    return { ok: false, reason: 'MALFORMED_JSON', detail: describeJsonSyntaxError(value) };
  }
  const declaredType = typeOf(json);
  if (expectedType !== undefined && declaredType !== undefined && declaredType !== expectedType) {
    // The declared type is input too: only the expected one is named.
    return {
      ok: false,
      reason: 'UNKNOWN_TYPE',
      detail: `another event type than '${expectedType}'`,
    };
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return { ok: true, event: parsed.data };
  return {
    ok: false,
    reason: 'SCHEMA_INVALID',
    detail: describeIssues(parsed.error.issues, schema),
  };
}

function typeOf(json: unknown): string | undefined {
  if (typeof json !== 'object' || json === null || !('type' in json)) return undefined;
  return typeof json.type === 'string' ? json.type : undefined;
}

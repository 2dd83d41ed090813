import type { z } from 'zod';

/** Why a record could not become an event. All are permanent: retrying changes nothing. */
export type DecodeFailureReason =
  'EMPTY_VALUE' | 'MALFORMED_JSON' | 'SCHEMA_INVALID' | 'UNKNOWN_TYPE';

export type DecodeResult<Event> =
  | { readonly ok: true; readonly event: Event }
  | { readonly ok: false; readonly reason: DecodeFailureReason; readonly detail: string };

/**
 * Parses and validates a record's value at the edge. The detail names fields and rules, never
 * the values themselves: a dead-letter reason must not copy personal data into another topic's
 * headers or into logs.
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
  } catch (error) {
    const message =
      error instanceof Error ? error.message.replace(/"[^"]*"/g, '"…"') : 'unparseable';
    return { ok: false, reason: 'MALFORMED_JSON', detail: `not JSON: ${message}` };
  }
  const declaredType = typeOf(json);
  if (expectedType !== undefined && declaredType !== undefined && declaredType !== expectedType) {
    return {
      ok: false,
      reason: 'UNKNOWN_TYPE',
      detail: `type '${declaredType.slice(0, 60)}' on a topic for '${expectedType}'`,
    };
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return { ok: true, event: parsed.data };
  const issues = parsed.error.issues
    .slice(0, 10)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
  return { ok: false, reason: 'SCHEMA_INVALID', detail: issues.join('; ') };
}

function typeOf(json: unknown): string | undefined {
  if (typeof json !== 'object' || json === null || !('type' in json)) return undefined;
  return typeof json.type === 'string' ? json.type : undefined;
}

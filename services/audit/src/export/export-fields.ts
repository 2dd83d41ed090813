/**
 * Reading a kept body's payload field by field, whatever its event type: the exports show the
 * same column for every type that has the field (a plan's template and a rendering's), so they
 * read payloads as plain records rather than narrowing each of the thirteen types.
 */
import { DateTime } from 'luxon';
import type { AuditBody } from '../domain/audit-body.js';

export type PayloadFields = Readonly<Record<string, unknown>>;

export function payloadFields(body: AuditBody | undefined): PayloadFields {
  const fields: PayloadFields = body?.payload ?? {};
  return fields;
}

/** A field as text: strings as they are, numbers and booleans written out, anything else blank. */
export function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return '';
}

/** A field that may be an object (`from`, `to` of an escalation): its own fields, or none. */
export function fieldsOf(value: unknown): PayloadFields {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as PayloadFields)
    : {};
}

/** The codes a record gives as its why: a plan's or suppression's `reasons`, or one `reason`. */
export function reasonsOf(fields: PayloadFields): string[] {
  const reasons = Array.isArray(fields['reasons']) ? fields['reasons'].map(textOf) : [];
  const reason = textOf(fields['reason']);
  return reason ? [...reasons, reason] : reasons;
}

// Only a keyed hash may leave the audit as an address: anything else in an address field
// (a letter consent's literal `postal`, or clear text a bug let through) is left out.
const ADDRESS_KEY = /^ah:[0-9a-f]{64}$/;

/** The keyed hash of the address a record was sent to (`to`) or a consent is for (`address`). */
export function addressKeyOf(fields: PayloadFields): string {
  for (const value of [fields['to'], fields['address']]) {
    if (typeof value === 'string' && ADDRESS_KEY.test(value)) return value;
  }
  return '';
}

/** An instant as UTC ISO (`…Z`), seconds kept, milliseconds only when there are any. */
export function utcIso(instant: string | undefined): string {
  if (!instant) return '';
  const at = DateTime.fromISO(instant, { setZone: true }).toUTC();
  return at.isValid ? at.toISO({ suppressMilliseconds: true }) : '';
}

/** The same instant on the customer's clock, ISO with its offset (blank without a zone). */
export function localIso(instant: string | undefined, zone: string | undefined): string {
  if (!instant || !zone) return '';
  const at = DateTime.fromISO(instant, { setZone: true }).setZone(zone);
  return at.isValid ? at.toISO({ suppressMilliseconds: true }) : '';
}

/**
 * The history as it stood at an instant: only events that had occurred by then (`occurredAt`
 * at or before it) count, and of those the latest wins, so that a later correction never
 * rewrites what was in force when a message went out.
 */
import type { AnyEvent, EventOf, EventType } from '@kindly/contracts';
import { DateTime } from 'luxon';
import type { AccountHistory, EventRef, LocalInstant } from './recheck-types.js';

export function ms(iso: string): number {
  const parsed = Date.parse(iso);
  if (Number.isNaN(parsed)) throw new RangeError(`not an instant: ${iso}`);
  return parsed;
}

export function refOf(event: AnyEvent): EventRef {
  return { type: event.type, eventId: event.eventId, occurredAt: event.occurredAt };
}

/** Events of one type that had occurred by `atMs`, in the order the audit recorded them. */
export function occurredBy<K extends EventType>(
  history: AccountHistory,
  type: K,
  atMs: number,
): EventOf<K>[] {
  return history.filter(
    (event): event is EventOf<K> => event.type === type && ms(event.occurredAt) <= atMs,
  );
}

/** The last of `events` by `occurredAt` (the later recorded on a tie). */
export function latest<E extends AnyEvent>(events: readonly E[]): E | undefined {
  let best: E | undefined;
  for (const event of events) {
    if (!best || ms(event.occurredAt) >= ms(best.occurredAt)) best = event;
  }
  return best;
}

/** The contact record in force: the latest `contact.updated` that had occurred by then. */
export function contactInForce(history: AccountHistory, atMs: number) {
  return latest(occurredBy(history, 'contact.updated', atMs));
}

/** Every zone the customer may be in, by that record: the primary and the candidates. */
export function zonesOf(contact: EventOf<'contact.updated'>): string[] {
  return [...new Set([contact.payload.timeZone, ...contact.payload.candidateTimeZones])];
}

export function localInstant(atMs: number, zone: string): LocalInstant {
  const local = DateTime.fromMillis(atMs, { zone });
  return {
    zone,
    local: local.toISO({ suppressMilliseconds: true }) ?? '',
    weekday: local.toFormat('cccc'),
  };
}

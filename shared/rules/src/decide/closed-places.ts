import { DateTime } from 'luxon';
import type { ContactUpdatedV1Payload, OutreachChannel, Purpose } from '@kindly/contracts';
import { contactRule, type Policy } from '../policy/index.js';
import type { ContactRules } from '../windows/index.js';
import { allowedIntervalsBetween } from '../windows/allowed-intervals.js';
import { placesOf } from './zone-places.js';
import { contactRulesFor } from './zone-rules.js';

/** A zone where a send is not allowed at an instant, under whose rules, and why. */
export interface ClosedAt {
  readonly zone: string;
  /** The jurisdiction whose rule closes it, or `customer` for the customer's own windows. */
  readonly jurisdiction: string;
  /** `HOURS`: outside its hours; `HOLIDAY`: a holiday or a no-contact date; `CLOSED_DAY`. */
  readonly why: 'HOURS' | 'HOLIDAY' | 'CLOSED_DAY' | 'CUSTOMER_WINDOWS';
  /** The local date and time there, `2026-11-01 07:30`. */
  readonly localTime: string;
}

const ALL_DAY: ContactRules = {
  hours: [{ days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '24:00' }],
};

/**
 * Which candidate zones, under which jurisdiction, do not allow this send at `at`: what a
 * planner's "not before" or "no window" is made of, for people to read (`kindly plan`). The same
 * places and rules `findSendSlot` judges, one at a time.
 */
export function closedPlacesAt(
  policy: Policy,
  contact: ContactUpdatedV1Payload,
  send: { readonly channel: OutreachChannel; readonly purpose: Purpose },
  at: DateTime,
  extraZones: readonly string[] = [],
): ClosedAt[] {
  const from = at.toMillis();
  const open = (zone: string, rules: ContactRules, customer = false) =>
    allowedIntervalsBetween(
      {
        zones: [zone],
        rulesFor: () => rules,
        primaryZone: zone,
        weeks: policy.caches.weeks,
        ...(customer
          ? {
              preferredWindows: contact.preferredWindows,
              inconvenientWindows: contact.inconvenientWindows,
            }
          : {}),
      },
      from,
      from + 1,
    ).length > 0;
  const closed: ClosedAt[] = [];
  for (const { zone, jurisdictions } of placesOf(policy, contact, extraZones)) {
    const local = at.setZone(zone);
    const localTime = local.toFormat('yyyy-MM-dd HH:mm');
    for (const jurisdiction of jurisdictions) {
      const rule = contactRule(policy, jurisdiction, send.channel, send.purpose);
      const rules = contactRulesFor(policy, rule, jurisdiction);
      if (open(zone, rules)) continue;
      const date = local.toISODate() ?? '';
      const why = rules.holidays?.isHoliday(date)
        ? 'HOLIDAY'
        : rules.closedWeekdays?.includes(local.weekday) &&
            rules.holidays?.isMakeUpWorkday?.(date) !== true
          ? 'CLOSED_DAY'
          : 'HOURS';
      closed.push({ zone, jurisdiction, why, localTime });
    }
  }
  if (!open(contact.timeZone, ALL_DAY, true)) {
    closed.push({
      zone: contact.timeZone,
      jurisdiction: 'customer',
      why: 'CUSTOMER_WINDOWS',
      localTime: DateTime.fromMillis(from, { zone: contact.timeZone }).toFormat('yyyy-MM-dd HH:mm'),
    });
  }
  return closed;
}

import { DateTime, type Duration } from 'luxon';
import type { ContactUpdatedV1Payload, OutreachChannel, Purpose } from '@kindly/contracts';
import {
  checkFrequencyCaps,
  contactRule,
  frequencyCaps,
  jurisdictionPolicy,
  type ContactHistoryEntry,
  type Policy,
} from '../policy/index.js';
import {
  allowedIntervals,
  createHolidayCalendar,
  nextSendSlot,
  type ContactRules,
  type SendSlot,
} from '../windows/index.js';

export interface SlotRequest {
  readonly policy: Policy;
  readonly contact: ContactUpdatedV1Payload;
  readonly zones: readonly string[];
  readonly channel: OutreachChannel;
  readonly purpose: Purpose;
  readonly history: readonly ContactHistoryEntry[];
  readonly now: DateTime;
  /** How far ahead to look for a window. */
  readonly horizon: Duration;
  /** A send needs this long before its window closes. */
  readonly minimumDuration: Duration;
}

export type SlotResult =
  | { readonly found: true; readonly slot: SendSlot; readonly reasons: readonly string[] }
  | {
      readonly found: false;
      readonly reason: 'NO_WINDOW' | 'CAP_REACHED';
      readonly retryAt?: DateTime;
    };

// Each cap check moves the search to a later instant; a handful of rounds settles any real history.
const MAX_ROUNDS = 8;

/**
 * The earliest moment, from `now`, at which this send is allowed in every candidate zone (hours,
 * holidays, the customer's own windows) and under every frequency cap, with the end of its window.
 */
export function findSendSlot(request: SlotRequest): SlotResult {
  const { policy, contact, channel, purpose, now } = request;
  const rule = contactRule(policy, contact.jurisdiction, channel, purpose);
  if (rule.hours.length === 0) return { found: false, reason: 'NO_WINDOW' };
  const calendarSpec = jurisdictionPolicy(policy, contact.jurisdiction).holidays;
  const holidays =
    rule.excludeHolidays || rule.noContactDates.length > 0
      ? createHolidayCalendar({
          country: calendarSpec?.country ?? contact.jurisdiction.slice(0, 2),
          ...(calendarSpec?.region ? { region: calendarSpec.region } : {}),
          extraDates: rule.noContactDates,
          ...(rule.excludeHolidays ? {} : { types: [] }),
        })
      : undefined;
  const rules: ContactRules = {
    hours: rule.hours,
    holidays,
    closedWeekdays: rule.excludeSundays ? [7] : [],
  };
  const caps = frequencyCaps(policy, contact.jurisdiction);
  const reasons: string[] = [];
  let from = now;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const intervals = allowedIntervals({
      zones: request.zones,
      rulesFor: () => rules,
      primaryZone: contact.timeZone,
      preferredWindows: contact.preferredWindows,
      inconvenientWindows: contact.inconvenientWindows,
      from,
      to: now.plus(request.horizon),
    });
    const { slot } = nextSendSlot({
      intervals,
      now: from,
      minimumDuration: request.minimumDuration,
      appointments: (contact.appointments ?? []).map((a) =>
        DateTime.fromISO(a.at, { zone: 'utc' }),
      ),
    });
    if (!slot) return { found: false, reason: round === 0 ? 'NO_WINDOW' : 'CAP_REACHED' };
    if (slot.basis === 'appointment') reasons.push('CUSTOMER_APPOINTMENT');
    const check = checkFrequencyCaps({
      history: request.history,
      caps,
      zones: request.zones,
      candidate: { channel, purpose, at: slot.start },
    });
    if (check.allowed) return { found: true, slot, reasons };
    reasons.push('WAITED_FOR_CAP');
    from = check.earliestAllowedAt;
    if (from >= now.plus(request.horizon))
      return { found: false, reason: 'CAP_REACHED', retryAt: from };
  }
  return { found: false, reason: 'CAP_REACHED' };
}

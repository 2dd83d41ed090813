/**
 * Frequency caps, counted from the records: for each cap that applies to the send, the earlier
 * sends it counts are listed and counted with this one. A cap in days counts calendar days in
 * each zone the customer may be in (the send's date and the days before it), and the strictest
 * zone is reported; a cap in hours counts a sliding window. Checking every send this way finds
 * each over-full window at the send that overfilled it.
 */
import { DateTime } from 'luxon';
import type { CapEntry, Purpose, ResolvedJurisdiction } from './policy-document.js';
import type { SendEvidence, Violation } from './recheck-types.js';
import { ms } from './history-as-of.js';

/**
 * A contact a cap may count: a send (an attempt, whatever became of it after) or an agent's
 * call as the desk reported it (a conversation, or undelivered when nobody answered).
 */
export interface CountedContact {
  readonly messageId: string;
  readonly channel: string;
  readonly at: string;
  readonly kind: 'attempt' | 'conversation' | 'undelivered';
  readonly purpose?: Purpose;
  /** The type of the address it went to, if the contact record in force tells it. */
  readonly addressType?: string;
}

const HOUR_MS = 3_600_000;
/** What a rolling cap counts when the policy does not say (the policy schema's default). */
const DEFAULT_COUNTS = ['attempt', 'conversation', 'delivered'];

function counts(cap: CapEntry, contact: CountedContact): boolean {
  if (cap.kind !== 'rolling' || !cap.channels.includes(contact.channel)) return false;
  if (!(cap.counts ?? DEFAULT_COUNTS).includes(contact.kind)) return false;
  const purposes = cap.purposes ?? ['servicing', 'marketing'];
  // Unknown purpose or address type: counted, as every cap would count it.
  if (contact.purpose !== undefined && !purposes.includes(contact.purpose)) return false;
  return (
    cap.addressTypes === undefined ||
    contact.addressType === undefined ||
    cap.addressTypes.includes(contact.addressType)
  );
}

/** Calendar day of an instant in a zone, as a number that subtracts. */
function dayNumber(atMs: number, zone: string): number {
  const local = DateTime.fromMillis(atMs, { zone });
  return Date.UTC(local.year, local.month - 1, local.day) / 86_400_000;
}

export interface CapsCheck {
  readonly send: SendEvidence;
  readonly counted: CountedContact;
  /** Every send before this one, and every call reported before its instant. */
  readonly earlier: readonly CountedContact[];
  readonly zones: readonly string[];
  readonly rules: ResolvedJurisdiction;
}

export function checkCaps(input: CapsCheck): Violation[] {
  const { send, counted: self } = input;
  const atMs = ms(self.at);
  const found: Violation[] = [];
  for (const cap of input.rules.caps) {
    if (!counts(cap, self) || cap.limit === undefined) continue;
    const candidates = input.earlier.filter((e) => counts(cap, e));
    let worst: { zone?: string; counted: CountedContact[] } = { counted: [] };
    if (cap.window.unit === 'hours') {
      const from = atMs - cap.window.length * HOUR_MS;
      worst = { counted: candidates.filter((e) => ms(e.at) > from && ms(e.at) <= atMs) };
    } else {
      for (const zone of input.zones) {
        const day = dayNumber(atMs, zone);
        const counted = candidates.filter((e) => {
          const d = dayNumber(ms(e.at), zone);
          return d > day - cap.window.length && d <= day;
        });
        if (counted.length > worst.counted.length) worst = { zone, counted };
      }
    }
    if (worst.counted.length + 1 <= cap.limit) continue;
    found.push({
      kind: 'OVER_CAP',
      send,
      capId: cap.id,
      limit: cap.limit,
      window: cap.window,
      ...(worst.zone !== undefined ? { zone: worst.zone } : {}),
      counted: [...worst.counted, self].map(({ messageId, channel, at }) => ({
        messageId,
        channel,
        at,
      })),
    });
  }
  return found;
}

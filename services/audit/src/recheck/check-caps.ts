/**
 * Frequency caps, counted from the records: for each cap that applies to the send, the earlier
 * sends it counts are listed and counted with this one. A cap in days counts calendar days in
 * each zone the customer may be in (the send's date and the days before it), and the strictest
 * zone is reported; a cap in hours counts a sliding window. Checking every send this way finds
 * each over-full window at the send that overfilled it.
 */
import { DateTime } from 'luxon';
import type { CapEntry, ResolvedJurisdiction } from './policy-document.js';
import type { Send, SendEvidence, Violation } from './recheck-types.js';
import { ms } from './history-as-of.js';

/** A send with the type of the address it went to, if the contact record in force tells it. */
export interface TypedSend extends Send {
  readonly addressType?: string;
}

const HOUR_MS = 3_600_000;
/** Sends are attempts: a message given to a provider, whatever became of it after. */
const SEND_KIND = 'attempt';

function counts(cap: CapEntry, send: TypedSend): boolean {
  if (cap.kind !== 'rolling' || !cap.channels.includes(send.channel)) return false;
  if (!(cap.counts ?? [SEND_KIND]).includes(SEND_KIND)) return false;
  const purposes = cap.purposes ?? ['servicing', 'marketing'];
  // Unknown purpose or address type: counted, as every cap would count it.
  if (send.purpose !== undefined && !purposes.includes(send.purpose)) return false;
  return (
    cap.addressTypes === undefined ||
    send.addressType === undefined ||
    cap.addressTypes.includes(send.addressType)
  );
}

/** Calendar day of an instant in a zone, as a number that subtracts. */
function dayNumber(atMs: number, zone: string): number {
  const local = DateTime.fromMillis(atMs, { zone });
  return Date.UTC(local.year, local.month - 1, local.day) / 86_400_000;
}

export interface CapsCheck {
  readonly send: SendEvidence;
  readonly typed: TypedSend;
  /** Every send recorded before this one. */
  readonly earlier: readonly TypedSend[];
  readonly zones: readonly string[];
  readonly rules: ResolvedJurisdiction;
}

export function checkCaps(input: CapsCheck): Violation[] {
  const { send, typed } = input;
  const atMs = ms(typed.at);
  const found: Violation[] = [];
  for (const cap of input.rules.caps) {
    if (!counts(cap, typed) || cap.limit === undefined) continue;
    const candidates = input.earlier.filter((e) => counts(cap, e));
    let worst: { zone?: string; counted: TypedSend[] } = { counted: [] };
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
      counted: [...worst.counted, typed].map((e) => ({ messageId: e.messageId, at: e.at })),
    });
  }
  return found;
}

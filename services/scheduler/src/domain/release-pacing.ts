import { DateTime } from 'luxon';
import type { OutreachChannel } from '@kindly/contracts';

/** Releases a second per channel (the provider's rate); a channel without one is not paced. */
export type ReleaseRates = Readonly<Partial<Record<OutreachChannel, number>>>;

/** The pacer's answer for one message ready to go. */
export type PacedSlot =
  { readonly kind: 'now' } | { readonly kind: 'later'; readonly at: DateTime };

/**
 * Spreads releases at each channel's rate, so that a backlog due at a window's opening (most US
 * messages are due at 08:00 sharp local time) drains smoothly instead of reaching the provider as
 * a burst, and each message's last look is taken close to when it can really go.
 *
 * Per channel, the generic cell rate algorithm: a message may go now if the channel's
 * theoretical arrival time, less a tolerance of one second's worth of messages, is not after
 * `now`; each release moves that time on by one interval (1 / rate). A message that may not go
 * now gets its own later slot, one interval after the previous one handed out, so the backlog
 * comes due spread at the rate rather than all again at the next round. Handed-out slots are only
 * a spreading of due times: when they come, the messages ask again, and only releases count.
 *
 * In memory, per replica: a restart forgets the state and at worst lets one second's worth
 * through at once. With several replicas each paces its own releases; give each its share of the
 * provider's rate.
 */
export class ReleasePacer {
  /** Per channel, epoch ms: when the next release would be exactly on schedule. */
  private readonly arrival = new Map<OutreachChannel, number>();
  /** Per channel, epoch ms: the last later slot handed out. */
  private readonly handedOut = new Map<OutreachChannel, number>();

  constructor(private readonly rates: ReleaseRates) {}

  slotFor(channel: OutreachChannel, now: DateTime): PacedSlot {
    const rate = this.rates[channel];
    if (rate === undefined) return { kind: 'now' };
    const interval = 1_000 / rate;
    const tolerance = Math.max(0, Math.ceil(rate) - 1) * interval;
    const at = now.toMillis();
    // Releases keep the arrival time at most `at + tolerance + interval`: beyond that the clock
    // was moved back (tests, a simulation), and the pace starts again from `at`.
    const stored = this.arrival.get(channel) ?? at;
    const arrival = stored > at + tolerance + interval ? at : Math.max(stored, at);
    if (arrival - tolerance <= at) {
      this.arrival.set(channel, arrival + interval);
      return { kind: 'now' };
    }
    const previous = this.handedOut.get(channel);
    const slot = Math.max(arrival - tolerance, previous === undefined ? at : previous + interval);
    this.handedOut.set(channel, slot);
    return { kind: 'later', at: DateTime.fromMillis(Math.ceil(slot), { zone: 'utc' }) };
  }
}

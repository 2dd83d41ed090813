import type { DateTime } from 'luxon';
import type { OutreachChannel, Purpose } from '@kindly/contracts';
import type { AddressType, ContactKind } from './policy-schema.js';

/**
 * One past contact with the customer about this account (per person, per debt, across all
 * numbers and addresses, as Reg F counts [S9]). One entry per contact, with its latest outcome.
 */
export interface ContactHistoryEntry {
  readonly channel: OutreachChannel;
  /** When it happened, ISO 8601 with an offset (normally UTC, `…Z`). */
  readonly at: string;
  readonly kind: ContactKind;
  /** Inbound contacts never count toward rolling caps, but an inbound conversation starts a
   * quiet period [S7]. Absent: outbound. */
  readonly direction?: 'outbound' | 'inbound' | undefined;
  /** False for a contact the rules exclude, e.g. a call placed with the person's direct prior
   * consent (Reg F 1006.14(b)(3)) or one the customer asked for (MA). Absent: true. */
  readonly countsTowardCaps?: boolean | undefined;
  /** Absent: counted by every cap, whatever the purpose (the harassment standard does not
   * care why a message was sent). */
  readonly purpose?: Purpose | undefined;
  /** Absent: treated as every type, so that it counts against every address-typed cap. */
  readonly addressType?: AddressType | undefined;
}

/** A send being considered. */
export interface CandidateSend {
  readonly channel: OutreachChannel;
  readonly purpose: Purpose;
  /** When it would go out (STYLE P4: the caller's clock, never the system's). */
  readonly at: DateTime;
  /** Absent: every address-typed cap applies. */
  readonly addressType?: AddressType;
}

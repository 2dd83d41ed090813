/**
 * What the re-check reads and what it reports. The input is one account's events as the audit
 * keeps them, in the order it recorded them; addresses in them may be opaque keys (`ah:3f9a…`),
 * so they are only ever compared for equality.
 */
import type { AnyEvent } from '@kindly/contracts';
import type { HolidayFact } from './holiday-lookup.js';
import type { Purpose } from './policy-document.js';

/** One account's history, as the audit recorded it. */
export type AccountHistory = readonly AnyEvent[];

export type SentChannel = 'sms' | 'email' | 'letter';

/** An event that made a fact true, named so that an examiner can find it. */
export interface EventRef {
  readonly type: string;
  readonly eventId: string;
  readonly occurredAt: string;
}

/** The send's instant on one candidate zone's wall clock. */
export interface LocalInstant {
  readonly zone: string;
  /** ISO 8601 with the zone's offset then, e.g. `2026-03-08T03:30:00-04:00`. */
  readonly local: string;
  readonly weekday: string;
}

/** A send and what the history says it was. */
export interface Send {
  readonly messageId: string;
  readonly attempt: number;
  readonly channel: SentChannel;
  /** UTC, the delivery outcome's `at`. */
  readonly at: string;
  /** Absent: the audit does not know the address (no wrong-address check then). */
  readonly to?: string;
  /** Absent: no plan or rendering in the history; the stricter servicing rules are read. */
  readonly purpose?: Purpose;
  readonly templateId?: string;
  readonly templateKind?: string;
  readonly strategyId?: string;
  readonly cycleId?: string;
  readonly outcome: EventRef;
}

/** The send as a violation reports it: what was sent, when, where the customer may have been. */
export interface SendEvidence extends Send {
  readonly local: readonly LocalInstant[];
}

export interface HoursRowEvidence {
  readonly days: readonly string[];
  readonly start: string;
  readonly end: string;
}

export type FlagViolationKind =
  | 'DURING_DISPUTE'
  | 'DURING_BANKRUPTCY'
  | 'AFTER_DECEASED'
  | 'AFTER_CEASE_COMMUNICATION'
  | 'DURING_ATTORNEY_REPRESENTATION'
  | 'DURING_LEGAL_HOLD';

export type Violation =
  | {
      readonly kind: 'OUTSIDE_WINDOW';
      readonly send: SendEvidence;
      readonly zone: string;
      readonly why: 'outside-hours' | 'sunday' | 'no-contact-date' | 'inconvenient-window';
      /** The hours the policy allows (or the customer's inconvenient window that was open). */
      readonly window: readonly HoursRowEvidence[];
    }
  | {
      readonly kind: 'HOLIDAY';
      readonly send: SendEvidence;
      readonly zone: string;
      readonly holiday: HolidayFact;
    }
  | {
      readonly kind: 'OVER_CAP';
      readonly send: SendEvidence;
      readonly capId: string;
      readonly limit: number;
      readonly window: { readonly length: number; readonly unit: 'days' | 'hours' };
      /** For day caps, the zone whose calendar days were counted (the strictest). */
      readonly zone?: string;
      /** The earlier sends (and reported calls) counted, with this send last. */
      readonly counted: readonly {
        readonly messageId: string;
        readonly channel: string;
        readonly at: string;
      }[];
    }
  | {
      readonly kind: 'NO_CONSENT';
      readonly send: SendEvidence;
      readonly address: string;
      readonly requiredBases: readonly string[];
      /** The record in force, when there was one that does not satisfy the policy. */
      readonly inForce?: ConsentEvidence;
      /** `policy`: the channel and purpose need consent; `work-email`: an employer's address. */
      readonly requiredBy: 'policy' | 'work-email';
    }
  | {
      readonly kind: 'AFTER_OPT_OUT';
      readonly send: SendEvidence;
      readonly address: string;
      readonly revocation: ConsentEvidence;
    }
  | {
      /** Sent to an address known then to be unreachable (a hard bounce, a landline…). */
      readonly kind: 'TO_UNREACHABLE';
      readonly send: SendEvidence;
      readonly address: string;
      readonly unreachable: UnreachableEvidence;
    }
  | {
      readonly kind: 'AFTER_PAYMENT';
      readonly send: SendEvidence;
      readonly how: 'curing-payment' | 'cured-flag' | 'nothing-overdue';
      readonly event: EventRef;
      /** When it took effect: the payment's `paidAt`, the flag's `effectiveAt`. */
      readonly effectiveAt: string;
    }
  | {
      readonly kind: FlagViolationKind;
      readonly send: SendEvidence;
      readonly flag: string;
      readonly setBy: EventRef;
      readonly effectiveAt: string;
    }
  | {
      readonly kind: 'DURING_PROMISE' | 'DURING_PLAN';
      readonly send: SendEvidence;
      readonly arrangementId: string;
      readonly status: string;
      readonly event: EventRef;
      /** The last local date of the pause (promised or instalment date plus the grace days). */
      readonly pausedThrough: string;
    }
  | {
      readonly kind: 'WRONG_ADDRESS';
      readonly send: SendEvidence;
      readonly used: string;
      readonly inForce: readonly string[];
      readonly contact: EventRef;
    }
  | {
      readonly kind: 'AT_WORK';
      readonly send: SendEvidence;
      readonly address: string;
      readonly contact: EventRef;
    }
  | {
      /** No contact record was in force: nobody could know the zones or the addresses. */
      readonly kind: 'NO_CONTACT_RECORD';
      readonly send: SendEvidence;
    };

export type ViolationKind = Violation['kind'];

/** The `contact.unreachable` in force: why, and when it was found. */
export interface UnreachableEvidence extends EventRef {
  readonly reason: string;
  readonly at: string;
  readonly errorCode?: string;
}

export interface ConsentEvidence extends EventRef {
  readonly status: 'granted' | 'revoked';
  readonly basis: string;
  readonly purpose: string;
  /** When the customer gave or withdrew it. */
  readonly at: string;
}

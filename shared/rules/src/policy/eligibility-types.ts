/**
 * What eligibility reads: snapshots of the account and the contact, and the message in
 * question. Shapes follow the `account.*` and `contact.*` events, reduced to what the rules
 * use, so that any snapshot store can feed them.
 */
import type {
  AccountFlag,
  ArrangementStatus,
  ConsentBasis,
  ContactChannel,
  UnreachableReason,
  Email,
  Money,
  OutreachChannel,
  Phone,
  Purpose,
} from '@kindly/contracts';

/** The latest consent record for one channel, address and purpose (from `contact.consent`). */
export interface ConsentRecord {
  readonly channel: ContactChannel;
  /** E.164 number, e-mail address, or `postal` for letters. */
  readonly address: string;
  readonly purpose: Purpose;
  readonly status: 'granted' | 'revoked';
  readonly basis: ConsentBasis;
  /** ISO 8601; a record dated after `now` is not yet in force. */
  readonly at: string;
}

/**
 * An opt-out in force: "stop calling" (a medium), "not this number" (an address), an objection
 * to marketing (a purpose), or a mix. An absent field matches everything. The snapshot keeps
 * only opt-outs in force; an opt-in removes them.
 */
export interface OptOut {
  readonly channel?: ContactChannel;
  readonly address?: string;
  readonly purpose?: Purpose;
  /** When it was received, for the audit; not used to decide. */
  readonly at?: string;
}

/** An address a provider said cannot be reached (invalid number, hard bounce, landline). */
export interface UnreachableAddress {
  readonly channel: ContactChannel;
  /** E.164 number, e-mail address, or `postal` for letters. */
  readonly address: string;
  /** ISO 8601, when it was found; one dated after `now` is not yet known. Absent: always. */
  readonly at?: string;
  /**
   * Why; a temporary reason (TEMPORARY_UNREACHABLE_REASONS in @kindly/contracts) with an `at`
   * bars the address only for TEMPORARY_UNREACHABLE_DAYS after it. Absent: for good.
   */
  readonly reason?: UnreachableReason;
}

export interface ContactState {
  /** The IANA zone the customer most likely is in. */
  readonly timeZone: string;
  /** Other zones they may be in; dates are judged in all of them, the latest winning. */
  readonly candidateTimeZones?: readonly string[];
  readonly phones: readonly Pick<Phone, 'number' | 'type'>[];
  readonly emails: readonly Pick<Email, 'address' | 'type'>[];
  readonly hasPostalAddress: boolean;
  readonly consents: readonly ConsentRecord[];
  readonly optOuts: readonly OptOut[];
  readonly doNotContactAtWork: boolean;
  readonly unreachable: readonly UnreachableAddress[];
}

export interface PromiseToPayState {
  readonly kind: 'promise-to-pay';
  readonly status: ArrangementStatus;
  /** Local date `YYYY-MM-DD` in the customer's zone. */
  readonly promisedDate: string;
  /** Overrides the policy's grace days for this promise (an agent agreed to more). */
  readonly graceDays?: number;
}

export interface InstalmentPlanState {
  readonly kind: 'instalment-plan';
  readonly status: ArrangementStatus;
  readonly schedule: readonly { readonly dueDate: string }[];
  readonly graceDays?: number;
}

export interface AccountState {
  /** Flags currently set. */
  readonly flags: readonly AccountFlag[];
  readonly overdueAmount: Money;
  /** Start of the current overdue cycle; a curing payment before it belongs to an older cycle. */
  readonly overdueSince?: string;
  readonly lastPayment?: { readonly at: string; readonly curesAccount: boolean };
  readonly arrangement?: PromiseToPayState | InstalmentPlanState;
}

/** The message being considered. */
export interface MessageToCheck {
  readonly channel: OutreachChannel;
  readonly purpose: Purpose;
  /** E.164 number (sms, agent-call), e-mail address, or `postal` (letter). */
  readonly address: string;
  /** What the template is for, e.g. `cease-efforts-terminated`; flags may allow some kinds. */
  readonly templateKind?: string;
}

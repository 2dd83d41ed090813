/**
 * May this message be sent to this customer at all, leaving time windows and frequency caps
 * aside? Every reason is reported, not just the first: the audit counts each rule that worked,
 * and a compliance officer must see that a bankrupt, opted-out customer was both.
 */
import type { DateTime } from 'luxon';
import { SuppressionReason } from '@kindly/contracts';
import { curedReasons, flagReasons } from './account-checks.js';
import { arrangementPause } from './arrangement-pause.js';
import { contactReasons } from './contact-checks.js';
import { checkZone } from './local-days.js';
import type { AccountState, ContactState, MessageToCheck } from './eligibility-types.js';
import type { JurisdictionPolicy } from './policy-types.js';

export type Eligibility =
  | { readonly allowed: true }
  | {
      readonly allowed: false;
      /** Distinct, in the order of the `SuppressionReason` enum. */
      readonly reasons: readonly SuppressionReason[];
      /** Set when an arrangement pauses contact: re-plan from then (UTC). */
      readonly pausedUntil?: DateTime;
    };

export interface EligibilityInput {
  readonly account: AccountState;
  readonly contact: ContactState;
  readonly message: MessageToCheck;
  /** The customer's jurisdiction's policy (see `jurisdictionPolicy`). */
  readonly policy: JurisdictionPolicy;
  /** The decision's instant, from the caller's clock (STYLE P4). */
  readonly now: DateTime;
}

/**
 * Checks the account's state, the arrangement, the contact's consents and opt-outs and the
 * address against the policy.
 *
 * @returns `{ allowed: true }`, or every reason the message may not go, with `pausedUntil`
 *   when a promise to pay or an instalment plan pauses contact.
 */
export function checkEligibility(input: EligibilityInput): Eligibility {
  const { account, contact, message, policy, now } = input;
  if (!now.isValid) throw new RangeError('now: invalid instant');
  const zones = [contact.timeZone, ...(contact.candidateTimeZones ?? [])].map(checkZone);
  const pause = arrangementPause(account, message, policy, zones, now);
  const found = new Set<SuppressionReason>([
    ...curedReasons(account, now),
    ...flagReasons(account, message, policy),
    ...(pause ? [pause.reason] : []),
    ...contactReasons(contact, message, policy, now),
  ]);
  if (found.size === 0) return { allowed: true };
  const reasons = SuppressionReason.options.filter((reason) => found.has(reason));
  return pause
    ? { allowed: false, reasons, pausedUntil: pause.until }
    : { allowed: false, reasons };
}

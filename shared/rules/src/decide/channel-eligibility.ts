import type { DateTime } from 'luxon';
import type {
  ContactUpdatedV1Payload,
  OutreachChannel,
  Purpose,
  SuppressionReason,
} from '@kindly/contracts';
import {
  checkEligibility,
  jurisdictionPolicy,
  type ContactState,
  type Policy,
  type AccountState as PolicyAccount,
} from '../policy/index.js';
import { addressFor } from './policy-views.js';

/** The account and customer as the policy checks read them (`policyAccountOf`, …ContactOf). */
export interface EligibilityViews {
  readonly policy: Policy;
  readonly account: PolicyAccount;
  readonly contact: ContactUpdatedV1Payload;
  readonly policyContact: ContactState;
}

export type ChannelVerdict =
  | { readonly allowed: true; readonly address: string }
  | {
      readonly allowed: false;
      readonly reasons: readonly SuppressionReason[];
      /** When a pause (an arrangement's) ends: look again then. */
      readonly pausedUntil?: DateTime;
    };

/**
 * Whether the customer may be reached on this channel for this purpose at `now`: the address
 * the channel uses, then every bar of the customer's jurisdiction (flags, arrangements, consent,
 * opt-outs, work addresses), with the step's template kind where a bar lets that kind through
 * (a notice after a cease request). Composed once, for the planner's choice of a channel and
 * for every last look at a planned message.
 */
export function channelEligibility(
  views: EligibilityViews,
  step: {
    readonly channel: OutreachChannel;
    readonly purpose: Purpose;
    readonly templateKind?: string | undefined;
  },
  now: DateTime,
): ChannelVerdict {
  const address = addressFor(step.channel, views.contact);
  if (address === undefined) return { allowed: false, reasons: ['NO_ADDRESS'] };
  const verdict = checkEligibility({
    account: views.account,
    contact: views.policyContact,
    message: {
      channel: step.channel,
      purpose: step.purpose,
      address,
      ...(step.templateKind !== undefined ? { templateKind: step.templateKind } : {}),
    },
    policy: jurisdictionPolicy(views.policy, views.contact.jurisdiction),
    now,
  });
  if (verdict.allowed) return { allowed: true, address };
  return {
    allowed: false,
    reasons: verdict.reasons,
    ...(verdict.pausedUntil ? { pausedUntil: verdict.pausedUntil } : {}),
  };
}

/**
 * What a campaign's messages met, counted once per message: the complaint breaker's inputs.
 * Kept with the launch, so the breaker reads them with the launch at every round.
 */
export interface CampaignReach {
  readonly emailsDelivered: number;
  readonly emailComplaints: number;
  readonly smsDelivered: number;
  readonly smsOptOuts: number;
}

export const noReach: CampaignReach = {
  emailsDelivered: 0,
  emailComplaints: 0,
  smsDelivered: 0,
  smsOptOuts: 0,
};

export interface ComplaintLimits {
  readonly emailComplaintRate: number;
  readonly smsOptOutRate: number;
}

export type BreakerVerdict =
  | { readonly trip: false }
  | {
      readonly trip: true;
      readonly why: 'EMAIL_COMPLAINTS' | 'SMS_OPT_OUTS';
      readonly rate: number;
      readonly limit: number;
    };

/**
 * Whether the campaign must pause: spam complaints per delivered e-mail at or above the limit
 * (Gmail's bulk-sender line is 0.1 %; the schema allows no higher), or STOP / 退订 replies per
 * delivered SMS above the campaign's limit. Counted on what was delivered so far, from the first
 * complaint: early on one complaint is a large share, and pausing then is the safe side (a person
 * looks and resumes).
 */
export function breakerVerdict(reach: CampaignReach, limits: ComplaintLimits): BreakerVerdict {
  if (reach.emailComplaints > 0) {
    const rate = reach.emailComplaints / Math.max(reach.emailsDelivered, reach.emailComplaints);
    if (rate >= limits.emailComplaintRate) {
      return { trip: true, why: 'EMAIL_COMPLAINTS', rate, limit: limits.emailComplaintRate };
    }
  }
  if (reach.smsOptOuts > 0) {
    const rate = reach.smsOptOuts / Math.max(reach.smsDelivered, reach.smsOptOuts);
    if (rate > limits.smsOptOutRate) {
      return { trip: true, why: 'SMS_OPT_OUTS', rate, limit: limits.smsOptOutRate };
    }
  }
  return { trip: false };
}

/**
 * Whether an account is in a campaign's segment at `now`. Pure: the caller passes the facts
 * and the instant; days are calendar days in the customer's zone. Every failing filter is
 * reported, not just the first, so that a preview can say how many accounts each filter keeps out.
 */
import type { CampaignAccountFacts } from './account-facts.js';
import type { Campaign } from './campaign.schema.js';
import { localDaysBetween } from './local-days.js';
import { ALWAYS_EXCLUDED_FLAGS, type Segment } from './segment.schema.js';
import {
  segmentReason as out,
  type SegmentMembership,
  type SegmentReason,
} from './segment-reasons.js';

export function inSegment(
  campaign: Campaign,
  facts: CampaignAccountFacts,
  now: Date,
): SegmentMembership {
  const segment = campaign.segment;
  const reasons = [
    ...exclusions(segment, facts),
    ...balanceAndAge(segment, facts),
    ...listed(segment, facts),
    ...history(segment, facts, now),
  ];
  return reasons.length === 0 ? { in: true } : { in: false, reasons };
}

function exclusions(segment: Segment, facts: CampaignAccountFacts): SegmentReason[] {
  const reasons: SegmentReason[] = [];
  if (segment.exclude.accounts?.includes(facts.accountId) === true) {
    reasons.push(out('ACCOUNT_EXCLUDED', 'listed in segment.exclude.accounts'));
  }
  // The flags no marketing may reach are excluded even if a campaign built in code omits them
  // (the loader refuses a file that does).
  const excluded = new Set([...segment.exclude.flags, ...ALWAYS_EXCLUDED_FLAGS]);
  for (const flag of facts.activeFlags) {
    if (excluded.has(flag)) reasons.push(out('FLAG_EXCLUDED', flag));
  }
  return reasons;
}

function balanceAndAge(segment: Segment, facts: CampaignAccountFacts): SegmentReason[] {
  const reasons: SegmentReason[] = [];
  const days = segment.daysPastDue;
  if (days !== undefined && facts.daysPastDue < days.from) {
    reasons.push(out('DAYS_PAST_DUE_BELOW', `${facts.daysPastDue} < ${days.from}`));
  }
  if (days?.to !== undefined && facts.daysPastDue > days.to) {
    reasons.push(out('DAYS_PAST_DUE_ABOVE', `${facts.daysPastDue} > ${days.to}`));
  }
  if (segment.overdueBalance !== undefined) {
    const { amountMinor, currency } = facts.overdueAmount;
    const range = segment.overdueBalance[currency];
    if (range === undefined) {
      reasons.push(out('CURRENCY_NOT_IN_SEGMENT', currency));
    } else if (range.min !== undefined && amountMinor < range.min) {
      reasons.push(out('OVERDUE_BALANCE_BELOW', `${amountMinor} < ${range.min} ${currency}`));
    } else if (range.max !== undefined && amountMinor > range.max) {
      reasons.push(out('OVERDUE_BALANCE_ABOVE', `${amountMinor} > ${range.max} ${currency}`));
    }
  }
  return reasons;
}

function listed(segment: Segment, facts: CampaignAccountFacts): SegmentReason[] {
  const reasons: SegmentReason[] = [];
  if (segment.products !== undefined && !segment.products.includes(facts.product)) {
    reasons.push(out('PRODUCT_NOT_IN_SEGMENT', facts.product));
  }
  if (
    segment.jurisdictions !== undefined &&
    !segment.jurisdictions.some((listed) => jurisdictionMatches(listed, facts.jurisdiction))
  ) {
    reasons.push(out('JURISDICTION_NOT_IN_SEGMENT', facts.jurisdiction));
  }
  if (
    segment.stages !== undefined &&
    (facts.stage === undefined || !segment.stages.includes(facts.stage))
  ) {
    reasons.push(
      out('STAGE_NOT_IN_SEGMENT', facts.stage === undefined ? 'no stage' : `${facts.stage}`),
    );
  }
  return reasons;
}

/** A country includes its subdivisions (`US` takes `US-MA`); a subdivision only itself. */
function jurisdictionMatches(listed: string, jurisdiction: string): boolean {
  return (
    jurisdiction === listed || (!listed.includes('-') && jurisdiction.startsWith(`${listed}-`))
  );
}

/**
 * "Within N days" means fewer than N calendar days have passed in the customer's zone: with
 * N = 7, a contact last Saturday keeps the account out until this Saturday, whatever the hour.
 */
function history(segment: Segment, facts: CampaignAccountFacts, now: Date): SegmentReason[] {
  const reasons: SegmentReason[] = [];
  const daysSince = (instant: string) => localDaysBetween(instant, now, facts.timeZone);
  const rules = segment.arrangements;
  for (const arrangement of facts.arrangements) {
    const { kind, status } = arrangement;
    const brokenWithin = rules?.noBrokenPromiseWithinDays;
    if (kind === 'promise-to-pay' && status === 'broken' && brokenWithin !== undefined) {
      const days = daysSince(arrangement.changedAt);
      if (days < brokenWithin)
        reasons.push(out('BROKEN_PROMISE_RECENT', `${days} days ago < ${brokenWithin}`));
    }
    if (kind === 'instalment-plan' && status === 'made' && rules?.noActivePlan === true) {
      reasons.push(out('ACTIVE_PLAN', 'an instalment plan is running'));
    }
    if (kind === 'promise-to-pay' && status === 'made' && rules?.noOpenPromise === true) {
      reasons.push(out('OPEN_PROMISE', 'a promise to pay is open'));
    }
  }
  const minimum = segment.lastContactAtLeastDaysAgo;
  if (minimum !== undefined && facts.lastContactAt !== undefined) {
    const days = daysSince(facts.lastContactAt);
    if (days < minimum) reasons.push(out('CONTACTED_RECENTLY', `${days} days ago < ${minimum}`));
  }
  for (const rule of segment.notExposedTo ?? []) {
    for (const exposure of facts.exposures) {
      if (!rule.campaignIds.includes(exposure.campaignId)) continue;
      const days = daysSince(exposure.assignedAt);
      if (days < rule.withinDays) {
        reasons.push(
          out(
            'EXPOSED_TO_CAMPAIGN',
            `${exposure.campaignId} ${days} days ago < ${rule.withinDays}`,
          ),
        );
      }
    }
  }
  return reasons;
}

/** The spring example campaign and an instant to test segment filters against. */
import type { CampaignAccountFacts } from '../account-facts.js';
import type { Campaign } from '../campaign.schema.js';
import { inSegment } from '../in-segment.js';
import type { Segment } from '../segment.schema.js';
import { exampleCampaign, INSTALMENT_PLAN_FILE } from './example-campaigns.js';

// 30–89 days past due, USD 100.00–10,000.00 overdue, cards and personal loans, US/CN/GB,
// stages 1–2, no promise broken within 60 days, no running plan or open promise, no contact
// within 3 days, not in itself or the Q2 settlement campaign within 90 days.
export const spring = exampleCampaign(INSTALMENT_PLAN_FILE);

/** Noon on Saturday 20 March 2027 in New York (EDT). */
export const SEGMENT_NOW = new Date('2027-03-20T16:00:00Z');

export function withSegment(patch: Partial<Segment>): Campaign {
  return { ...spring, segment: { ...spring.segment, ...patch } };
}

/** The reason codes that keep the account out at SEGMENT_NOW; empty when it is in. */
export function codesOf(campaign: Campaign, facts: CampaignAccountFacts): string[] {
  const membership = inSegment(campaign, facts, SEGMENT_NOW);
  return membership.in ? [] : membership.reasons.map((reason) => reason.code);
}

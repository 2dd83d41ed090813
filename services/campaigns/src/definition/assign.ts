/**
 * Which group an account is in for a campaign: the holdout (never contacted, the baseline the
 * campaign is measured against) or the treatment, in one variant. Decided by a hash, so the
 * same account gets the same answer on every replica, after every restart, with nothing stored.
 */
import { createHash } from 'node:crypto';
import type { Campaign } from './campaign.schema.js';
import type { Variant } from './variant.schema.js';

export type Assignment =
  { readonly group: 'holdout' } | { readonly group: 'treatment'; readonly variant: Variant };

const BUCKET_BITS = 48;
const BUCKETS = 2 ** BUCKET_BITS;

/**
 * Where an account falls in [0, 1) for a campaign: the first 48 bits of SHA-256 (48 bits fit a
 * double exactly) over the campaign id, the tenant and the account id. SHA-256 because account
 * ids are often sequential and a weak hash would put neighbours in one group.
 *
 * The version is deliberately not in the hash. A new version (a corrected subject line, a
 * later end date) must not move anyone: a holdout account that moved into treatment would be
 * contacted, and a customer who moved arms would have seen two wordings, which spoils both the
 * "never contacted" promise and the attribution. Changed weights move only the accounts near a
 * boundary. To draw a new sample on purpose, give the campaign a new id. The tenant is in the
 * hash because two banks may use the same account ids.
 */
export function assignmentPoint(campaignId: string, tenantId: string, accountId: string): number {
  // JSON keeps the parts apart: ("a-b", "c") and ("a", "b-c") hash differently.
  const key = JSON.stringify(['kindly-campaign-assignment', campaignId, tenantId, accountId]);
  const digest = createHash('sha256').update(key).digest();
  return digest.readUIntBE(0, BUCKET_BITS / 8) / BUCKETS;
}

/**
 * The holdout takes the first `holdout.percent` of [0, 1); the rest is shared among the
 * variants in their listed order, in proportion to their weights. So each variant gets
 * `(1 − holdout) × weight / total weight` of the segment.
 */
export function assign(campaign: Campaign, tenantId: string, accountId: string): Assignment {
  const point = assignmentPoint(campaign.campaignId, tenantId, accountId);
  const holdoutShare = campaign.holdout.percent / 100;
  if (point < holdoutShare) return { group: 'holdout' };
  const total = campaign.variants.reduce((sum, variant) => sum + variant.weight, 0);
  const target = ((point - holdoutShare) / (1 - holdoutShare)) * total;
  let upTo = 0;
  for (const variant of campaign.variants) {
    upTo += variant.weight;
    if (target < upTo) return { group: 'treatment', variant };
  }
  // Reached only by rounding at the very top of [0, 1): the last variant keeps the function total.
  const last = campaign.variants[campaign.variants.length - 1];
  if (last === undefined) throw new RangeError(`campaign ${campaign.campaignId} has no variants`);
  return { group: 'treatment', variant: last };
}

import { createHash } from 'node:crypto';
import type { AccountId } from '@kindly/contracts';
import type { Strategy, Variant } from './strategy-schema.js';

const BUCKET_BITS = 48;
const BUCKETS = 2 ** BUCKET_BITS;

/**
 * Where an account falls in [0, 1) for an experiment: the first 48 bits of SHA-256 of the
 * experiment and the account id. SHA-256 rather than a quick hash because account ids are often
 * sequential (`acc-000001`, `acc-000002`), and a weak hash would put neighbours in one arm; 48
 * bits fit a double exactly. The experiment is in the hash so that two experiments split the
 * same accounts independently.
 */
export function variantPoint(experimentId: string, accountId: AccountId): number {
  const digest = createHash('sha256').update(`${experimentId}\u0000${accountId}`).digest();
  return digest.readUIntBE(0, BUCKET_BITS / 8) / BUCKETS;
}

/**
 * The arm of a champion–challenger test an account is in: the same account always gets the
 * same arm for the same experiment and weights, on any replica, with no state to keep. Arms
 * take consecutive shares of [0, 1) in their listed order, in proportion to their weights.
 * Undefined when the strategy runs no test.
 */
export function assignVariant(strategy: Strategy, accountId: AccountId): Variant | undefined {
  const variants = strategy.variants;
  if (variants === undefined || variants.length === 0) return undefined;
  const total = variants.reduce((sum, variant) => sum + variant.weight, 0);
  const target = variantPoint(strategy.experimentId ?? strategy.strategyId, accountId) * total;
  let upTo = 0;
  for (const variant of variants) {
    upTo += variant.weight;
    if (target < upTo) return variant;
  }
  // Unreachable with positive weights (target < total); the last arm keeps the function total.
  return variants[variants.length - 1];
}

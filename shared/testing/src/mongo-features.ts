import { it, inject } from 'vitest';
import type { MongoFlavour } from '@kindly/mongo';

/**
 * MongoDB features that MongoDB 7 has and a Docker-less server lacks. Kindly's code stays within
 * the subset all of them support (shared/mongo/MONGODB-SUBSET.md); a test that checks one of these,
 * for users who run real MongoDB, is skipped on the substitutes and shows as skipped.
 */
export type MongoOnlyFeature =
  'transactions' | 'ttl-index' | 'change-streams' | 'lookup' | 'partial-index';

const missing: Readonly<Record<MongoFlavour, ReadonlySet<MongoOnlyFeature>>> = {
  mongodb: new Set(),
  ferretdb: new Set(['transactions', 'ttl-index', 'change-streams', 'lookup', 'partial-index']),
  // TTL indexes are accepted there but never expire anything: as good as missing.
  'mongo-java-server': new Set(['transactions', 'ttl-index', 'change-streams', 'partial-index']),
};

export function mongoSupports(feature: MongoOnlyFeature): boolean {
  const infra = inject('kindlyInfra');
  return infra !== null && !missing[infra.mongoFlavour].has(feature);
}

/**
 * `it` for a test that needs `feature`: skipped, visibly and counted in the run's summary, where
 * the server lacks it. The reason is in the test's name so the report says why.
 */
export function itWhenMongoSupports(feature: MongoOnlyFeature) {
  const skip = !mongoSupports(feature);
  return (name: string, fn: () => Promise<void>, timeout?: number) =>
    it.skipIf(skip)(`${name} [needs MongoDB ${feature}]`, fn, timeout);
}

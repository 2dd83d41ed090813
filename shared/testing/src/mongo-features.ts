import { it, inject } from 'vitest';

/**
 * MongoDB features that MongoDB 7 has and the Docker-less server (FerretDB 1.x) lacks. Kindly's
 * code stays within the subset both support (shared/mongo/MONGODB-SUBSET.md); a test that checks
 * one of these, for users who run real MongoDB, is skipped on FerretDB and shows as skipped.
 */
export type MongoOnlyFeature =
  'transactions' | 'ttl-index' | 'change-streams' | 'lookup' | 'partial-index';

const missingOnFerretDb: ReadonlySet<MongoOnlyFeature> = new Set([
  'transactions',
  'ttl-index',
  'change-streams',
  'lookup',
  'partial-index',
]);

export function mongoSupports(feature: MongoOnlyFeature): boolean {
  const infra = inject('kindlyInfra');
  return infra !== null && !(infra.mongoFlavour === 'ferretdb' && missingOnFerretDb.has(feature));
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

export { connectMongo, describeMongoServer, withMongo } from './mongo-client.js';
export { unconnectedDb } from './unconnected-db.js';
export type {
  MongoSettings,
  MongoConnection,
  MongoServerInfo,
  MongoFlavour,
} from './mongo-client.js';
export { isDuplicateKeyError, DUPLICATE_KEY } from './duplicate-key.js';
export { ensureIndexes } from './index-provisioning.js';
export type { IndexSpec, CollectionSpec } from './index-provisioning.js';
export type { Db, Collection, Filter, MongoClient, UpdateFilter } from 'mongodb';
// The errors a command line tells its user about (the server cannot be reached).
export {
  MongoInvalidArgumentError,
  MongoNetworkError,
  MongoParseError,
  MongoServerSelectionError,
} from 'mongodb';
export { batchOptions } from './batching.js';
export { writeErrorsOf, batchedWriteFailed } from './bulk-write-errors.js';
export { createBatchedUpdates } from './batched-updates.js';
export type { BatchedUpdates } from './batched-updates.js';
export { createBatchedFinds } from './batched-finds.js';
export { createBatchedInserts } from './batched-inserts.js';
export { createProcessedEvents } from './processed-events.js';
export type { ProcessedEvents, OnceResult } from './processed-events.js';
export {
  RULES_IN_FORCE,
  RULES_REVISION_ID,
  RULE_DOCUMENTS,
  RULE_PROPOSALS,
  readApprovedRuleTexts,
} from './rules-in-force.js';
export type { RuleInForceDocument, RuleKind } from './rules-in-force.js';

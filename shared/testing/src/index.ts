export type { TestInfra } from './infra-context.js';
export { testInfra, createTestNamespace, provisionTestNamespace } from './test-namespace.js';
export type { TestNamespace, ProvisionedNamespace } from './test-namespace.js';
export { mongoSupports, itWhenMongoSupports } from './mongo-features.js';
export type { MongoOnlyFeature } from './mongo-features.js';
export { startLocalInfra, infraFromEnvironment } from './local-infra.js';
export type { LocalInfra } from './local-infra.js';
export { freePort } from './free-port.js';

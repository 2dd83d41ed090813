export { createMetrics } from './create-metrics.js';
export type { CreateMetricsOptions, Metrics } from './create-metrics.js';
export { noopConsumerMetrics } from './consumer-metrics.js';
export type { ConsumeOutcome, ConsumerMetrics } from './consumer-metrics.js';
export { startHealthServer } from './health-server.js';
export type { HealthServer, HealthServerLogger, HealthServerOptions } from './health-server.js';

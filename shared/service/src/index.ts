export { runService, stopWithin } from './run-service.js';
export type {
  RunOptions,
  ServiceContext,
  ServiceDefinition,
  StartedService,
} from './run-service.js';
export { ServiceSettings } from './service-settings.js';
export { startClockLoop } from './clock-loop.js';
export type { ClockLoop, ClockLoopOptions } from './clock-loop.js';
export { pendingStatusIn, startPendingRecovery, startServiceRecovery } from './pending-recovery.js';
export type {
  PendingRecovery,
  PendingRecoveryOptions,
  PendingStatus,
  PendingStore,
} from './pending-recovery.js';

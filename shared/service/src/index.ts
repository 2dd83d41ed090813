export { runService } from './run-service.js';
export type {
  RunOptions,
  ServiceContext,
  ServiceDefinition,
  StartedService,
} from './run-service.js';
export { ServiceSettings } from './service-settings.js';

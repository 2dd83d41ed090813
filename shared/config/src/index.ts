export { parseConfig, ConfigError } from './parse-config.js';
export { InfraSettings } from './infra-settings.js';
export { EXIT } from './exit-codes.js';

// What other workspaces (the host, the demo, the CLI, tests) use of the operator API.
export { startOperator } from './start-operator.js';
export type { StartedOperator } from './start-operator.js';
export { OperatorSettingsSchema } from './operator-settings.js';
export type { OperatorSettings } from './operator-settings.js';
export { buildOperatorApi, API_VERSION } from './http/build-operator-api.js';
export { CONSOLE_BUILD_COMMAND } from './http/console-files.js';
export { createApiKeysRepository, OPERATOR_API_KEYS } from './data-access/api-keys.repository.js';
export type { ApiKeyRecord } from './data-access/api-keys.repository.js';
export { issueKey, hashSecret } from './access/api-key.js';
export { PERMISSIONS, permissionsOf, roleMay } from './access/permissions.js';
export type { Permission } from './access/permissions.js';
export { runKeysCommand } from './cli/keys-command.js';

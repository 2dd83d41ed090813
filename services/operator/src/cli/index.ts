// `@kindly/operator/cli`: the operator's commands for the `kindly` program, light to load (what a
// command does is loaded when it runs), so that `kindly --version` does not load the API.
export { addKeysCommand } from './keys-command.js';
export { addDeadLettersCommand } from './dead-letters-command.js';

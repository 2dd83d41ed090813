export type { Progress, ProgressPayload } from './progress.js';
export { quietProgress } from './progress.js';
export { progressFor, terminalProgress, type ProgressStream } from './terminal-progress.js';

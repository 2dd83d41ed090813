export { systemClock } from './clock.js';
export type { Clock } from './clock.js';
export { ManualClock } from './manual-clock.js';
export { sleepUntil } from './sleep-until.js';

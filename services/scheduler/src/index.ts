// What other workspaces (the demo host, benchmarks) use of the scheduler.
export { startScheduler, SCHEDULER_ACCOUNTS } from './start-scheduler.js';
export type { SchedulerOptions } from './start-scheduler.js';
export { SchedulerSettingsSchema } from './scheduler-settings.js';
export type { SchedulerSettings } from './scheduler-settings.js';
export { schedulerOwnTopics, schedulerTopics } from './entry-points/outreach-events.handlers.js';
export { SCHEDULED_MESSAGES } from './data-access/scheduled-messages.repository.js';

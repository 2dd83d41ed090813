// What other workspaces (the demo host, end-to-end tests) use of the tracker.
export { startTracker } from './start-tracker.js';
export type { StartedTracker, TrackerOptions } from './start-tracker.js';
export { TrackerSettingsSchema } from './tracker-settings.js';
export type { TrackerSettings } from './tracker-settings.js';
export { trackerTopics } from './entry-points/tracker-events.handlers.js';
export { TRACKER_ACCOUNTS } from './data-access/contact-directory.repository.js';
export { TRACKER_DELIVERIES } from './data-access/deliveries.repository.js';
export { TRACKER_SMS_OPT_OUTS } from './data-access/sms-opt-outs.repository.js';
export {
  createReplyDesk,
  createReplyTaskStore,
  TRACKER_REPLY_TASKS,
  type ReplyDesk,
} from './data-access/reply-tasks.repository.js';
export type { ReplyTask } from './domain/reply-task.js';

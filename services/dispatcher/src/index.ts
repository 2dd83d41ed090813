// What other workspaces (the demo host, benchmarks) use of the dispatcher.
export { startDispatcher, DISPATCHER_ACCOUNTS } from './start-dispatcher.js';
export type { DispatcherOptions } from './start-dispatcher.js';
export { DispatcherSettingsSchema, reassignedCheckProblems } from './dispatcher-settings.js';
export type { DispatcherSettings } from './dispatcher-settings.js';
export { dispatcherOwnTopics, dispatcherTopics } from './entry-points/dispatcher.handlers.js';
export { DISPATCHES } from './data-access/dispatches.repository.js';
export { createTwilioSmsSender } from './channels/twilio.sms-sender.js';
export { createNodemailerEmailSender } from './channels/nodemailer.email-sender.js';
export { openPrintOutbox } from './channels/print-vendor.letter-sender.js';
export type { DispatchChannels } from './domain/ports.js';

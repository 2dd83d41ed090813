// What other workspaces (the demo host, end-to-end tests) use of the escalation service.
export { startEscalation, ESCALATION_ACCOUNTS } from './start-escalation.js';
export { EscalationSettingsSchema } from './escalation-settings.js';
export type { EscalationSettings } from './escalation-settings.js';
export { escalationTopics } from './entry-points/escalation-events.handlers.js';
export { producedTopics as escalationProducedTopics } from './data-access/event-outbox.repository.js';
export { ESCALATION_MESSAGES } from './data-access/escalation-messages.repository.js';
export { ESCALATION_OUTBOX } from './data-access/event-outbox.repository.js';
export { AGENT_TASKS } from './data-access/agent-tasks.repository.js';
export type { TaskView } from './domain/desk-views.use-case.js';
export { createAgentDesk } from './agent-desk.js';
export type { AgentDesk, AgentDeskOptions } from './agent-desk.js';
export { CallReportBody } from './call-report-body.js';

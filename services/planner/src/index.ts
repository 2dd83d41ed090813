// What other workspaces (the demo host, benchmarks, the command line) use of the planner.
export { decideOutreach } from './domain/decide/decide-outreach.js';
export type { Decision, PlanningFacts, PlanningRules } from './domain/decide/decide-outreach.js';
export { emptyAccountState } from './domain/state/account-state.js';
export type { AccountState } from './domain/state/account-state.js';
export { evolveAccountState } from './domain/state/evolve-account-state.js';
export type { BankInput } from './domain/state/evolve-account-state.js';
export { loadPlanningRules } from './rules/load-planning-rules.js';
export { startPlanner } from './start-planner.js';
export { PlannerSettingsSchema } from './planner-settings.js';
export type { PlannerSettings } from './planner-settings.js';
export { bankTopics } from './entry-points/bank-events.handlers.js';
export { runPlanCommand } from './cli/plan-command.js';

// What other workspaces (the demo host, benchmarks, the command line) use of the planner.
export { startPlanner, PLANNER_ACCOUNTS } from './start-planner.js';
export { PlannerSettingsSchema } from './planner-settings.js';
export type { PlannerSettings } from './planner-settings.js';
export { bankTopics } from './entry-points/bank-events.handlers.js';
export { pipelineTopics } from './entry-points/pipeline-events.handlers.js';
export { runPlanCommand } from './cli/plan-command.js';
export { campaignTopics } from './entry-points/campaign-events.handlers.js';
export { PlanCase, planCase } from './cli/plan-case.js';
export type { PlanCaseResult } from './cli/plan-case.js';
export { EXAMPLE_CASE_FILES } from './cli/example-cases.js';

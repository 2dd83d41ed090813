#!/usr/bin/env node
// The planner's composition root: settings, rules, then the service (see start-planner.ts).
import { runService } from '@kindly/service';
import { loadPlanningRules, missingHolidayYears } from '@kindly/rules';
import { readApprovedRuleTexts } from '@kindly/mongo';
import { PlannerSettingsSchema } from './planner-settings.js';
import { startPlanner } from './start-planner.js';

await runService({
  name: 'planner',
  settings: PlannerSettingsSchema,
  start: async (context) => {
    const { PLANNER_POLICY_FILE, PLANNER_STRATEGY_FILES } = context.settings;
    const rules = loadPlanningRules(
      {
        ...(PLANNER_POLICY_FILE ? { policyFile: PLANNER_POLICY_FILE } : {}),
        ...(PLANNER_STRATEGY_FILES ? { strategyFiles: PLANNER_STRATEGY_FILES } : {}),
      },
      await readApprovedRuleTexts(context.mongo.db),
    );
    // A year without an official holiday schedule decides on a fallback: say so at start.
    for (const { message, ...gap } of missingHolidayYears(rules.policy, context.clock.now())) {
      context.logger.warn(gap, message);
    }
    return startPlanner(context, rules);
  },
});

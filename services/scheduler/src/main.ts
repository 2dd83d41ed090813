#!/usr/bin/env node
// The scheduler's composition root: settings, rules, then the service (see start-scheduler.ts).
import { loadPlanningRules, missingHolidayYears } from '@kindly/rules';
import { readApprovedRuleTexts } from '@kindly/mongo';
import { runService } from '@kindly/service';
import { SchedulerSettingsSchema } from './scheduler-settings.js';
import { startScheduler } from './start-scheduler.js';

await runService({
  name: 'scheduler',
  settings: SchedulerSettingsSchema,
  start: async (context) => {
    const { SCHEDULER_POLICY_FILE, SCHEDULER_STRATEGY_FILES } = context.settings;
    const rules = loadPlanningRules(
      {
        ...(SCHEDULER_POLICY_FILE ? { policyFile: SCHEDULER_POLICY_FILE } : {}),
        ...(SCHEDULER_STRATEGY_FILES ? { strategyFiles: SCHEDULER_STRATEGY_FILES } : {}),
      },
      await readApprovedRuleTexts(context.mongo.db),
    );
    // A year without an official holiday schedule decides on a fallback: say so at start.
    for (const { message, ...gap } of missingHolidayYears(rules.policy, context.clock.now())) {
      context.logger.warn(gap, message);
    }
    return startScheduler(context, rules);
  },
});

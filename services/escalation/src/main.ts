#!/usr/bin/env node
// The escalation service's composition root: settings, rules, then the service (start-escalation.ts).
import { loadPlanningRules, missingHolidayYears } from '@kindly/rules';
import { readApprovedRuleTexts } from '@kindly/mongo';
import { runService } from '@kindly/service';
import { EscalationSettingsSchema } from './escalation-settings.js';
import { startEscalation } from './start-escalation.js';

await runService({
  name: 'escalation',
  settings: EscalationSettingsSchema,
  start: async (context) => {
    const { ESCALATION_POLICY_FILE, ESCALATION_STRATEGY_FILES } = context.settings;
    const rules = loadPlanningRules(
      {
        ...(ESCALATION_POLICY_FILE ? { policyFile: ESCALATION_POLICY_FILE } : {}),
        ...(ESCALATION_STRATEGY_FILES ? { strategyFiles: ESCALATION_STRATEGY_FILES } : {}),
      },
      await readApprovedRuleTexts(context.mongo.db),
    );
    // A year without an official holiday schedule decides on a fallback: say so at start.
    for (const { message, ...gap } of missingHolidayYears(rules.policy, context.clock.now())) {
      context.logger.warn(gap, message);
    }
    return startEscalation(context, rules);
  },
});

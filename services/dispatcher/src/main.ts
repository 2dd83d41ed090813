#!/usr/bin/env node
// The dispatcher's composition root: settings, rules, then the service (see start-dispatcher.ts).
import { loadPlanningRules, missingHolidayYears } from '@kindly/rules';
import { readApprovedRuleTexts } from '@kindly/mongo';
import { runService } from '@kindly/service';
import { DispatcherSettingsSchema } from './dispatcher-settings.js';
import { startDispatcher } from './start-dispatcher.js';

await runService({
  name: 'dispatcher',
  settings: DispatcherSettingsSchema,
  start: async (context) => {
    const { DISPATCHER_POLICY_FILE, DISPATCHER_STRATEGY_FILES, DISPATCHER_CRASH_AFTER_SEND } =
      context.settings;
    const rules = loadPlanningRules(
      {
        ...(DISPATCHER_POLICY_FILE ? { policyFile: DISPATCHER_POLICY_FILE } : {}),
        ...(DISPATCHER_STRATEGY_FILES ? { strategyFiles: DISPATCHER_STRATEGY_FILES } : {}),
      },
      await readApprovedRuleTexts(context.mongo.db),
    );
    // A year without an official holiday schedule decides on a fallback: say so at start.
    for (const { message, ...gap } of missingHolidayYears(rules.policy, context.clock.now())) {
      context.logger.warn(gap, message);
    }
    return startDispatcher(context, rules, {
      ...(DISPATCHER_CRASH_AFTER_SEND
        ? {
            // The crash tests' power cut: after the provider took it, before the record.
            afterProviderCall: (channel) => {
              if (channel === DISPATCHER_CRASH_AFTER_SEND) process.kill(process.pid, 'SIGKILL');
            },
          }
        : {}),
    });
  },
});

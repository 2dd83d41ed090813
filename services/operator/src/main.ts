#!/usr/bin/env node
// The operator API's composition root: settings, rules, then the service (start-operator.ts).
import { loadPlanningRules } from '@kindly/rules';
import { readApprovedRuleTexts } from '@kindly/mongo';
import { runService } from '@kindly/service';
import { OperatorSettingsSchema } from './operator-settings.js';
import { startOperator } from './start-operator.js';

await runService({
  name: 'operator',
  settings: OperatorSettingsSchema,
  start: async (context) =>
    startOperator(context, loadPlanningRules({}, await readApprovedRuleTexts(context.mongo.db))),
});

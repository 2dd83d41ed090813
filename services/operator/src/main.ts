#!/usr/bin/env node
// The operator API's composition root: settings, rules, then the service (start-operator.ts).
import { loadPlanningRules } from '@kindly/rules';
import { runService } from '@kindly/service';
import { OperatorSettingsSchema } from './operator-settings.js';
import { startOperator } from './start-operator.js';

await runService({
  name: 'operator',
  settings: OperatorSettingsSchema,
  start: (context) => startOperator(context, loadPlanningRules()),
});

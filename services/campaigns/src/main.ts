#!/usr/bin/env node
// The campaigns service's composition root: settings, rules, then the service (start-campaigns.ts).
import { runService } from '@kindly/service';
import { loadPlanningRules } from '@kindly/rules';
import { readApprovedRuleTexts } from '@kindly/mongo';
import { CampaignsSettingsSchema } from './campaigns-settings.js';
import { startCampaigns } from './start-campaigns.js';

await runService({
  name: 'campaigns',
  settings: CampaignsSettingsSchema,
  start: async (context) => {
    const files = context.settings.CAMPAIGNS_STRATEGY_FILES;
    return startCampaigns(
      context,
      loadPlanningRules(
        files ? { strategyFiles: files } : {},
        await readApprovedRuleTexts(context.mongo.db),
      ),
    );
  },
});

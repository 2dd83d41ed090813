// The campaigns service in its own process, started the way main.ts starts it. With
// CAMPAIGNS_CRASH_AFTER_PUBLISH=n it kills itself with SIGKILL right after handing its n-th page
// to the planner and before moving the cursor, as a power cut would.
import { loadPlanningRules } from '@kindly/rules';
import { runService } from '@kindly/service';
import { CampaignsSettingsSchema } from '../campaigns-settings.js';
import { startCampaigns } from '../start-campaigns.js';

const crashAfter = Number(process.env['CAMPAIGNS_CRASH_AFTER_PUBLISH'] ?? '0');
let published = 0;

await runService({
  name: 'campaigns',
  settings: CampaignsSettingsSchema,
  start: (context) =>
    startCampaigns(context, loadPlanningRules(), {
      ...(crashAfter > 0
        ? {
            afterPublish: () => {
              published += 1;
              if (published >= crashAfter) process.kill(process.pid, 'SIGKILL');
            },
          }
        : {}),
    }),
});

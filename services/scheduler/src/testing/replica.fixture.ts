// A scheduler replica in its own process, started the way main.ts starts one, with its clock held
// at FIXED_NOW (the business instant the test releases at). The replicas test kills it with
// SIGKILL in the middle of releasing, as a power cut or an OOM kill would.
import { DateTime } from 'luxon';
import { ManualClock } from '@kindly/clock';
import { loadPlanningRules } from '@kindly/rules';
import { runService } from '@kindly/service';
import { SchedulerSettingsSchema } from '../scheduler-settings.js';
import { startScheduler } from '../start-scheduler.js';

const fixedNow = process.env['FIXED_NOW'];
if (!fixedNow) throw new Error('FIXED_NOW is required');

await runService(
  {
    name: 'scheduler',
    settings: SchedulerSettingsSchema,
    start: (context) => startScheduler(context, loadPlanningRules()),
  },
  { clock: new ManualClock(DateTime.fromISO(fixedNow, { zone: 'utc' })) },
);

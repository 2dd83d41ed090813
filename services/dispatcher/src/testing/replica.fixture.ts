// A dispatcher replica in its own process, started the way main.ts starts one (the crash hook
// included), with its business clock held at FIXED_NOW. The crash test lets it kill itself
// with SIGKILL between a provider's answer and the record, as a power cut would.
import { DateTime } from 'luxon';
import { ManualClock } from '@kindly/clock';
import { loadPlanningRules } from '@kindly/rules';
import { runService } from '@kindly/service';
import { DispatcherSettingsSchema } from '../dispatcher-settings.js';
import { startDispatcher } from '../start-dispatcher.js';

const fixedNow = process.env['FIXED_NOW'];
if (!fixedNow) throw new Error('FIXED_NOW is required');

await runService(
  {
    name: 'dispatcher',
    settings: DispatcherSettingsSchema,
    start: (context) => {
      const crashOn = context.settings.DISPATCHER_CRASH_AFTER_SEND;
      return startDispatcher(context, loadPlanningRules(), {
        ...(crashOn
          ? {
              afterProviderCall: (channel) => {
                if (channel === crashOn) process.kill(process.pid, 'SIGKILL');
              },
            }
          : {}),
      });
    },
  },
  { clock: new ManualClock(DateTime.fromISO(fixedNow, { zone: 'utc' })) },
);

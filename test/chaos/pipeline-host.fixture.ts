// The whole pipeline (`kindly run all`) in a process of its own, as the fault test kills and
// restarts it: every service, on a business clock that reads FAULT_NOW at the wall-clock instant
// FAULT_CLOCK_ORIGIN_MS and runs at the wall clock's pace from there (so that every restart
// agrees on the time and a deferral of a minute comes a minute later), everything else from the
// environment the test gives it.
import { DateTime } from 'luxon';
import { AllSettingsSchema, startAllServices } from '@kindly/cli';
import type { Clock } from '@kindly/clock';
import { runService } from '@kindly/service';

const start = DateTime.fromISO(process.env['FAULT_NOW'] ?? '', { zone: 'utc' });
const origin = Number(process.env['FAULT_CLOCK_ORIGIN_MS']);
if (!start.isValid || !Number.isFinite(origin)) {
  throw new Error('FAULT_NOW and FAULT_CLOCK_ORIGIN_MS are required');
}
const clock: Clock = { now: () => start.plus(Date.now() - origin) };

await runService(
  { name: 'kindly', settings: AllSettingsSchema, start: (context) => startAllServices(context) },
  { clock },
);

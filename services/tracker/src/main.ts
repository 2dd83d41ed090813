#!/usr/bin/env node
// The tracker's composition root: settings, then the service (see start-tracker.ts).
import { runService } from '@kindly/service';
import { startTracker } from './start-tracker.js';
import { TrackerSettingsSchema } from './tracker-settings.js';

await runService({
  name: 'tracker',
  settings: TrackerSettingsSchema,
  start: (context) => startTracker(context),
});

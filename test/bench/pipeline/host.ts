// The end-to-end benchmark's Kindly process: `kindly run all`'s composition root (runService
// around startAllServices, as test/chaos/pipeline-host.fixture.ts hosts it), or one service alone
// when BENCH_SERVICE names it, on the fault test's business clock (FAULT_NOW at the wall-clock
// instant FAULT_CLOCK_ORIGIN_MS, running with the wall clock from there). Counts the MongoDB
// driver's commands (MONGODB_URI carries monitorCommands=true) and answers the benchmark's
// `report` messages over the IPC channel with them, its CPU time and its peak RSS.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { DateTime } from 'luxon';
import { AllSettingsSchema, startAllServices, type AllSettings } from '@kindly/cli';
import type { Clock } from '@kindly/clock';
import { startDispatcher } from '@kindly/dispatcher';
import { startEscalation } from '@kindly/escalation';
import { startPlanner } from '@kindly/planner';
import { startRenderer } from '@kindly/renderer';
import { loadPlanningRules } from '@kindly/rules';
import { startScheduler } from '@kindly/scheduler';
import { runService, type ServiceContext, type StartedService } from '@kindly/service';
import { startTracker } from '@kindly/tracker';

export interface HostReport {
  /** process.cpuUsage(), microseconds. */
  readonly cpuUserUs: number;
  readonly cpuSystemUs: number;
  readonly rssBytes: number;
  /** process.resourceUsage().maxRSS, in bytes. */
  readonly maxRssBytes: number;
  /** `<command> <collection>` → commands started so far. */
  readonly commands: Readonly<Record<string, number>>;
  /**
   * How late the event loop ran its callbacks since the previous report, milliseconds: every
   * service of the process waits on the one loop, so its delay is in every hop's latency.
   */
  readonly loopDelay: { readonly p50: number; readonly p99: number; readonly max: number };
}

const start = DateTime.fromISO(process.env['FAULT_NOW'] ?? '', { zone: 'utc' });
const origin = Number(process.env['FAULT_CLOCK_ORIGIN_MS']);
if (!start.isValid || !Number.isFinite(origin)) {
  throw new Error('FAULT_NOW and FAULT_CLOCK_ORIGIN_MS are required');
}
const clock: Clock = { now: () => start.plus(Date.now() - origin) };
const only = process.env['BENCH_SERVICE'];

const commands: Record<string, number> = {};
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();
process.on('message', (message) => {
  if (message !== 'report' || !process.send) return;
  const cpu = process.cpuUsage();
  const report: HostReport = {
    cpuUserUs: cpu.user,
    cpuSystemUs: cpu.system,
    rssBytes: process.memoryUsage().rss,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
    commands: { ...commands },
    loopDelay: {
      p50: loopDelay.percentile(50) / 1e6,
      p99: loopDelay.percentile(99) / 1e6,
      max: loopDelay.max / 1e6,
    },
  };
  loopDelay.reset();
  process.send(report);
});

function startOne(context: ServiceContext<AllSettings>): Promise<StartedService> {
  const rules = loadPlanningRules();
  switch (only) {
    case 'planner':
      return startPlanner(context, rules);
    case 'scheduler':
      return startScheduler(context, rules);
    case 'renderer':
      return startRenderer(context, rules);
    case 'dispatcher':
      return startDispatcher(context, rules);
    case 'tracker':
      return startTracker(context);
    case 'escalation':
      return startEscalation(context, rules);
    default:
      throw new Error(`BENCH_SERVICE: no service named ${only ?? ''}`);
  }
}

await runService(
  {
    name: only ?? 'kindly',
    settings: AllSettingsSchema,
    start: (context) => {
      context.mongo.client.on('commandStarted', (event) => {
        const command = event.command as Record<string, unknown>;
        const target = command[event.commandName];
        const collection =
          event.commandName === 'getMore'
            ? String(command['collection'])
            : typeof target === 'string'
              ? target
              : '-';
        const key = `${event.commandName} ${collection}`;
        commands[key] = (commands[key] ?? 0) + 1;
      });
      return only ? startOne(context) : startAllServices(context);
    },
  },
  { clock },
);
// Let the process end (and --cpu-prof write its profile) once the services have stopped.
process.disconnect?.();

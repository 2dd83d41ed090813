/**
 * The demo's progress on a terminal: one bar of simulated days with what the pipeline did so far
 * (cli-progress). Not on a terminal (CI, a pipe, a log file) nothing is drawn: the summary at the
 * end says it all, and a log is not filled with redrawn lines.
 */
import { Presets, SingleBar } from 'cli-progress';

export interface DayCounts {
  readonly planned: number;
  readonly sent: number;
  readonly suppressed: number;
}

export interface DemoProgress {
  start(days: number): void;
  day(day: number, counts: DayCounts): void;
  stop(): void;
}

export const quietProgress: DemoProgress = { start() {}, day() {}, stop() {} };

export function terminalProgress(stream: NodeJS.WriteStream): DemoProgress {
  const bar = new SingleBar(
    {
      stream,
      format: '{bar} day {value}/{total}  planned {planned}  sent {sent}  suppressed {suppressed}',
      hideCursor: true,
      clearOnComplete: false,
      // Drawn only on a terminal: cli-progress writes nothing to a stream that is not one.
      noTTYOutput: false,
    },
    Presets.shades_classic,
  );
  return {
    start: (days) => bar.start(days, 0, { planned: 0, sent: 0, suppressed: 0 }),
    day: (day, counts) => bar.update(day, { ...counts }),
    stop: () => bar.stop(),
  };
}

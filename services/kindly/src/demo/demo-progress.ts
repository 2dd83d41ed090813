/**
 * The demo's progress: one bar of simulated days with what the pipeline did so far, drawn by
 * @kindly/progress (only on a terminal; the summary at the end says it all elsewhere).
 */
import { quietProgress as quiet, terminalProgress as bar, type Progress } from '@kindly/progress';

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

export const quietProgress: DemoProgress = daysOf(quiet);

export function terminalProgress(stream: NodeJS.WriteStream): DemoProgress {
  return daysOf(
    bar(stream, {
      label: 'days',
      format: '{bar} day {value}/{total}  planned {planned}  sent {sent}  suppressed {suppressed}',
    }),
  );
}

function daysOf(progress: Progress): DemoProgress {
  return {
    start: (days) => progress.start(days, { planned: 0, sent: 0, suppressed: 0 }),
    day: (day, counts) => progress.update(day, { ...counts }),
    stop: () => progress.stop(),
  };
}

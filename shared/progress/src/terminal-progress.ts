/**
 * A progress bar on a terminal (cli-progress). Not on a terminal (CI, a pipe, a log file) nothing
 * is drawn: a log is not filled with redrawn lines, and scripts reading the output see only what
 * the command says on purpose.
 */
import { Presets, SingleBar } from 'cli-progress';
import { quietProgress, type Progress } from './progress.js';

export type ProgressStream = NodeJS.WritableStream & { readonly isTTY?: boolean };

export interface TerminalProgressOptions {
  /** What is counted, in the plural: "chains verified", "records exported". */
  readonly label: string;
  /**
   * The line when the total is known, in cli-progress's placeholders ({bar}, {value}, {total},
   * {percentage}, {eta_formatted}) and the payload's keys.
   */
  readonly format?: string;
}

export function terminalProgress(
  stream: ProgressStream,
  options: TerminalProgressOptions,
): Progress {
  const barFormat =
    options.format ?? `{bar} {value}/{total} ${options.label}  {percentage}%  ETA {eta_formatted}`;
  // Without a total a bar would mean nothing: a counter that moves says the work goes on.
  const counterFormat = `{value} ${options.label}`;
  let bar: SingleBar | undefined;
  let total: number | undefined;
  let done = 0;
  return {
    start(expected, payload) {
      bar?.stop();
      total = expected;
      done = 0;
      bar = new SingleBar(
        {
          stream,
          format: total === undefined ? counterFormat : barFormat,
          hideCursor: true,
          clearOnComplete: false,
          // Drawn only on a terminal: cli-progress writes nothing to a stream that is not one.
          noTTYOutput: false,
        },
        Presets.shades_classic,
      );
      bar.start(total ?? 0, 0, { ...payload });
    },
    update(value, payload) {
      done = value;
      stretchToDone();
      bar?.update(done, { ...payload });
    },
    increment(by = 1, payload) {
      done += by;
      stretchToDone();
      bar?.update(done, { ...payload });
    },
    stop() {
      bar?.stop();
      bar = undefined;
    },
  };

  // A total from a count taken before the work began may fall short of what is found (records
  // kept meanwhile): the bar grows rather than overflow.
  function stretchToDone(): void {
    if (bar && total !== undefined && done > total) {
      total = done;
      bar.setTotal(total);
    }
  }
}

/** A bar on a terminal, nothing otherwise: the choice every long command makes the same way. */
export function progressFor(
  stream: ProgressStream,
  options: string | TerminalProgressOptions,
): Progress {
  if (!stream.isTTY) return quietProgress;
  return terminalProgress(stream, typeof options === 'string' ? { label: options } : options);
}

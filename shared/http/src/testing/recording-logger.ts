import { createLogger, type Logger } from '@kindly/logger';

export interface RecordingLogger {
  readonly logger: Logger;
  /** Every line logged so far, parsed. */
  readonly records: () => Record<string, unknown>[];
  /** The lines logged at `level` (pino's label: `warn`, `error`, …). */
  readonly at: (level: string) => Record<string, unknown>[];
}

/** A real logger (masking and all) that keeps its lines in memory, for tests to read. */
export function recordingLogger(
  service = 'test',
  level: 'debug' | 'info' = 'info',
): RecordingLogger {
  const lines: string[] = [];
  const logger = createLogger({
    service,
    level,
    destination: { write: (line: string) => void lines.push(line) },
  });
  const records = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  return { logger, records, at: (wanted) => records().filter((r) => r['level'] === wanted) };
}

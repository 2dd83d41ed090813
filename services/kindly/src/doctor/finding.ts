/**
 * What `kindly doctor` reports: one finding per thing it looked at, each with what to do when it
 * is not fine. A check is a function that returns findings; only the doctor's edges do I/O.
 */
import { EXIT } from '@kindly/config';
export type CheckName =
  'settings' | 'kafka' | 'mongodb' | 'topics' | 'indexes' | 'senders' | 'clock';

/** `warn`: works now, but look at it; `error`: something will fail until it is fixed. */
export type Status = 'ok' | 'warn' | 'error';

export interface Finding {
  readonly check: CheckName;
  readonly status: Status;
  /** What was found, in a sentence. */
  readonly message: string;
  /** What to do about it; absent when there is nothing to do. */
  readonly fix?: string;
  /** Every name behind a count (topics, indexes): the text shows the first few, JSON all. */
  readonly items?: readonly string[];
  /** A setting that does not parse: every service would refuse to start (exit 78). */
  readonly setting?: string;
}

export const ok = (check: CheckName, message: string): Finding => ({
  check,
  status: 'ok',
  message,
});

export const warn = (
  check: CheckName,
  message: string,
  fix?: string,
  items?: readonly string[],
): Finding => ({
  check,
  status: 'warn',
  message,
  ...(fix ? { fix } : {}),
  ...(items ? { items } : {}),
});

export const error = (
  check: CheckName,
  message: string,
  fix?: string,
  items?: readonly string[],
): Finding => ({
  check,
  status: 'error',
  message,
  ...(fix ? { fix } : {}),
  ...(items ? { items } : {}),
});

/**
 * 78 when a setting cannot be parsed (a service would not even start), else 1 when any finding
 * is an error, else 0.
 */
export function exitCodeOf(findings: readonly Finding[]): number {
  const errors = findings.filter((f) => f.status === 'error');
  if (errors.some((f) => f.setting !== undefined)) return EXIT.settings;
  return errors.length > 0 ? EXIT.findings : EXIT.ok;
}

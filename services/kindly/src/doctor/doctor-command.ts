import { diagnose } from './doctor.js';
import { exitCodeOf } from './finding.js';
import { formatJson, formatText } from './report.js';

export interface DoctorIo {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  /** Where the settings are read from: every service's, as each service reads its own. */
  readonly env: Readonly<Record<string, string | undefined>>;
}

export interface DoctorOptions {
  /** One JSON document on standard output instead of lines. */
  readonly json?: boolean;
}

/**
 * `kindly doctor [--json]`: runs every check and prints a line per finding (✓, ⚠, ✗, with what to
 * do), or one JSON document with `--json`. Settings come from `io.env` (every service's, as
 * `kindly run all` reads them). Resolves to the exit code: 0 all green (warnings allowed), 1 when
 * a finding is an error, 78 when a setting does not parse.
 */
export async function runDoctor(options: DoctorOptions, io: DoctorIo): Promise<number> {
  const findings = await diagnose(io.env);
  io.stdout.write(options.json ? formatJson(findings) : formatText(findings));
  return exitCodeOf(findings);
}

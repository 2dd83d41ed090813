import { diagnose } from './doctor.js';
import { EXIT, exitCodeOf } from './finding.js';
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

export const DOCTOR_USAGE = `usage: kindly doctor [--json]

Checks what every service needs, without starting any: the settings (read from the environment,
as each service reads its own), Kafka (KAFKA_BROKERS) and MongoDB (MONGODB_URI) within a few
seconds, the topics (under KAFKA_TOPIC_PREFIX) and indexes (in MONGODB_DATABASE) that
provisioning creates, the sender profiles for the jurisdictions in use, and this machine's clock
against the MongoDB server's. Each finding says what to do.

options:
  --json   one JSON document: { ok, exitCode, errors, warnings, findings: [{ check, status,
           message, fix?, items?, setting? }] }

exit codes: 0 all green (warnings allowed), 1 a finding is an error, 2 usage,
            78 a setting does not parse (no service would start)
`;

/**
 * `kindly doctor [--json]`: runs every check and prints a line per finding (✓, ⚠, ✗, with what to
 * do), or one JSON document with `--json`. Settings come from `io.env` (every service's, as
 * `kindly run all` reads them); the command takes no other input. Resolves to the exit code:
 * 0 all green (warnings allowed), 1 when a finding is an error, 78 when a setting does not parse,
 * 2 for a usage error (an unknown argument). `--help` prints the usage.
 */
export async function runDoctorCommand(args: readonly string[], io: DoctorIo): Promise<number> {
  let json = false;
  for (const arg of args) {
    if (arg === '--json') json = true;
    else if (arg === '--help' || arg === '-h') {
      io.stdout.write(DOCTOR_USAGE);
      return EXIT.ok;
    } else {
      io.stderr.write(`kindly doctor: unknown argument '${arg}'\n\n${DOCTOR_USAGE}`);
      return EXIT.usage;
    }
  }
  return runDoctor({ json }, io);
}

/** The doctor with its options already parsed (for a command-line framework that parses them). */
export async function runDoctor(options: DoctorOptions, io: DoctorIo): Promise<number> {
  const findings = await diagnose(io.env);
  io.stdout.write(options.json ? formatJson(findings) : formatText(findings));
  return exitCodeOf(findings);
}

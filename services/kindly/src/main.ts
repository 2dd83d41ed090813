// `kindly <command>`: one entry point for operators' tools. Each command is a function of a
// service package, so that the command and the service run the same code.
import { runPlanCommand } from '@kindly/planner';

const USAGE = `usage: kindly <command> [options]

commands:
  plan [--policy FILE] [--strategy FILE]…   decide NDJSON cases read from standard input
                                             (format: services/planner/CASES.md)
`;

const [command, ...args] = process.argv.slice(2);
switch (command) {
  case 'plan':
    process.exitCode = await runPlanCommand(args, process.stdin, process.stdout, process.stderr);
    break;
  case undefined:
  case 'help':
  case '--help':
    process.stdout.write(USAGE);
    break;
  default:
    process.stderr.write(`kindly: unknown command '${command}'\n\n${USAGE}`);
    process.exitCode = 2;
}

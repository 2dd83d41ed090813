// `kindly <command>`: one entry point for operators' tools. Each command is a function of a
// service package, so that the command and the service run the same code.
import { runPlanCommand } from '@kindly/planner';

const USAGE = `usage: kindly <command> [options]

commands:
  plan [--policy FILE] [--strategy FILE]…   decide NDJSON cases read from standard input
                                             (format: services/planner/CASES.md)
  render --template ID --locale L (--data FILE.json | --sample) [--out FILE]
                                             render a template for a preview (a PDF for letters;
                                             encoding and segments for SMS)
  sms-segments                               encoding, units and segments of NDJSON strings
                                             read from standard input, one result per line
`;

const [command, ...args] = process.argv.slice(2);
switch (command) {
  case 'plan':
    process.exitCode = await runPlanCommand(args, process.stdin, process.stdout, process.stderr);
    break;
  // Loaded on demand: the renderer brings Handlebars, pdfkit and fonts that `plan` does not need.
  case 'render': {
    const { runRenderCommand } = await import('@kindly/renderer');
    process.exitCode = await runRenderCommand(args, process.stdout, process.stderr);
    break;
  }
  case 'sms-segments': {
    const { runSmsSegmentsCommand } = await import('@kindly/renderer');
    process.exitCode = await runSmsSegmentsCommand(process.stdin, process.stdout);
    break;
  }
  case undefined:
  case 'help':
  case '--help':
    process.stdout.write(USAGE);
    break;
  default:
    process.stderr.write(`kindly: unknown command '${command}'\n\n${USAGE}`);
    process.exitCode = 2;
}

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
  run all                                    every service in one process (settings from the
                                             environment; each service also runs alone)
  demo [--accounts N] [--days D] [--out DIR] [--serve]
                                             the whole pipeline over simulated days, with
                                             local stand-ins for Twilio and SMTP (npm run demo);
                                             each run has its own topics, database and folder
                                             (DIR/runs/<run>, DIR = .cache/demo by default);
                                             --serve: then the console over the run (Ctrl-C)
  demo console [--run ID] [--out DIR]        the console over a kept run (the newest by default)
  demo runs [--out DIR]                      the demo runs kept, with their result
  demo clean [--keep N | --run ID…] [--out DIR]
                                             removes runs (all but the newest N, or those
                                             named): their topics, database and folder
  audit <verify|query|export|violations|anchor|anchors-export|expire|hold> …
                                             the compliance audit (kindly audit --help)
  campaign <validate|launch|pause|resume|cancel|status> …
                                             repayment-offer campaigns (kindly campaign --help)
  keys <create|list|revoke> …                the operator API's keys, each with one role
                                             (kindly keys --help)
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
  case 'run': {
    if (args[0] !== 'all') {
      process.stderr.write(`kindly: 'run' takes 'all'\n\n${USAGE}`);
      process.exitCode = 2;
      break;
    }
    const { runAllCommand } = await import('./run-all/run-all-command.js');
    await runAllCommand();
    break;
  }
  case 'audit': {
    const { runAuditCommand } = await import('@kindly/audit');
    process.exitCode = await runAuditCommand(args, {
      stdout: process.stdout,
      stderr: process.stderr,
      env: process.env,
    });
    break;
  }
  case 'campaign': {
    const { runCampaignCommand } = await import('@kindly/campaigns');
    process.exitCode = await runCampaignCommand(args, {
      stdout: process.stdout,
      stderr: process.stderr,
      env: process.env,
    });
    break;
  }
  case 'keys': {
    const { runKeysCommand } = await import('@kindly/operator');
    process.exitCode = await runKeysCommand(args, {
      stdout: process.stdout,
      stderr: process.stderr,
      env: process.env,
    });
    break;
  }
  case 'demo': {
    const { demoCommand } = await import('./demo/demo-command.js');
    process.exitCode = await demoCommand(args);
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

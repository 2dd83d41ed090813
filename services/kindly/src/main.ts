// `kindly <command>`: one entry point for operators' tools (see cli/kindly-program.ts). Each
// command is a function of a service package, so that the command and the service run the same
// code.
import { runKindly } from './cli/kindly-program.js';

process.exitCode = await runKindly(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
});

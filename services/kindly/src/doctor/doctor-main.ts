// `kindly doctor` on its own, until the kindly command hosts it: node --conditions=@kindly/source
// --import tsx services/kindly/src/doctor/doctor-main.ts [--json]
import { runDoctorCommand } from './doctor-command.js';

process.exitCode = await runDoctorCommand(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
});

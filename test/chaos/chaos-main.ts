/**
 * `npm run chaos`: more seeded fault runs than CI has time for, on a private broker. Seeds and
 * size from the environment: FAULT_SEEDS=1,2,3 (default: ten seeds), FAULT_ACCOUNTS=500; the
 * child's log level FAULT_LOG_LEVEL (warn).
 * Exits non-zero when any seed finds a problem, and prints each problem with its seed.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runFaultScenario } from './fault-run.js';
import { startPrivateInfra } from './private-infra.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const seeds = (process.env['FAULT_SEEDS'] ?? '1,2,3,4,5,6,7,8,9,10').split(',').map(Number);
const accounts = Number(process.env['FAULT_ACCOUNTS'] ?? '500');
if (seeds.some((s) => !Number.isInteger(s)) || !Number.isInteger(accounts) || accounts < 1) {
  console.error('FAULT_SEEDS must be whole numbers separated by commas; FAULT_ACCOUNTS a count');
  process.exit(2);
}

const infra = await startPrivateInfra('chaos');
let failed = 0;
try {
  for (const seed of seeds) {
    const report = await runFaultScenario({
      seed,
      accounts,
      infra,
      // Not the private infra's own folder (.cache/faults/chaos), which it deletes when it stops.
      outDir: join(root, '.cache', 'faults', 'chaos-runs'),
      say: (line) => console.log(line),
    });
    const verdict = report.problems.length === 0 ? 'ok' : `${report.problems.length} problems`;
    console.log(
      `seed ${seed}: ${verdict}; planned ${report.planned}, sent ${JSON.stringify(report.sent)}, not sent, with a reason ${JSON.stringify(report.notSentBecause)}`,
    );
    for (const problem of report.problems) console.log(`  seed ${seed}: ${problem}`);
    if (report.problems.length > 0) {
      failed += 1;
      console.log(`  host log: ${report.hostLog}`);
    }
  }
} finally {
  await infra.destroy();
}
console.log(`${seeds.length - failed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;

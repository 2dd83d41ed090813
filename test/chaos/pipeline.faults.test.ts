/**
 * Faults on the real broker and MongoDB-wire server: for each seed, 500 accounts through the
 * whole pipeline in a process that is SIGKILLed at a seeded moment and restarted, with the
 * broker stopped for 30 seconds at another; then every planned message must have gone out
 * exactly once or have its reason. A failing seed replays: FAULT_SEEDS=<seed> npm run chaos.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFaultScenario } from './fault-run.js';
import { startPrivateInfra, type PrivateInfra } from './private-infra.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
// Sized to CI's time: each seed takes 1.5–3 minutes on a two-core machine.
const SEEDS = [20_261_206, 1_337];
const ACCOUNTS = 500;

describe('the pipeline through a crash and a broker outage', () => {
  let infra: PrivateInfra;
  beforeAll(async () => {
    infra = await startPrivateInfra('ci');
  });
  afterAll(async () => {
    await infra?.destroy();
  });

  for (const seed of SEEDS) {
    it(`seed ${seed}: every eligible message sent exactly once, none lost`, async () => {
      const report = await runFaultScenario({
        seed,
        accounts: ACCOUNTS,
        infra,
        outDir: join(root, '.cache', 'faults', 'runs'),
        say: (line) => console.log(line),
      });
      console.log(
        `[seed ${seed}] planned ${report.planned}, sent ${JSON.stringify(report.sent)}, not sent, with a reason ${JSON.stringify(report.notSentBecause)}`,
      );
      expect(report.problems, `seed ${seed}; host log: ${report.hostLog}`).toEqual([]);
      // The run did something worth checking: most accounts got a message out.
      expect(report.sent.sms + report.sent.email + report.sent.letter).toBeGreaterThan(
        ACCOUNTS / 2,
      );
    });
  }
});

/**
 * The operator API against its own OpenAPI document, by schemathesis (installed by
 * infra/local/ensure-tools.sh): generated requests, valid and not, to every operation, with a
 * fixed seed and a bounded number of examples each; no answer may be a server error, a status,
 * a content type, a header or a body the document does not describe, an invalid request must be
 * refused, a method a path does not take a 405 with `Allow`, a request without the key a 401.
 * Admin's key for every operation but the desk's (an admin's 403 there is documented, but tests
 * nothing), an agent's for the desk. Without schemathesis the test is skipped, unless CI is set.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '@kindly/clock';
import { eventTypes } from '@kindly/contracts';
import { provisionTestNamespace, type ProvisionedNamespace } from '@kindly/testing';
import { DateTime } from 'luxon';
import {
  startOperatorService,
  type OperatorUnderTest,
} from './testing/operator-service.fixture.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SCHEMATHESIS = join(ROOT, '.cache/tools/schemathesis-venv/bin/schemathesis');
const INSTALLED = existsSync(SCHEMATHESIS);
const IN_CI = (process.env['CI'] ?? '') !== '';
const SEED = 20260304;
const MAX_EXAMPLES = 25;
/**
 * Every check that fits one key per run. Not `positive_data_acceptance`: a campaign file is YAML
 * whose meaning no JSON Schema says, so a schema-valid file may well be a 422; not
 * `object_level_authorization`: it wants a second caller's credentials configured for the same
 * objects.
 */
const CHECKS = [
  'not_a_server_error',
  'status_code_conformance',
  'content_type_conformance',
  'response_headers_conformance',
  'response_schema_conformance',
  'negative_data_rejection',
  'missing_required_header',
  'unsupported_method',
  'allow_header_conformance',
  'ignored_auth',
  'use_after_free',
  'ensure_resource_availability',
].join(',');
const DESK = '^/v1/desk/';

const CAMPAIGN = readFileSync(
  new URL('../../campaigns/campaigns/instalment-plan-2027-spring.yaml', import.meta.url),
  'utf8',
);

if (!INSTALLED && !IN_CI) {
  console.warn(
    `[operator] skipping the OpenAPI conformance test: schemathesis is not installed at ${SCHEMATHESIS} (run bash infra/local/ensure-tools.sh; with CI set, this is a failure)`,
  );
}

interface Run {
  readonly code: number | null;
  readonly output: string;
}

/** Runs schemathesis without blocking the event loop: the API answers from this process. */
function schemathesis(args: readonly string[], cwd: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(SCHEMATHESIS, args, {
      cwd,
      env: { ...process.env, NO_COLOR: '1', SCHEMATHESIS_TELEMETRY: 'false' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe.skipIf(!INSTALLED && !IN_CI)('the operator API against its OpenAPI document', () => {
  let ns: ProvisionedNamespace;
  let api: OperatorUnderTest;
  let workDir: string;
  const clock = new ManualClock(DateTime.fromISO('2026-03-04T12:00:00Z', { zone: 'utc' }));

  beforeAll(async () => {
    if (!INSTALLED) {
      throw new Error(
        `schemathesis is not installed at ${SCHEMATHESIS}: run bash infra/local/ensure-tools.sh`,
      );
    }
    workDir = mkdtempSync(join(tmpdir(), 'kindly-schemathesis-'));
    ns = await provisionTestNamespace('operator-openapi', eventTypes);
    api = await startOperatorService(ns, clock, {
      // Every generated request is answered, not rate limited (the 429 has its own test).
      env: { OPERATOR_RATE_LIMIT_PER_MINUTE: '1000000' },
    });
    // Something for the campaign routes to find: one launch.
    const launched = await fetch(`${api.operator.url}/v1/campaigns`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${api.keys.admin.key}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ source: CAMPAIGN, reason: 'conformance test' }),
    });
    expect(launched.status).toBe(201);
  }, 120_000);

  afterAll(async () => {
    await api?.stop();
    await ns?.cleanup();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  const runAs = async (key: string, filter: readonly string[]) => {
    const run = await schemathesis(
      [
        'run',
        `${api.operator.url}/openapi.json`,
        '--checks',
        CHECKS,
        '--seed',
        String(SEED),
        '--max-examples',
        String(MAX_EXAMPLES),
        '--header',
        `Authorization: Bearer ${key}`,
        '--generation-database',
        'none',
        '--request-timeout',
        '10',
        '--no-color',
        ...filter,
      ],
      workDir,
    );
    if (run.code !== 0) console.error(run.output);
    expect(run.code, 'schemathesis found problems: its report is above').toBe(0);
  };

  // Some 40 operations at up to 25 examples each: about 100 s on an idle two-core machine, more
  // while the rest of the suite runs beside it.
  it('finds no failure with an admin’s key (every operation but the desk)', async () => {
    await runAs(api.keys.admin.key, ['--exclude-path-regex', DESK]);
  }, 400_000);

  it('finds no failure with an agent’s key on the desk', async () => {
    await runAs(api.keys.agent.key, ['--include-path-regex', DESK]);
  }, 120_000);
});

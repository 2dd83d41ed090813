import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleEvents, type EventOf } from '@kindly/contracts';
import { defaultPolicyFile, defaultStrategyDir, loadPlanningRules } from '@kindly/rules';
import { provisionTestNamespace, type ProvisionedNamespace } from '@kindly/testing';
import { createOutreachLogRepository } from './data-access/outreach-log.repository.js';
import { planAccount } from './domain/plan-account.use-case.js';
import type { PlannerEvent } from './domain/ports.js';
import { WASHINGTON_NOW, washingtonAccount } from './testing/washington-account.js';

/*
 * For the audit, every plan and suppression names what it was decided under: the shipped
 * policy's own version and the SHA-256 of its file, and a plan its strategy file's hash. The
 * expected values are worked out here from the files themselves, not from the rules' loader.
 */

const rules = loadPlanningRules();
const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
// The policy's top-level `version:` line, read as text.
const versionLine = /^version:\s*(\d+)\s*$/m.exec(readFileSync(defaultPolicyFile, 'utf8'));
const shipped = { policyVersion: Number(versionLine?.[1]), policyHash: sha256(defaultPolicyFile) };

describe('what the planner’s events were decided under', () => {
  let ns: ProvisionedNamespace;
  beforeAll(async () => {
    ns = await provisionTestNamespace('plan-provenance');
  });
  afterAll(async () => {
    await ns?.cleanup();
  });

  async function plan(accountId: string, more: EventOf<'account.status'>[] = []) {
    const published: PlannerEvent[] = [];
    const events = {
      publish: async (list: readonly PlannerEvent[]) => void published.push(...list),
    };
    const log = createOutreachLogRepository(ns.mongo.db);
    const account = washingtonAccount(accountId, { daysPastDue: 3, more });
    await planAccount(
      { rules, log, events },
      account,
      { eventId: 'e', correlationId: 'c' },
      WASHINGTON_NOW,
    );
    return published;
  }

  it('a plan names the policy’s version and file hash, and its strategy file’s hash', async () => {
    const [planned] = await plan('acct-prov-plan');
    if (planned?.type !== 'outreach.planned') throw new Error('expected a plan');
    const strategyFile = join(defaultStrategyDir, `${planned.payload.strategyId}.yaml`);
    expect(planned.payload).toMatchObject({ ...shipped, strategyHash: sha256(strategyFile) });
  });

  it('a suppression names the policy’s version and file hash', async () => {
    const dispute: EventOf<'account.status'> = {
      ...sampleEvents['account.status'],
      tenantId: 'bank-1',
      eventId: 'acct-prov-sup-dispute',
      occurredAt: '2026-06-10T17:30:00Z',
      payload: {
        accountId: 'acct-prov-sup',
        set: ['dispute'],
        cleared: [],
        effectiveAt: '2026-06-10T17:30:00Z',
      },
    };
    const [suppressed] = await plan('acct-prov-sup', [dispute]);
    if (suppressed?.type !== 'outreach.suppressed') throw new Error('expected a suppression');
    expect(suppressed.payload.reasons).toContain('DISPUTE');
    expect(suppressed.payload).toMatchObject(shipped);
  });
});

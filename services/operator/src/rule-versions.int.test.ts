import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '@kindly/clock';
import { eventTypes, type OperatorRole } from '@kindly/contracts';
import { readApprovedRuleTexts } from '@kindly/mongo';
import { planCase } from '@kindly/planner';
import { loadTemplateCatalog } from '@kindly/renderer';
import { defaultPolicyFile, defaultStrategyDir, loadPlanningRules } from '@kindly/rules';
import { provisionTestNamespace, type ProvisionedNamespace } from '@kindly/testing';
import { DateTime } from 'luxon';
import { issueKey } from './access/api-key.js';
import { createApiKeysRepository } from './data-access/api-keys.repository.js';
import { exampleCases } from './rules/rule-preview.js';
import {
  startOperatorService,
  type OperatorUnderTest,
} from './testing/operator-service.fixture.js';

const SHIPPED = readFileSync(defaultPolicyFile, 'utf8');
/** China's contact hours from 11:00 instead of 08:00: a change the example cases show. */
const CN_HOURS = `- { days: [mon, tue, wed, thu, fri, sat, sun], start: '08:00', end: '21:00' }
      excludeSundays: false
      excludeHolidays: true
      source: [S43`;
function policyWith(version: number, start: string): string {
  if (!SHIPPED.includes(CN_HOURS)) throw new Error('the shipped policy no longer has this block');
  return SHIPPED.replace(CN_HOURS, CN_HOURS.replace("'08:00'", `'${start}'`)).replace(
    /^version: \d+$/m,
    `version: ${version}`,
  );
}

/** What these routes answer, as far as the test reads it. */
interface Answer extends Record<string, unknown> {
  readonly rules: { ruleId: string; source: string }[];
  readonly problems: { path: string; line?: number }[];
  readonly proposals: { state: string }[];
  readonly changed: { caseId: string; before: unknown; after: unknown }[];
  readonly proposalId: string;
  readonly sha256: string;
  readonly type: string;
  readonly diff: string;
}

describe('policy and strategy versions, proposed by one person and approved by another', () => {
  let ns: ProvisionedNamespace;
  let api: OperatorUnderTest;
  const clock = new ManualClock(DateTime.fromISO('2026-03-04T12:00:00Z', { zone: 'utc' }));
  /** A second admin, and an admin key with the operator's own name on it. */
  const extra: Record<'secondAdmin' | 'operatorAsAdmin', string> = {
    secondAdmin: '',
    operatorAsAdmin: '',
  };

  async function call(key: string, method: string, path: string, body?: unknown) {
    const response = await fetch(`${api.operator.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${key}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: response.status, body: (await response.json()) as Answer };
  }
  const as = (role: OperatorRole, method: string, path: string, body?: unknown) =>
    call(api.keys[role].key, method, path, body);

  async function actionsKept(action: string): Promise<Record<string, unknown>[]> {
    const records = await ns.mongo.db
      .collection<{ type: string; body?: { payload: Record<string, unknown> } }>('audit-records')
      .find({ type: 'operator.action' })
      .toArray();
    return records.map((r) => r.body?.payload ?? {}).filter((p) => p['action'] === action);
  }
  async function until(what: string, check: () => Promise<boolean>): Promise<void> {
    const deadline = Date.now() + 30_000;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  beforeAll(async () => {
    ns = await provisionTestNamespace('operator-rules', eventTypes);
    api = await startOperatorService(ns, clock);
    const keys = createApiKeysRepository(ns.mongo.db);
    for (const [name, label] of [
      ['secondAdmin', 'compliance lead'],
      ['operatorAsAdmin', 'Operator Team '],
    ] as const) {
      const issued = issueKey();
      await keys.insert({
        keyId: issued.keyId,
        label,
        role: 'admin',
        secretHash: issued.secretHash,
        createdAt: '2026-03-04T00:00:00Z',
        createdBy: 'cli',
      });
      extra[name] = issued.key;
    }
  }, 120_000);

  afterAll(async () => {
    await api?.stop();
    await ns?.cleanup();
  });

  it('lists the shipped versions in force and checks a text without storing it', async () => {
    const listed = await as('auditor', 'GET', '/v1/rules');
    expect(listed.status).toBe(200);
    const ids = listed.body.rules.map((r) => r.ruleId);
    expect(ids).toEqual(expect.arrayContaining(['policy', 'strategy:default']));
    expect(listed.body.rules.every((r) => r.source === 'shipped')).toBe(true);

    const duplicate = await as('operator', 'POST', '/v1/rules/validate', {
      kind: 'policy',
      text: 'version: 1\nversion: 2\n',
    });
    expect(duplicate.status).toBe(422);
    expect(duplicate.body.problems[0]).toMatchObject({ line: 2 });
    const strategy = await as('operator', 'POST', '/v1/rules/validate', {
      kind: 'strategy',
      text: 'strategyId: x\nversion: 1\nstages: nope\n',
    });
    expect(strategy.status).toBe(422);
    expect(strategy.body.problems.map((p) => p.path)).toContain('stages');
    // A schema problem names its line too (the place's, found in the text).
    const badHours = await as('operator', 'POST', '/v1/rules/validate', {
      kind: 'policy',
      text: SHIPPED.replace(CN_HOURS, CN_HOURS.replace("'08:00'", "'8 am'")),
    });
    expect(badHours.status).toBe(422);
    const cnLine = SHIPPED.slice(0, SHIPPED.indexOf(CN_HOURS)).split('\n').length;
    const cnStart = badHours.body.problems.find((p) => /hours\[0\]\.start$/.test(p.path));
    expect(cnStart?.line).toBe(cnLine);
    const strategyText = readFileSync(join(defaultStrategyDir, 'default.yaml'), 'utf8');
    const unknownTemplate = await as('operator', 'POST', '/v1/rules/validate', {
      kind: 'strategy',
      text: strategyText.replace('reminder-friendly-sms', 'reminder-unheard-of-sms'),
    });
    expect(unknownTemplate.status).toBe(422);
    expect(JSON.stringify(unknownTemplate.body.problems)).toContain(
      'strategy default uses template reminder-unheard-of-sms',
    );
    // Valid alone, refused with the rest: two default strategies tie for every account, and
    // every service would refuse to start with both.
    const twin = await as('operator', 'POST', '/v1/rules/validate', {
      kind: 'strategy',
      text: strategyText.replace(/^strategyId: default$/m, 'strategyId: default-twin'),
    });
    expect(twin.status).toBe(422);
    expect(JSON.stringify(twin.body.problems)).toMatch(/tie: .*default.* and .*default-twin/);
    const good = await as('operator', 'POST', '/v1/rules/validate', {
      kind: 'policy',
      text: policyWith(3, '11:00'),
    });
    expect(good.status).toBe(200);
    expect(good.body).toMatchObject({ ruleId: 'policy', version: '3' });
    expect(await ns.mongo.db.collection('rule-proposals').countDocuments({})).toBe(0);
  });

  it('takes a proposal, shows its diff and what it changes, and puts it in force only on another person’s approval', async () => {
    expect((await as('marketing', 'POST', '/v1/rules/proposals', {})).status).toBe(403);
    const unchanged = await as('operator', 'POST', '/v1/rules/proposals', {
      kind: 'policy',
      text: SHIPPED,
      reason: 'no change',
    });
    expect(unchanged.status).toBe(409);

    const proposed = await as('operator', 'POST', '/v1/rules/proposals', {
      kind: 'policy',
      text: policyWith(3, '11:00'),
      reason: 'the bank’s CN call centre opens at 11:00',
    });
    expect(proposed.status).toBe(201);
    expect(proposed.body).toMatchObject({ ruleId: 'policy', version: '3', state: 'proposed' });
    const id = proposed.body.proposalId;
    clock.advance({ minutes: 1 });
    // Made against the shipped file too: superseded once the first is approved.
    const rival = await as('admin', 'POST', '/v1/rules/proposals', {
      kind: 'policy',
      text: policyWith(3, '09:00'),
      reason: 'a rival change',
    });
    expect(rival.status).toBe(201);

    const shown = await as('auditor', 'GET', `/v1/rules/proposals/${id}`);
    expect(shown.status).toBe(200);
    expect(shown.body['basedOnInForce']).toBe(true);
    expect(shown.body['diff']).toContain('-version: 2\n+version: 3');
    expect(shown.body['diff']).toMatch(
      /\+ +- \{ days: \[mon, tue, wed, thu, fri, sat, sun\], start: '11:00'/,
    );

    const preview = await as('auditor', 'POST', `/v1/rules/proposals/${id}/preview`);
    expect(preview.status).toBe(200);
    expect(preview.body['decided']).toBe(exampleCases().length);
    const now = preview.body.changed.find((c) => c.caseId === 'friendly-sms-now');
    expect(now).toMatchObject({
      before: { allowedNow: true, earliestAllowedAt: '2026-03-04T02:00:00Z' },
      after: { allowedNow: false, earliestAllowedAt: '2026-03-04T03:00:00Z' },
    });

    // Not the proposer (by key, nor by name on another key), and not a role that may not.
    const reason = { reason: 'reviewed against the call centre’s hours' };
    expect((await as('operator', 'POST', `/v1/rules/proposals/${id}/approve`, reason)).status).toBe(
      403,
    );
    const self = await call(
      extra.operatorAsAdmin,
      'POST',
      `/v1/rules/proposals/${id}/approve`,
      reason,
    );
    expect(self.status).toBe(403);
    expect(self.body['type']).toBe('urn:kindly:problem:same-person');
    expect((await readApprovedRuleTexts(ns.mongo.db)).policy).toBeUndefined();

    const approved = await call(
      extra.secondAdmin,
      'POST',
      `/v1/rules/proposals/${id}/approve`,
      reason,
    );
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({
      state: 'approved',
      decidedBy: { label: 'compliance lead' },
      decisionReason: reason.reason,
    });
    expect(
      (await call(extra.secondAdmin, 'POST', `/v1/rules/proposals/${id}/approve`, reason)).status,
    ).toBe(409);
    const superseded = await call(
      extra.secondAdmin,
      'POST',
      `/v1/rules/proposals/${rival.body['proposalId']}/approve`,
      reason,
    );
    expect(superseded.status).toBe(409);
    expect(superseded.body['type']).toBe('urn:kindly:problem:proposal-superseded');
    // Nobody decided it: another version went into force.
    const rivalNow = await as('auditor', 'GET', `/v1/rules/proposals/${rival.body.proposalId}`);
    expect(rivalNow.body).toMatchObject({ state: 'superseded' });
    expect(rivalNow.body).not.toHaveProperty('decidedBy');
    expect(rivalNow.body).not.toHaveProperty('decidedAt');

    const inForce = await as('auditor', 'GET', '/v1/rules/in-force/policy');
    expect(inForce.body).toMatchObject({
      source: 'approved',
      version: '3',
      sha256: proposed.body['sha256'],
      proposalId: id,
    });

    // What every service loads at its start: the approved policy, named by its hash.
    const rules = loadPlanningRules({}, await readApprovedRuleTexts(ns.mongo.db));
    expect(rules.policySha256).toBe(proposed.body['sha256']);
    const friendly = exampleCases().find((c) => c.caseId === 'friendly-sms-now');
    expect(planCase(rules, friendly!)).toMatchObject({ allowedNow: false });

    await until('both actions kept', async () => {
      return (
        (await actionsKept('rules.propose')).length === 2 &&
        (await actionsKept('rules.approve')).length === 1
      );
    });
    expect((await actionsKept('rules.approve'))[0]).toMatchObject({
      accountId: '~operations',
      subject: { kind: 'rule-proposal', id },
      reason: reason.reason,
      details: { rule: 'policy', sha: proposed.body['sha256'] },
    });
  });

  it('lets another person reject a proposal, once', async () => {
    clock.advance({ minutes: 1 });
    const proposed = await as('admin', 'POST', '/v1/rules/proposals', {
      kind: 'policy',
      text: policyWith(4, '10:00'),
      reason: 'try 10:00',
    });
    const id = proposed.body.proposalId;
    const reason = { reason: 'not what the regulator expects' };
    expect((await as('admin', 'POST', `/v1/rules/proposals/${id}/reject`, reason)).status).toBe(
      403,
    );
    const rejected = await call(
      extra.secondAdmin,
      'POST',
      `/v1/rules/proposals/${id}/reject`,
      reason,
    );
    expect(rejected.body).toMatchObject({ state: 'rejected' });
    expect(
      (await call(extra.secondAdmin, 'POST', `/v1/rules/proposals/${id}/approve`, reason)).status,
    ).toBe(409);
    const listed = await as('auditor', 'GET', '/v1/rules/proposals');
    expect(listed.body.proposals.map((p) => p.state)).toEqual([
      'rejected',
      'superseded',
      'approved',
    ]);
    // The rejection is in the operations chain: who, which proposal, why.
    await until('the rejection kept', async () => (await actionsKept('rules.reject')).length === 1);
    expect((await actionsKept('rules.reject'))[0]).toMatchObject({
      accountId: '~operations',
      actor: { role: 'admin' },
      subject: { kind: 'rule-proposal', id },
      reason: reason.reason,
      details: { rule: 'policy', sha: proposed.body['sha256'] },
    });
  });

  it('takes a template the same way: checked with the catalog and a sample render, previewed both ways', async () => {
    clock.advance({ minutes: 1 });
    const template = 'sms/reminder-friendly-sms/en-US';
    const shown = await as(
      'operator',
      'GET',
      `/v1/rules/in-force/${encodeURIComponent(`template:${template}`)}`,
    );
    expect(shown.status).toBe(200);
    const text = String(shown.body['text']);
    expect(text).toContain('A friendly reminder:');

    const unknownField = await as('operator', 'POST', '/v1/rules/validate', {
      kind: 'template',
      template,
      text: text.replace('{{account.last4}}', '{{account.number}}'),
    });
    expect(unknownField.status).toBe(422);
    expect(JSON.stringify(unknownField.body.problems)).toMatch(/account\.number/);
    expect(
      (await as('operator', 'POST', '/v1/rules/validate', { kind: 'template', text })).status,
    ).toBe(422);

    const changed = text
      .replace('A friendly reminder:', 'Just a reminder:')
      .replace(/^version: 1\.1\.0$/m, 'version: 1.2.0');
    const proposed = await as('operator', 'POST', '/v1/rules/proposals', {
      kind: 'template',
      template,
      text: changed,
      reason: 'plainer wording, reviewed by the conduct team',
    });
    expect(proposed.status).toBe(201);
    expect(proposed.body).toMatchObject({ ruleId: `template:${template}`, version: '1.2.0' });
    const preview = await as(
      'auditor',
      'POST',
      `/v1/rules/proposals/${proposed.body.proposalId}/preview`,
    );
    expect(preview.status).toBe(200);
    const sample = preview.body['sample'] as {
      before: { text: string; segments: number };
      after: { text: string; segments: number };
    };
    expect(sample.before.text).toContain('A friendly reminder:');
    expect(sample.after.text).toContain('Just a reminder:');
    expect(sample.after.segments).toBe(1);

    const approved = await call(
      extra.secondAdmin,
      'POST',
      `/v1/rules/proposals/${proposed.body.proposalId}/approve`,
      { reason: 'wording approved' },
    );
    expect(approved.status).toBe(200);
    // What the renderer loads at its start: the approved text in the file's place.
    const texts = await readApprovedRuleTexts(ns.mongo.db);
    const catalog = loadTemplateCatalog(undefined, texts.templates);
    const inForce = catalog.get('reminder-friendly-sms', 'en-US');
    expect(inForce.version).toBe('1.2.0');
    expect(inForce.sha256).toBe(proposed.body.sha256);
  });

  it('refuses an approval that, with what was approved since it was proposed, no service would load', async () => {
    clock.advance({ minutes: 1 });
    const loans = readFileSync(join(defaultStrategyDir, 'instalment-loan.yaml'), 'utf8');
    const narrow = (id: string) =>
      loans
        .replace(/^strategyId: .*$/m, `strategyId: ${id}`)
        .replace(
          'products: [instalment-loan]',
          "products: [instalment-loan]\n  segments: ['retail-premier']",
        );
    const reason = { reason: 'a premier flow' };
    const first = await as('operator', 'POST', '/v1/rules/proposals', {
      kind: 'strategy',
      text: narrow('premier-a'),
      reason: 'premier a',
    });
    const second = await as('operator', 'POST', '/v1/rules/proposals', {
      kind: 'strategy',
      text: narrow('premier-b'),
      reason: 'premier b',
    });
    expect([first.status, second.status]).toEqual([201, 201]);
    const approve = (id: string) =>
      call(extra.secondAdmin, 'POST', `/v1/rules/proposals/${id}/approve`, reason);
    expect((await approve(first.body.proposalId)).status).toBe(200);
    const refused = await approve(second.body.proposalId);
    expect(refused.status).toBe(409);
    expect(refused.body.type).toBe('urn:kindly:problem:rule-set-invalid');
    expect(JSON.stringify(refused.body.problems)).toMatch(/tie: .*premier-a.* and .*premier-b/);
    // Nothing of it went into force, and the proposal can still be rejected.
    expect((await readApprovedRuleTexts(ns.mongo.db)).strategies).toHaveLength(1);
    expect(
      (
        await call(
          extra.secondAdmin,
          'POST',
          `/v1/rules/proposals/${second.body.proposalId}/reject`,
          reason,
        )
      ).status,
    ).toBe(200);
  });
  it('takes a key one of them made for the other as no second person', async () => {
    clock.advance({ minutes: 1 });
    const made = await as('admin', 'POST', '/v1/keys', {
      label: 'night shift',
      role: 'admin',
      reason: 'a second key, another name',
    });
    expect(made.status).toBe(201);
    const nightShift = String(made.body['key']);
    const propose = (key: string, start: string) =>
      call(key, 'POST', '/v1/rules/proposals', {
        kind: 'policy',
        text: policyWith(5, start),
        reason: `try ${start}`,
      });
    const reason = { reason: 'looks right' };
    // Made by the proposer's key, and the proposer's key made by the approver's.
    const byAdmin = await propose(api.keys.admin.key, '10:15');
    const byNightShift = await propose(nightShift, '10:45');
    for (const [id, approver] of [
      [byAdmin.body.proposalId, nightShift],
      [byNightShift.body.proposalId, api.keys.admin.key],
    ] as const) {
      for (const decision of ['approve', 'reject']) {
        const refused = await call(
          approver,
          'POST',
          `/v1/rules/proposals/${id}/${decision}`,
          reason,
        );
        expect(refused.status).toBe(403);
        expect(refused.body.type).toBe('urn:kindly:problem:same-person');
        expect(String(refused.body['detail'])).toContain('a key one of them made for the other');
      }
      // A second person still may.
      const rejected = await call(
        extra.secondAdmin,
        'POST',
        `/v1/rules/proposals/${id}/reject`,
        reason,
      );
      expect(rejected.status).toBe(200);
    }
  });

  it('approves a rule again after a version equal to the shipped file went back into force', async () => {
    clock.advance({ minutes: 1 });
    const reason = { reason: 'reviewed' };
    const approve = async (text: string) => {
      const proposed = await as('operator', 'POST', '/v1/rules/proposals', {
        kind: 'policy',
        text,
        reason: 'a policy change',
      });
      expect(proposed.status).toBe(201);
      return call(
        extra.secondAdmin,
        'POST',
        `/v1/rules/proposals/${proposed.body.proposalId}/approve`,
        reason,
      );
    };
    // Back to the shipped text: in force, approved, with the shipped file's hash.
    expect((await approve(SHIPPED)).status).toBe(200);
    const next = await approve(policyWith(6, '10:00'));
    expect(next.status).toBe(200);
    expect(next.body).toMatchObject({ state: 'approved', version: '6' });
    expect((await as('auditor', 'GET', '/v1/rules/in-force/policy')).body).toMatchObject({
      version: '6',
    });
  });

  it('finishes an approval that stopped after putting the version in force, when approved again', async () => {
    clock.advance({ minutes: 1 });
    const proposed = await as('operator', 'POST', '/v1/rules/proposals', {
      kind: 'policy',
      text: policyWith(7, '10:30'),
      reason: 'a policy change',
    });
    const id = proposed.body.proposalId;
    // What an approval writes before it marks the proposal, then a crash.
    await ns.mongo.db.collection<{ _id: string }>('rules-in-force').updateOne(
      { _id: 'policy' },
      {
        $set: {
          text: policyWith(7, '10:30'),
          sha256: proposed.body.sha256,
          version: '7',
          proposalId: id,
          approvedBy: { keyId: 'k-compliance', label: 'compliance lead' },
          approvedAt: '2026-03-04T12:10:00Z',
        },
      },
    );
    expect((await as('auditor', 'GET', `/v1/rules/proposals/${id}`)).body).toMatchObject({
      state: 'proposed',
    });
    const again = await call(extra.secondAdmin, 'POST', `/v1/rules/proposals/${id}/approve`, {
      reason: 'once more',
    });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({
      state: 'approved',
      decidedBy: { label: 'compliance lead' },
      decidedAt: '2026-03-04T12:10:00Z',
    });
  });

  it('never puts two strategies in force that no service would load together, approved at once', async () => {
    clock.advance({ minutes: 1 });
    const loans = readFileSync(join(defaultStrategyDir, 'instalment-loan.yaml'), 'utf8');
    const narrow = (id: string) =>
      loans
        .replace(/^strategyId: .*$/m, `strategyId: ${id}`)
        .replace(
          'products: [instalment-loan]',
          "products: [instalment-loan]\n  segments: ['retail-private']",
        );
    const before = (await readApprovedRuleTexts(ns.mongo.db)).strategies.length;
    // Four at once, each tying with every other: one goes in force, whichever comes first.
    const proposed = await Promise.all(
      ['private-c', 'private-d', 'private-e', 'private-f'].map((id) =>
        as('operator', 'POST', '/v1/rules/proposals', {
          kind: 'strategy',
          text: narrow(id),
          reason: id,
        }),
      ),
    );
    expect(proposed.map((p) => p.status)).toEqual([201, 201, 201, 201]);
    const answers = await Promise.all(
      proposed.map((p) =>
        call(extra.secondAdmin, 'POST', `/v1/rules/proposals/${p.body.proposalId}/approve`, {
          reason: 'a private-banking flow',
        }),
      ),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409, 409, 409]);
    for (const refused of answers.filter((a) => a.status === 409)) {
      expect(['urn:kindly:problem:rules-changed', 'urn:kindly:problem:rule-set-invalid']).toContain(
        refused.body.type,
      );
    }
    const texts = await readApprovedRuleTexts(ns.mongo.db);
    expect(texts.strategies).toHaveLength(before + 1);
    expect(() => loadPlanningRules({}, texts)).not.toThrow();
  });

  it('takes a template id no strategy uses yet, checked by the catalog, not rendered', async () => {
    clock.advance({ minutes: 1 });
    const text = String(
      (
        await as(
          'operator',
          'GET',
          `/v1/rules/in-force/${encodeURIComponent('template:sms/reminder-friendly-sms/en-US')}`,
        )
      ).body['text'],
    );
    const proposed = await as('operator', 'POST', '/v1/rules/proposals', {
      kind: 'template',
      template: 'sms/reminder-gentle-sms/en-US',
      text,
      reason: 'a gentler reminder, for a strategy to come',
    });
    expect(proposed.status).toBe(201);
    const preview = await as(
      'auditor',
      'POST',
      `/v1/rules/proposals/${proposed.body.proposalId}/preview`,
    );
    expect(preview.status).toBe(200);
    const sample = preview.body['sample'] as { after?: unknown; notRendered?: string };
    expect(sample.after).toBeUndefined();
    expect(sample.notRendered).toContain('no strategy in force uses this template id');
  });
});

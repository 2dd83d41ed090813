import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { loadPlanningRules, PolicyDocument } from '@kindly/rules';
import { PlanCase, planCase, type PlanCaseResult } from './plan-case.js';
import {
  planCaseOf,
  policyFieldCases,
  policyFieldCasesNdjson,
  POLICY_FIELDS_CASES,
  POLICY_FIELDS_POLICY,
  type ExpectedDecision,
  type PolicyFieldCase,
} from './policy-field-cases.js';

const casesMd = readFileSync(fileURLToPath(new URL('../../CASES.md', import.meta.url)), 'utf8');

/** The rows of CASES.md's table "Policy fields that change a decision", by their first cell. */
function fieldTable(): string[][] {
  const section = casesMd.split(/^## /m).find((s) => s.startsWith('Policy fields that change'));
  if (section === undefined) throw new Error('CASES.md has no "Policy fields that change" section');
  return section
    .split('\n')
    .filter((line) => line.startsWith('|') && !/^\|\s*-/.test(line))
    .slice(1)
    .map((line) =>
      line
        .slice(1, -1)
        .split('|')
        .map((cell) => cell.trim()),
    );
}

/**
 * The field paths a table cell names, as code spans: `contact.hours`, and after it spans relative
 * to the first, so that `contact.hours` (`[].days`, `[].start`) names `contact.hours[].days` too.
 */
function codeSpans(cell: string): string[] {
  const spans = [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1] ?? '');
  const base = spans[0] ?? '';
  return spans.map((span) => (/^[.[]/.test(span) ? `${base}${span}` : span));
}

type Schema = z.core.$ZodType;
interface Def {
  readonly type: string;
  readonly shape?: Record<string, Schema>;
  readonly innerType?: Schema;
  readonly element?: Schema;
  readonly valueType?: Schema;
  readonly options?: readonly Schema[];
  readonly in?: Schema;
}
const defOf = (schema: Schema) => schema._zod.def as unknown as Def;

/** Placeholders for the keys of the policy's maps, as CASES.md writes them. */
const KEY_NAMES: Readonly<Record<string, string>> = {
  jurisdictions: '<jurisdiction>',
  flags: '<flag>',
  channels: '<channel>',
};

/** A schema without its `optional`, `default` and `nullable` wrappers. */
function unwrapped(schema: Schema): Schema {
  const def = defOf(schema);
  return ['optional', 'default', 'nullable'].includes(def.type) && def.innerType
    ? unwrapped(def.innerType)
    : schema;
}

/**
 * Every field path of the policy document as YAML writes it:
 * `jurisdictions.<jurisdiction>.contact.hours`, `…caps[].limit`. The channels' rules have
 * `contact`'s shape (checked): they are named once, as `channels.<channel>.<purpose>`.
 */
function schemaPaths(): string[] {
  const paths: string[] = [];
  const jurisdiction = defOf(unwrapped(PolicyDocument)).shape?.['jurisdictions'];
  const contact = jurisdiction && defOf(unwrapped(jurisdiction)).valueType;
  const contactRule = contact && defOf(unwrapped(contact)).shape?.['contact'];
  if (!contactRule)
    throw new Error('the policy schema has no jurisdictions.<jurisdiction>.contact');
  const walk = (schema: Schema, path: string, key: string): void => {
    const def = defOf(schema);
    switch (def.type) {
      case 'optional':
      case 'default':
      case 'nullable':
        if (def.innerType) walk(def.innerType, path, key);
        return;
      case 'pipe':
        if (def.in) walk(def.in, path, key);
        return;
      case 'array':
        if (def.element) walk(def.element, `${path}[]`, key);
        return;
      case 'record':
        if (def.valueType) walk(def.valueType, `${path}.${KEY_NAMES[key] ?? '<key>'}`, key);
        return;
      case 'union':
        for (const option of def.options ?? []) walk(option, path, key);
        return;
      case 'object': {
        const shape = def.shape ?? {};
        if (key === 'channels' || key === '<channel>') {
          // Four channels, each with two purposes, all of one shape: named once.
          const next = key === 'channels' ? '<channel>' : '<purpose>';
          for (const field of Object.values(shape)) {
            if (next === '<purpose>' && unwrapped(field) === unwrapped(contactRule)) {
              paths.push(`${path}.${next}`);
            } else {
              walk(field, `${path}.${next}`, next);
            }
          }
          return;
        }
        for (const [name, field] of Object.entries(shape)) {
          const child = path === '' ? name : `${path}.${name}`;
          paths.push(child);
          walk(field, child, name);
        }
        return;
      }
      default:
        return;
    }
  };
  walk(PolicyDocument, '', '');
  return [...new Set(paths)];
}

const JURISDICTION = 'jurisdictions.<jurisdiction>.';

const policyYaml = readFileSync(POLICY_FIELDS_POLICY, 'utf8');

/** The example policy with each line containing `line` (exactly one) replaced by `becomes`. */
function changed(yaml: string, edits: PolicyFieldCase['otherwise']): string {
  expect(edits.length).toBeGreaterThan(0);
  let lines = yaml.split('\n');
  for (const [line, becomes] of edits) {
    expect(
      lines.filter((l) => l.includes(line)),
      line,
    ).toHaveLength(1);
    lines = lines.map((l) => (l.includes(line) ? `${/^\s*/.exec(l)?.[0] ?? ''}${becomes}` : l));
  }
  return lines.join('\n');
}

/** The fields of a decision a case's expectation names. */
function decisionOf(rules: ReturnType<typeof loadPlanningRules>, c: PolicyFieldCase) {
  const result: PlanCaseResult = planCase(rules, PlanCase.parse(planCaseOf(c)));
  const got: ExpectedDecision = {
    decision: result.decision,
    allowedNow: result.allowedNow,
    earliestAllowedAt: result.earliestAllowedAt,
    ...(result.channel !== undefined ? { channel: result.channel } : {}),
    ...(result.templateId !== undefined ? { templateId: result.templateId } : {}),
    reasons: result.reasons,
    ...(result.blockingCaps ? { blockingCaps: result.blockingCaps } : {}),
    ...(result.closedAt ? { closedAt: result.closedAt } : {}),
  };
  return got;
}

describe('the policy fields example (CASES.md)', () => {
  const rules = loadPlanningRules({ policyFile: POLICY_FIELDS_POLICY });

  it.each(policyFieldCases.map((c) => [c.caseId, c] as const))('%s', (_id, c) => {
    expect(decisionOf(rules, c)).toEqual(c.expect);
  });

  it.each(policyFieldCases.map((c) => [c.caseId, c] as const))(
    '%s decides otherwise when its field is changed',
    (_id, c) => {
      const policyFile = join(mkdtempSync(join(tmpdir(), 'policy-fields-')), 'policy.yaml');
      writeFileSync(policyFile, changed(policyYaml, c.otherwise));
      const changedRules = loadPlanningRules({ policyFile });
      expect(decisionOf(changedRules, c)).not.toEqual(c.expect);
    },
  );

  it('has one case name per case', () => {
    const ids = policyFieldCases.map((c) => c.caseId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('commits the NDJSON the generator writes', () => {
    // If this fails: node --conditions=@kindly/source --import tsx services/planner/src/cli/policy-field-cases.ts
    expect(readFileSync(POLICY_FIELDS_CASES, 'utf8')).toBe(policyFieldCasesNdjson());
  });

  it('names every field of the policy schema in CASES.md’s field table', () => {
    const named = new Set(fieldTable().flatMap((row) => codeSpans(row[0] ?? '')));
    const all = schemaPaths();
    // The fields themselves; a group (`holidays`, `caps`) is named by its fields.
    const leaves = all
      .filter((p) => !all.some((q) => q.startsWith(`${p}.`) || q.startsWith(`${p}[]`)))
      .map((p) => (p.startsWith(JURISDICTION) ? p.slice(JURISDICTION.length) : p));
    expect(leaves).toEqual(expect.arrayContaining(['contact.searchHorizonDays', 'caps[].limit']));
    expect(leaves.filter((path) => !named.has(path))).toEqual([]);
  });

  it('gives each field of a case a row, and each row’s example case exists', () => {
    const rows = fieldTable();
    const named = new Set(rows.flatMap((row) => codeSpans(row[0] ?? '')));
    const ids = new Set(policyFieldCases.map((c) => c.caseId));
    for (const c of policyFieldCases) {
      for (const field of c.fields) expect(named, c.caseId).toContain(field);
    }
    const examples = rows.flatMap((row) => codeSpans(row[2] ?? ''));
    expect(examples.length).toBeGreaterThan(20);
    expect(examples.filter((id) => !ids.has(id))).toEqual([]);
    // Every case is shown in the table.
    expect([...ids].filter((id) => !examples.includes(id))).toEqual([]);
  });
});

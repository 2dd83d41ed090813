/**
 * Inheritance: a jurisdiction is its parent's policy with its own settings on top.
 *
 * - A jurisdiction without `extends` extends `default`; `default` extends nothing.
 * - `contact` and each `channels.<channel>.<purpose>` merge field by field: a field the child
 *   sets replaces the parent's, except `noContactDates` and `source`, which add up (a state's
 *   extra no-contact date must not drop the federal ones).
 * - `caps` merge by `id`: a child's cap replaces the parent's cap of the same id, others add up.
 *   So a state adds its caps to the federal ones, and can tighten (not drop) an inherited one.
 * - `flags` and `arrangements` merge by key; `holidays` and `workAddresses` are replaced whole.
 * - `legalTime` is a country's own and is not inherited.
 *
 * Within a jurisdiction, `channels.<channel>.<purpose>` beats `contact` (after the merge).
 */
import { OutreachChannel, Purpose } from '@kindly/contracts';
import type { DayOfWeek, IssueSummary } from '@kindly/contracts';
import { checkLegalTime } from './legal-time.js';
import { SuppressingFlag } from './policy-schema.js';
import type {
  CapInput,
  ContactRuleInput,
  DayName,
  JurisdictionInput,
  PolicyDocument,
} from './policy-schema.js';
import type {
  ContactRule,
  FrequencyCap,
  JurisdictionPolicy,
  LocalHours,
  Policy,
} from './policy-types.js';
import type { OfficialHolidays } from '../windows/official-holidays.js';
import { createRuleCaches } from '../rule-caches.js';

const ISO_DAY: Readonly<Record<DayName, DayOfWeek>> = {
  mon: 1,
  tue: 2,
  wed: 3,
  thu: 4,
  fri: 5,
  sat: 6,
  sun: 7,
};

function union(a: readonly string[] = [], b: readonly string[] = []): string[] {
  return [...new Set([...a, ...b])];
}

/** Child fields over parent fields; dates and sources add up. */
function mergeRule(
  parent: ContactRuleInput | undefined,
  child: ContactRuleInput | undefined,
): ContactRuleInput | undefined {
  if (!parent) return child;
  if (!child) return parent;
  return {
    ...parent,
    ...child,
    noContactDates: union(parent.noContactDates, child.noContactDates),
    source: union(parent.source, child.source),
  };
}

function mergeCaps(parent: readonly CapInput[] = [], child: readonly CapInput[] = []): CapInput[] {
  const byId = new Map(parent.map((cap) => [cap.id, cap]));
  for (const cap of child) byId.set(cap.id, cap);
  return [...byId.values()];
}

function mergeJurisdiction(parent: JurisdictionInput, child: JurisdictionInput): JurisdictionInput {
  const channels: NonNullable<JurisdictionInput['channels']> = {};
  for (const channel of OutreachChannel.options) {
    const p = parent.channels?.[channel];
    const c = child.channels?.[channel];
    const servicing = mergeRule(p?.servicing, c?.servicing);
    const marketing = mergeRule(p?.marketing, c?.marketing);
    channels[channel] = {
      ...(servicing && { servicing }),
      ...(marketing && { marketing }),
    };
  }
  const contact = mergeRule(parent.contact, child.contact);
  const holidays = child.holidays ?? parent.holidays;
  const workAddresses = child.workAddresses ?? parent.workAddresses;
  return {
    ...(holidays && { holidays }),
    ...(contact && { contact }),
    channels,
    caps: mergeCaps(parent.caps, child.caps),
    flags: { ...parent.flags, ...child.flags },
    arrangements: { ...parent.arrangements, ...child.arrangements },
    ...(workAddresses && { workAddresses }),
  };
}

/** The chain from `key` up to `default`, or an issue on a missing parent or a cycle. */
function lineageOf(
  key: string,
  inputs: ReadonlyMap<string, JurisdictionInput>,
  issues: IssueSummary[],
): string[] | undefined {
  const chain: string[] = [];
  let current: string | undefined = key;
  while (current !== undefined) {
    if (chain.includes(current)) {
      issues.push(issue(key, 'extends', `inheritance cycle: ${[...chain, current].join(' → ')}`));
      return undefined;
    }
    const input = inputs.get(current);
    if (!input) {
      const child = chain.at(-1) ?? key;
      issues.push(issue(child, 'extends', `extends "${current}", which is not defined`));
      return undefined;
    }
    chain.push(current);
    if (current === 'default' && input.extends !== undefined) {
      issues.push(issue('default', 'extends', '`default` is the root and extends nothing'));
      return undefined;
    }
    current = current === 'default' ? undefined : (input.extends ?? 'default');
  }
  return chain;
}

function issue(jurisdiction: string, path: string, message: string): IssueSummary {
  return { path: `jurisdictions.${jurisdiction}.${path}`, code: 'custom', message };
}

function toHours(hours: ContactRuleInput['hours'] & object): LocalHours[] {
  return hours.map((h) => ({ days: h.days.map((d) => ISO_DAY[d]), start: h.start, end: h.end }));
}

function completeRule(
  layer: ContactRuleInput | undefined,
  where: { key: string; path: string; lineage: string },
  issues: IssueSummary[],
): ContactRule | undefined {
  const required = [
    'hours',
    'excludeHolidays',
    'excludeSundays',
    'searchHorizonDays',
    'minimumMinutesLeft',
    'consent',
    'source',
  ] as const;
  const missing = required
    .filter((field) => layer?.[field] === undefined)
    .map((field) =>
      issue(
        where.key,
        `${where.path}.${field}`,
        `missing after inheritance (${where.lineage}); set it in \`contact\` or on the channel`,
      ),
    );
  issues.push(...missing);
  if (!layer?.hours || !layer.consent || !layer.source) return undefined;
  if (layer.excludeHolidays === undefined || layer.excludeSundays === undefined) return undefined;
  if (layer.searchHorizonDays === undefined || layer.minimumMinutesLeft === undefined) {
    return undefined;
  }
  return {
    hours: toHours(layer.hours),
    excludeHolidays: layer.excludeHolidays,
    excludeSundays: layer.excludeSundays,
    noContactDates: layer.noContactDates ?? [],
    searchHorizonDays: layer.searchHorizonDays,
    minimumMinutesLeft: layer.minimumMinutesLeft,
    consent: layer.consent,
    source: layer.source,
  };
}

/** Drops the optional fields zod leaves as `undefined`, which the exact types refuse. */
function toCap(cap: CapInput): FrequencyCap {
  const { cite, ...rest } = cap;
  const withCite = cite === undefined ? rest : { ...rest, cite };
  if (withCite.kind === 'quiet-after') return withCite;
  const { addressTypes, ...rolling } = withCite;
  return addressTypes === undefined ? rolling : { ...rolling, addressTypes };
}

function complete(
  key: string,
  lineage: readonly string[],
  merged: JurisdictionInput,
  issues: IssueSummary[],
): JurisdictionPolicy | undefined {
  const before = issues.length;
  const chain = lineage.join(' → ');
  const rules: Partial<Record<OutreachChannel, Partial<Record<Purpose, ContactRule>>>> = {};
  for (const channel of OutreachChannel.options) {
    const perPurpose: Partial<Record<Purpose, ContactRule>> = {};
    for (const purpose of Purpose.options) {
      const layer = mergeRule(merged.contact, merged.channels?.[channel]?.[purpose]);
      const where = { key, path: `channels.${channel}.${purpose}`, lineage: chain };
      const rule = completeRule(layer, where, issues);
      // An invariant, not a setting: every regime in compliance.md needs consent for
      // marketing on some channel, and a policy that forgot one must not load.
      if (rule && purpose === 'marketing' && !rule.consent.required) {
        issues.push(issue(key, `${where.path}.consent.required`, 'marketing requires consent'));
      }
      if (rule) perPurpose[purpose] = rule;
    }
    rules[channel] = perPurpose;
  }
  for (const flag of SuppressingFlag.options) {
    if (!merged.flags?.[flag]) issues.push(issue(key, `flags.${flag}`, `missing (${chain})`));
  }
  const { promiseToPay, instalmentPlan } = merged.arrangements ?? {};
  if (!promiseToPay) issues.push(issue(key, 'arrangements.promiseToPay', `missing (${chain})`));
  if (!instalmentPlan) issues.push(issue(key, 'arrangements.instalmentPlan', `missing (${chain})`));
  if (!merged.workAddresses) issues.push(issue(key, 'workAddresses', `missing (${chain})`));
  if (issues.length > before || !promiseToPay || !instalmentPlan || !merged.workAddresses) {
    return undefined;
  }
  return buildJurisdiction(key, lineage, merged, rules, { promiseToPay, instalmentPlan });
}

function buildJurisdiction(
  key: string,
  lineage: readonly string[],
  merged: JurisdictionInput,
  partialRules: Partial<Record<OutreachChannel, Partial<Record<Purpose, ContactRule>>>>,
  arrangements: JurisdictionPolicy['arrangements'],
): JurisdictionPolicy | undefined {
  const rulesFor = (channel: OutreachChannel) => {
    const servicing = partialRules[channel]?.servicing;
    const marketing = partialRules[channel]?.marketing;
    return servicing && marketing ? { servicing, marketing } : undefined;
  };
  const [sms, email, letter, agentCall] = OutreachChannel.options.map(rulesFor);
  const flags = merged.flags;
  const allFlags = flags && SuppressingFlag.options.every((flag) => flags[flag] !== undefined);
  if (!sms || !email || !letter || !agentCall || !allFlags || !merged.workAddresses) {
    return undefined;
  }
  const {
    dispute,
    bankruptcy,
    deceased,
    'cease-communication': cease,
    'attorney-represented': attorney,
    'legal-hold': legalHold,
  } = flags;
  if (!dispute || !bankruptcy || !deceased || !cease || !attorney || !legalHold) return undefined;
  return {
    id: key,
    lineage,
    ...(merged.holidays && { holidays: merged.holidays }),
    rules: { sms, email, letter, 'agent-call': agentCall },
    caps: (merged.caps ?? []).map(toCap),
    flags: {
      dispute,
      bankruptcy,
      deceased,
      'cease-communication': cease,
      'attorney-represented': attorney,
      'legal-hold': legalHold,
    },
    arrangements,
    workAddresses: merged.workAddresses,
  };
}

function duplicateCapIds(key: string, input: JurisdictionInput, issues: IssueSummary[]): void {
  const seen = new Set<string>();
  (input.caps ?? []).forEach((cap, index) => {
    if (seen.has(cap.id)) issues.push(issue(key, `caps[${index}].id`, `"${cap.id}" is used twice`));
    seen.add(cap.id);
  });
}

/**
 * Applies inheritance to a schema-valid document and checks that every jurisdiction ends up
 * complete.
 *
 * @param officialHolidays the official holiday schedules, kept with the policy for its calendars.
 * @returns the policy, or the issues (with paths) that keep it from being one.
 */
export function resolvePolicy(
  document: PolicyDocument,
  officialHolidays?: OfficialHolidays,
): { policy: Policy; issues?: never } | { issues: IssueSummary[]; policy?: never } {
  const issues: IssueSummary[] = [];
  const inputs = new Map(Object.entries(document.jurisdictions));
  const jurisdictions = new Map<string, JurisdictionPolicy>();
  for (const [key, input] of inputs) {
    duplicateCapIds(key, input, issues);
    const lineage = lineageOf(key, inputs, issues);
    if (!lineage) continue;
    const merged = [...lineage]
      .reverse()
      .map((id) => inputs.get(id) ?? {})
      .reduce(mergeJurisdiction, {});
    const resolved = complete(key, lineage, merged, issues);
    // A country's own setting: never inherited (see `LegalTime`).
    const legalTime = checkLegalTime(key, input, issues);
    if (resolved) jurisdictions.set(key, legalTime ? { ...resolved, legalTime } : resolved);
  }
  if (issues.length > 0) return { issues };
  const policy = {
    version: document.version,
    jurisdictions,
    caches: createRuleCaches(),
    ...(document.reassignedNumbers ? { reassignedNumbers: document.reassignedNumbers } : {}),
  };
  return { policy: officialHolidays ? { ...policy, officialHolidays } : policy };
}

/**
 * The policy file as the re-check reads it: the YAML parsed with `yaml` and its inheritance
 * resolved here with deliberately simple code (the file's header comment, re-stated), so that a
 * mistake in the planner's own loader cannot hide here too. Only the fields the re-check needs.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { defaultPolicyFile } from '@kindly/rules';

export type Purpose = 'servicing' | 'marketing';
export type DayName = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

export interface HoursRow {
  readonly days: readonly DayName[];
  readonly start: string;
  readonly end: string;
}

/** One layer of `contact` or `channels.<channel>.<purpose>`: every field optional. */
export interface RuleLayer {
  readonly hours?: readonly HoursRow[];
  readonly excludeHolidays?: boolean;
  readonly excludeSundays?: boolean;
  readonly noContactDates?: readonly string[];
  readonly consent?: { readonly required: boolean; readonly bases: readonly string[] };
}

export interface CapEntry {
  readonly id: string;
  readonly kind: 'rolling' | 'quiet-after';
  readonly channels: readonly string[];
  readonly purposes?: readonly Purpose[];
  readonly limit?: number;
  readonly window: { readonly length: number; readonly unit: 'days' | 'hours' };
  readonly counts?: readonly string[];
  readonly addressTypes?: readonly string[];
}

export interface HolidaySetting {
  readonly country: string;
  readonly region?: string;
  readonly types?: readonly string[];
  readonly schedule?: 'date-holidays' | 'official';
  readonly observances?: readonly string[];
}

export interface PauseRule {
  readonly suppresses?: readonly Purpose[];
  readonly pauses?: readonly Purpose[];
  readonly graceDays?: number;
  readonly allowTemplateKinds?: readonly string[];
}

export interface JurisdictionEntry {
  readonly extends?: string;
  readonly holidays?: HolidaySetting;
  readonly contact?: RuleLayer;
  readonly channels?: Readonly<Record<string, Partial<Record<Purpose, RuleLayer>>>>;
  readonly caps?: readonly CapEntry[];
  readonly flags?: Readonly<Record<string, PauseRule>>;
  readonly arrangements?: Readonly<Record<string, PauseRule>>;
  readonly workAddresses?: {
    readonly blockWhenDoNotContactAtWork: boolean;
    readonly workEmailRequiresConsent: boolean;
  };
}

export interface PolicyDocument {
  readonly version: number;
  readonly jurisdictions: Readonly<Record<string, JurisdictionEntry>>;
}

/** The policy in force at an instant: a version change over time is honoured by the caller. */
export type PolicyAt = (instantUtc: string) => PolicyDocument;

export function parsePolicyDocument(text: string): PolicyDocument {
  const doc = parse(text) as PolicyDocument;
  if (typeof doc.version !== 'number' || typeof doc.jurisdictions !== 'object') {
    throw new Error('policy file: expected `version` and `jurisdictions`');
  }
  return doc;
}

/** The shipped file, one version for all time. */
export function shippedPolicy(file: string = defaultPolicyFile): PolicyAt {
  const doc = parsePolicyDocument(readFileSync(file, 'utf8'));
  return () => doc;
}

/** What one jurisdiction's rules come to after inheritance. */
export interface ResolvedJurisdiction {
  /** The entry used (`US` for a US-NY customer), for the evidence. */
  readonly entry: string;
  readonly holidays?: HolidaySetting;
  readonly contact: RuleLayer;
  readonly channels: Readonly<Record<string, Partial<Record<Purpose, RuleLayer>>>>;
  readonly caps: readonly CapEntry[];
  readonly flags: Readonly<Record<string, PauseRule>>;
  readonly arrangements: Readonly<Record<string, PauseRule>>;
  readonly workAddresses?: JurisdictionEntry['workAddresses'];
}

function mergeLayer(parent: RuleLayer | undefined, child: RuleLayer | undefined): RuleLayer {
  const dates = [...(parent?.noContactDates ?? []), ...(child?.noContactDates ?? [])];
  return { ...parent, ...child, noContactDates: dates };
}

/** The entry a customer's jurisdiction reads: its own, else its country's, else `default`. */
export function entryNameFor(doc: PolicyDocument, jurisdiction: string): string {
  if (doc.jurisdictions[jurisdiction]) return jurisdiction;
  const country = jurisdiction.slice(0, 2);
  return doc.jurisdictions[country] ? country : 'default';
}

/** Parent first: `default`, …, the entry itself. */
function chainOf(doc: PolicyDocument, name: string): string[] {
  const chain: string[] = [];
  for (let at: string | undefined = name; at !== undefined;) {
    if (chain.includes(at)) throw new Error(`policy file: inheritance cycle at ${at}`);
    chain.unshift(at);
    at = at === 'default' ? undefined : (doc.jurisdictions[at]?.extends ?? 'default');
  }
  return chain;
}

export function resolveJurisdiction(
  doc: PolicyDocument,
  jurisdiction: string,
): ResolvedJurisdiction {
  const entry = entryNameFor(doc, jurisdiction);
  let contact: RuleLayer = {};
  const channels: Record<string, Partial<Record<Purpose, RuleLayer>>> = {};
  const caps = new Map<string, CapEntry>();
  let flags: Record<string, PauseRule> = {};
  let arrangements: Record<string, PauseRule> = {};
  let holidays: HolidaySetting | undefined;
  let workAddresses: JurisdictionEntry['workAddresses'];
  for (const name of chainOf(doc, entry)) {
    const layer = doc.jurisdictions[name];
    if (!layer) throw new Error(`policy file: no jurisdiction ${name}`);
    contact = mergeLayer(contact, layer.contact);
    for (const [channel, byPurpose] of Object.entries(layer.channels ?? {})) {
      const merged = { ...channels[channel] };
      for (const purpose of ['servicing', 'marketing'] as const) {
        if (byPurpose[purpose]) merged[purpose] = mergeLayer(merged[purpose], byPurpose[purpose]);
      }
      channels[channel] = merged;
    }
    for (const cap of layer.caps ?? []) caps.set(cap.id, cap);
    flags = { ...flags, ...layer.flags };
    arrangements = { ...arrangements, ...layer.arrangements };
    holidays = layer.holidays ?? holidays;
    workAddresses = layer.workAddresses ?? workAddresses;
  }
  return {
    entry,
    ...(holidays ? { holidays } : {}),
    contact,
    channels,
    caps: [...caps.values()],
    flags,
    arrangements,
    ...(workAddresses ? { workAddresses } : {}),
  };
}

/** The rule for one channel and purpose: the channel's fields over `contact`'s. */
export function ruleFor(
  rules: ResolvedJurisdiction,
  channel: string,
  purpose: Purpose,
): Required<RuleLayer> {
  const layer = mergeLayer(rules.contact, rules.channels[channel]?.[purpose]);
  return {
    hours: layer.hours ?? [],
    excludeHolidays: layer.excludeHolidays ?? true,
    excludeSundays: layer.excludeSundays ?? true,
    noContactDates: layer.noContactDates ?? [],
    consent: layer.consent ?? { required: true, bases: [] },
  };
}

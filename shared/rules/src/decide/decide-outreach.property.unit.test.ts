/**
 * Properties of the whole decision over generated accounts, contacts, consents, histories and
 * instants (2026–2027, with the America/New_York DST changes weighted in), against the shipped
 * policy and strategies. Every expectation is computed here, independently of the planner's
 * window, cap and eligibility code: local times with luxon, holidays with date-holidays and the
 * official schedule's files, caps by counting calendar days.
 */
import { readFileSync } from 'node:fs';
import Holidays from 'date-holidays';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { ContactChannel, OutreachChannel, Purpose } from '@kindly/contracts';
import { contactRule, jurisdictionPolicy, type ContactHistoryEntry } from '../policy/index.js';
import {
  defaultHolidayDir,
  defaultStrategyDir,
  loadPlanningRules,
} from '../load-planning-rules.js';
import { channelStepOf, createStrategyCatalog, loadStrategy } from '../strategy/index.js';
import { decideOutreach, type Decision, type PlanningRules } from './decide-outreach.js';
import {
  busyHistoryArb,
  dueDateOf,
  factsOf,
  localDate,
  paidAtOf,
  scenarioArb,
  SUPPRESSING_FLAGS,
  type Scenario,
  type TestJurisdiction,
} from './testing/arbitraries.js';

const rules = loadPlanningRules();
const { policy } = rules;

/**
 * The shipped repayment-offer campaign run as the only collections strategy, so that the
 * planner plans marketing messages (it never picks a campaign by itself).
 */
const campaignRules: PlanningRules = {
  ...rules,
  strategies: createStrategyCatalog([
    loadStrategy(
      readFileSync(`${defaultStrategyDir}/repayment-offer-campaign.yaml`, 'utf8')
        .replace('kind: campaign', 'kind: collections')
        .replace('  products: [credit-card, personal-loan]', '  default: true'),
      'repayment-offer-campaign-as-collections',
    ),
  ]),
};

const RUNS = { numRuns: 300 } as const;
/** A property's time limit: ~1–3 s locally at these run counts. */
const TIMEOUT = 20_000;
const DAY_MS = 86_400_000;
const MINUTES_PER_DAY = 24 * 60;

type Plan = Extract<Decision, { kind: 'plan' }>;

function decide(
  s: Scenario,
  options: { rules?: PlanningRules; now?: DateTime; history?: readonly ContactHistoryEntry[] } = {},
): Decision {
  return decideOutreach(options.rules ?? rules, factsOf(s, options.history), options.now ?? s.now);
}

function utc(iso: string): DateTime {
  return DateTime.fromISO(iso, { zone: 'utc' });
}

function minutesOf(hhmm: string): number {
  const [h = 0, m = 0] = hhmm.split(':').map(Number);
  return h * 60 + m;
}

/** Every zone the customer may be in: the plan's, the primary and the bank's candidates. */
function zonesOf(s: Scenario, plan: Plan): string[] {
  return [
    ...new Set([...plan.message.window.zones, s.contact.timeZone, ...s.contact.candidateTimeZones]),
  ];
}

// ---- holidays, straight from date-holidays, or the official files read here ----

const holidayCache = new Map<string, Set<string>>();

/**
 * Every day off that an official file (`holidays/cn/2026.yaml`) lists, read here with the yaml
 * parser and date arithmetic of its own, by the year of its file.
 */
function officialDaysOff(country: string, year: number): Set<string> | undefined {
  let text: string;
  try {
    text = readFileSync(`${defaultHolidayDir}/${country.toLowerCase()}/${year}.yaml`, 'utf8');
  } catch {
    return undefined;
  }
  const file = parse(text) as { holidays: { from: string; to: string }[] };
  const days = new Set<string>();
  for (const { from, to } of file.holidays) {
    for (let d = utc(from); d <= utc(to); d = d.plus({ days: 1 })) days.add(d.toISODate() ?? '');
  }
  return days;
}

/**
 * Local dates that are holidays in the jurisdiction's calendar: for an official schedule, its
 * days off (or, for a year without a file, date-holidays' public days but the part-population
 * ones: 03-08, 05-04, 06-01, 08-01); otherwise date-holidays' public days (first day of each).
 */
function isHoliday(jurisdiction: TestJurisdiction, date: string): boolean {
  const spec = jurisdictionPolicy(policy, jurisdiction).holidays;
  if (!spec) return false;
  const year = Number(date.slice(0, 4));
  const key = `${spec.country}|${spec.region ?? ''}|${year}`;
  let dates = holidayCache.get(key);
  if (!dates) {
    const official = spec.schedule === 'official' ? officialDaysOff(spec.country, year) : undefined;
    const calendar = spec.region
      ? new Holidays(spec.country, spec.region)
      : new Holidays(spec.country);
    const partPopulation = ['03-08', '05-04', '06-01', '08-01'];
    dates =
      official ??
      new Set(
        calendar
          .getHolidays(year)
          .filter((h) => h.type === 'public')
          .map((h) => h.date.slice(0, 10))
          .filter((d) => spec.schedule !== 'official' || !partPopulation.includes(d.slice(5))),
      );
    holidayCache.set(key, dates);
  }
  return dates.has(date);
}

/** Why `at` is not allowed for this channel and purpose in `zone`, or undefined when it is. */
function outsideRule(
  jurisdiction: TestJurisdiction,
  channel: OutreachChannel,
  purpose: Purpose,
  at: DateTime,
  zone: string,
): string | undefined {
  const rule = contactRule(policy, jurisdiction, channel, purpose);
  const local = at.setZone(zone);
  const minutes = local.hour * 60 + local.minute;
  const date = local.toISODate() ?? '';
  if (rule.excludeSundays && local.weekday === 7) return `Sunday ${date} in ${zone}`;
  if (rule.excludeHolidays && isHoliday(jurisdiction, date)) return `holiday ${date} in ${zone}`;
  if (rule.noContactDates.includes(date)) return `no-contact date ${date} in ${zone}`;
  const inHours = rule.hours.some(
    (h) =>
      h.days.includes(local.weekday) && minutes >= minutesOf(h.start) && minutes < minutesOf(h.end),
  );
  return inHours ? undefined : `${local.toISO()} outside hours in ${zone}`;
}

// ---- addresses and consents, as the contact record says ----

function contactChannel(channel: OutreachChannel): ContactChannel {
  return channel === 'agent-call' ? 'voice' : channel;
}

/** The address a channel goes to, and its type (the strategy README's rule, re-stated). */
function addressOf(
  s: Scenario,
  channel: OutreachChannel,
): { address: string; type: string } | undefined {
  const { phones, emails, postal } = s.contact;
  switch (channel) {
    case 'sms': {
      const mobiles = phones.filter((p) => p.type === 'mobile');
      const phone = mobiles.find((p) => p.primary) ?? mobiles[0];
      return phone && { address: phone.number, type: phone.type };
    }
    case 'agent-call': {
      const phone = phones.find((p) => p.primary) ?? phones[0];
      return phone && { address: phone.number, type: phone.type };
    }
    case 'email': {
      const email = emails.find((e) => e.type === 'personal') ?? emails[0];
      return email && { address: email.address, type: email.type };
    }
    case 'letter':
      return postal.length > 0 ? { address: 'postal', type: 'postal' } : undefined;
  }
}

/** The consent record in force at `now` for a channel, address and purpose (one per key). */
function consentInForce(s: Scenario, channel: OutreachChannel, address: string, purpose: Purpose) {
  return s.consents.find(
    (c) =>
      c.channel === contactChannel(channel) &&
      c.address.toLowerCase() === address.toLowerCase() &&
      c.purpose === purpose &&
      c.atInHours <= 0,
  );
}

// ---- frequency caps, counted here ----

interface CapSpec {
  readonly id: string;
  readonly channels: readonly OutreachChannel[];
  readonly purposes: readonly Purpose[];
  readonly counts: readonly string[];
  readonly limit: number;
  readonly days: number;
  /** Only contacts to these address types count (an entry without a type counts for all). */
  readonly addressTypes?: readonly string[];
}

const CALL_KINDS = ['attempt', 'conversation', 'delivered'];
/** Reg F 1006.14(b)(2)(i) and 940 CMR 7.04(1)(f), from the compliance notes, not the YAML. */
const LEGAL_CAPS: Partial<Record<TestJurisdiction, readonly CapSpec[]>> = {
  US: [regF()],
  'US-WA': [regF()],
  'US-MA': [
    regF(),
    // Two in seven days to a residence, cell or personal number; two in thirty to work.
    {
      id: 'ma-2-in-7',
      channels: ['agent-call', 'sms'],
      purposes: ['servicing', 'marketing'],
      counts: CALL_KINDS,
      limit: 2,
      days: 7,
      addressTypes: ['mobile', 'home', 'personal'],
    },
    {
      id: 'ma-2-in-30-at-work',
      channels: ['agent-call', 'sms'],
      purposes: ['servicing', 'marketing'],
      counts: CALL_KINDS,
      limit: 2,
      days: 30,
      addressTypes: ['work'],
    },
  ],
};

function regF(): CapSpec {
  return {
    id: 'reg-f-7-in-7',
    channels: ['agent-call'],
    purposes: ['servicing', 'marketing'],
    counts: CALL_KINDS,
    limit: 7,
    days: 7,
  };
}

/** The policy's own rolling caps too (the addressTypes of a capped send are unknown: all). */
function capsOf(jurisdiction: TestJurisdiction): CapSpec[] {
  const fromPolicy = jurisdictionPolicy(policy, jurisdiction).caps.flatMap((cap) =>
    cap.kind === 'rolling' && cap.window.unit === 'days'
      ? [
          {
            id: cap.id,
            channels: cap.channels,
            purposes: cap.purposes,
            counts: cap.counts,
            limit: cap.limit,
            days: cap.window.length,
            ...(cap.addressTypes ? { addressTypes: cap.addressTypes } : {}),
          },
        ]
      : [],
  );
  return [...(LEGAL_CAPS[jurisdiction] ?? []), ...fromPolicy];
}

function localDay(at: string, zone: string): number {
  const local = utc(at).setZone(zone);
  return Date.UTC(local.year, local.month - 1, local.day) / DAY_MS;
}

function countedBy(cap: CapSpec, entry: ContactHistoryEntry): boolean {
  return (
    entry.direction !== 'inbound' &&
    entry.countsTowardCaps !== false &&
    cap.channels.includes(entry.channel) &&
    (entry.purpose === undefined || cap.purposes.includes(entry.purpose)) &&
    cap.counts.includes(entry.kind) &&
    (cap.addressTypes === undefined ||
      entry.addressType === undefined ||
      cap.addressTypes.includes(entry.addressType))
  );
}

/** Caps broken by any window (of local days, in any zone) that holds one of the `added`. */
function capViolations(
  jurisdiction: TestJurisdiction,
  zones: readonly string[],
  history: readonly ContactHistoryEntry[],
  added: readonly ContactHistoryEntry[],
): string[] {
  const found: string[] = [];
  for (const cap of capsOf(jurisdiction)) {
    for (const zone of zones) {
      const days = history.filter((e) => countedBy(cap, e)).map((e) => localDay(e.at, zone));
      for (const send of added.filter((e) => countedBy(cap, e))) {
        const day = localDay(send.at, zone);
        for (let end = day; end < day + cap.days; end++) {
          const count = days.filter((d) => d > end - cap.days && d <= end).length;
          if (count > cap.limit)
            found.push(`${cap.id}: ${count} in window ending day ${end} (${zone})`);
        }
      }
    }
  }
  // Reg F's 7 days after a conversation (its date is day 1): no call, in any zone.
  for (const zone of zones) {
    const talks = history
      .filter((e) => e.channel === 'agent-call' && e.kind === 'conversation')
      .map((e) => localDay(e.at, zone));
    for (const call of added.filter((e) => e.channel === 'agent-call')) {
      const day = localDay(call.at, zone);
      if (talks.some((t) => day >= t && day < t + 7))
        found.push(`call on day ${day} inside a quiet period (${zone})`);
    }
  }
  return [...new Set(found)];
}

// ---- what must hold the planner back ----

/** Every reason, judged here, why nothing may be planned at all for this account. */
function accountSuppressions(s: Scenario, kind?: string): string[] {
  const reasons: string[] = [];
  const { account } = s;
  const rules = jurisdictionPolicy(policy, s.jurisdiction);
  // A notice (a strategy's `notices`) goes through a flag or a pause whose rule lists its kind.
  const allows = (allowed: readonly string[]) => kind !== undefined && allowed.includes(kind);
  for (const flag of account.set) {
    if (!(SUPPRESSING_FLAGS as readonly string[]).includes(flag)) continue;
    const rule = rules.flags[flag as keyof typeof rules.flags];
    if (!allows(rule.allowTemplateKinds)) reasons.push(`flag ${flag}`);
  }
  if (account.set.includes('cured')) reasons.push('flag cured');
  if (account.amountMinor === 0) reasons.push('nothing overdue');
  const paidAt = paidAtOf(s);
  // A curing payment from the due date on, where the customer is.
  const dueStart = DateTime.fromISO(dueDateOf(s), { zone: s.contact.timeZone }).startOf('day');
  if (account.payment?.cures && paidAt && paidAt >= dueStart && paidAt <= s.now) {
    reasons.push(`curing payment at ${paidAt.toISO()}`);
  }
  const a = account.arrangement;
  const arrangements = jurisdictionPolicy(policy, s.jurisdiction).arrangements;
  if (a?.kind === 'promise-to-pay' && a.status === 'made') {
    const grace = arrangements.promiseToPay.graceDays;
    const resumes = DateTime.fromISO(localDate(s, a.promisedInDays), { zone: s.contact.timeZone })
      .startOf('day')
      .plus({ days: grace + 1 });
    if (s.now < resumes && !allows(arrangements.promiseToPay.allowTemplateKinds)) {
      reasons.push(`promise pending until ${resumes.toISO()}`);
    }
  }
  if (a?.kind === 'instalment-plan' && (a.status === 'made' || a.status === 'kept')) {
    if (a.dueInDays.some((d) => d >= 0)) reasons.push('instalment plan running');
  }
  return reasons;
}

/** Why this plan's address may not be used, judged here. */
function addressSuppressions(s: Scenario, plan: Plan): string[] {
  const { channel, purpose } = plan.message;
  const address = addressOf(s, channel);
  if (!address) return [`no ${channel} address`];
  const reasons: string[] = [];
  const consent = consentInForce(s, channel, address.address, purpose);
  if (consent?.status === 'revoked')
    reasons.push(`${purpose} consent revoked for ${address.address}`);
  if (address.type === 'work' && s.contact.doNotContactAtWork) reasons.push('work address');
  return reasons;
}

describe('decideOutreach, over generated cases', () => {
  it(
    'plans a send only inside the allowed hours of every candidate zone, from now on',
    () => {
      fc.assert(
        fc.property(scenarioArb(), fc.constantFrom(rules, campaignRules), (s, ruleSet) => {
          const decision = decide(s, { rules: ruleSet });
          if (decision.kind !== 'plan') return;
          const { message } = decision;
          const start = utc(message.earliestSendAt);
          const end = utc(message.latestSendAt);
          expect(start >= s.now.startOf('second'), 'earliestSendAt ≥ now').toBe(true);
          expect(end > start, 'latestSendAt > earliestSendAt').toBe(true);
          expect(decision.sendableNow).toBe(start <= s.now);
          const zones = zonesOf(s, decision);
          expect(message.window.zones).toEqual(
            expect.arrayContaining([s.contact.timeZone, ...s.contact.candidateTimeZones]),
          );
          // The start, the last instant of the window and every half hour between.
          const instants = [start, end.minus({ milliseconds: 1 })];
          for (let t = start.plus({ minutes: 30 }); t < end; t = t.plus({ minutes: 30 }))
            instants.push(t);
          const problems = instants.flatMap((at) =>
            zones.flatMap(
              (zone) =>
                outsideRule(s.jurisdiction, message.channel, message.purpose, at, zone) ?? [],
            ),
          );
          expect(problems).toEqual([]);
        }),
        RUNS,
      );
    },
    TIMEOUT,
  );

  it(
    'never breaks a cap when each plan is sent and the planner asked again at that instant',
    () => {
      fc.assert(
        fc.property(
          scenarioArb({
            clean: true,
            // Stage 1 (SMS), stage 3 (agent calls) and the rest.
            daysPastDue: fc.oneof(
              fc.integer({ min: 1, max: 14 }),
              fc.integer({ min: 45, max: 74 }),
              fc.integer({ min: 15, max: 120 }),
            ),
            history: busyHistoryArb,
            tried: fc.constant([]),
          }),
          (s) => {
            const history: ContactHistoryEntry[] = [...s.history];
            const added: ContactHistoryEntry[] = [];
            const zones = new Set([s.contact.timeZone, ...s.contact.candidateTimeZones]);
            let now = s.now;
            for (let round = 0; round < 6; round++) {
              const decision = decide(s, { now, history });
              if (decision.kind !== 'plan') break;
              const { message } = decision;
              message.window.zones.forEach((zone) => zones.add(zone));
              // To the address the channel uses, with its type: a cap of other types ignores it.
              const type = addressOf(s, message.channel)?.type;
              const sent: ContactHistoryEntry = {
                channel: message.channel,
                at: message.earliestSendAt,
                kind: 'attempt',
                purpose: message.purpose,
                ...(type === 'mobile' || type === 'home' || type === 'work' || type === 'personal'
                  ? { addressType: type }
                  : {}),
              };
              history.push(sent);
              added.push(sent);
              now = utc(message.earliestSendAt);
            }
            expect(capViolations(s.jurisdiction, [...zones], history, added)).toEqual([]);
          },
        ),
        RUNS,
      );
    },
    TIMEOUT,
  );

  it(
    'plans no marketing without a granted marketing consent for that channel and address',
    () => {
      fc.assert(
        fc.property(
          scenarioArb({ product: 'credit-card', daysPastDue: fc.integer({ min: 30, max: 200 }) }),
          fc.constantFrom(rules, campaignRules),
          (s, ruleSet) => {
            const decision = decide(s, { rules: ruleSet });
            if (decision.kind !== 'plan' || decision.message.purpose !== 'marketing') return;
            const { channel } = decision.message;
            const address = addressOf(s, channel);
            expect(address, `a ${channel} address`).toBeDefined();
            if (!address) return;
            const consent = consentInForce(s, channel, address.address, 'marketing');
            expect(consent?.status).toBe('granted');
            const bases = contactRule(policy, s.jurisdiction, channel, 'marketing').consent.bases;
            expect(bases).toContain(consent?.basis);
          },
        ),
        RUNS,
      );
    },
    TIMEOUT,
  );

  it(
    'plans nothing for a suppressed, cured, paid or paused account, or an opted-out address',
    () => {
      fc.assert(
        fc.property(scenarioArb(), fc.constantFrom(rules, campaignRules), (s, ruleSet) => {
          const decision = decide(s, { rules: ruleSet });
          if (decision.kind !== 'plan') return;
          const kind = channelStepOf(ruleSet.strategies, decision.message)?.templateKind;
          expect([...accountSuppressions(s, kind), ...addressSuppressions(s, decision)]).toEqual(
            [],
          );
        }),
        { numRuns: 500 },
      );
    },
    TIMEOUT,
  );

  it(
    'decides the same twice, and names a message the same whenever it is asked',
    () => {
      fc.assert(
        fc.property(
          scenarioArb(),
          fc.integer({ min: 0, max: 3 * MINUTES_PER_DAY }),
          (s, laterMinutes) => {
            const first = decide(s);
            expect(decide(s)).toEqual(first);
            const later = decide(s, { now: s.now.plus({ minutes: laterMinutes }) });
            if (first.kind !== 'plan' || later.kind !== 'plan') return;
            if (
              first.message.stage !== later.message.stage ||
              first.message.channel !== later.message.channel
            )
              return;
            expect(later.message.messageId).toBe(first.message.messageId);
          },
        ),
        RUNS,
      );
    },
    TIMEOUT,
  );

  // Found by the property above (seed -94082802, 5000 runs): the planner used to start the cycle
  // at the due date's UTC midnight, so east of UTC a payment made on the morning of the due date,
  // local time, was taken for an older cycle and the cured customer was still reminded.
  it('plans nothing after a curing payment made on the due date, local time', () => {
    const s: Scenario = {
      jurisdiction: 'CN',
      // 08:00 on 2026-01-01 in Shanghai; due 2025-12-31, one day past due.
      now: utc('2026-01-01T00:00:00Z'),
      account: {
        product: 'credit-card',
        daysPastDue: 1,
        amountMinor: 1,
        set: [],
        cleared: [],
        // 2025-12-30T23:00Z is 07:00 on 2025-12-31 in Shanghai: the due date itself.
        payment: { hoursAfterDue: -1, cures: true },
      },
      contact: {
        timeZone: 'Asia/Shanghai',
        candidateTimeZones: [],
        phones: [],
        emails: [{ address: 'li.wei@example.com', type: 'personal' }],
        postal: [],
        preferredWindows: [],
        inconvenientWindows: [],
        appointmentsInMinutes: [],
        doNotContactAtWork: false,
      },
      consents: [],
      history: [],
      tried: [],
    };
    expect(paidAtOf(s)?.toISO()).toBe('2025-12-30T23:00:00.000Z');
    expect(decide(s).kind).not.toBe('plan');
  });
});

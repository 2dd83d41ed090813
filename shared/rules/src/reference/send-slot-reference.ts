/**
 * The slow twin of `findSendSlot`: the same question answered the plain way, minute by minute.
 * Written from the rules (issue 14, item 7), not from the fast code: it imports nothing from
 * `windows/` but `candidateZones`, and nothing of the caps or local-day code; it reads the
 * loaded policy's data and asks luxon and date-holidays directly. Two uses, both checks of the
 * fast code by something that does not share it: the property test that holds `findSendSlot` to
 * it on generated cases (`decide/send-slot.twin.property.unit.test.ts`), and checks after the
 * fact of what was sent (the demo's policy audit), where one instant is asked about at a time.
 *
 * Slow on purpose: every minute from `now` to the horizon is put on every candidate zone's wall
 * clock with `setZone`, and every cap is counted from the history at the minute it is asked
 * about. Only pure per-call facts are remembered (a zone's day status by its local date, a cap's
 * verdict by local day), so that one answer takes tens of milliseconds, not seconds.
 */
import Holidays from 'date-holidays';
import type { HolidaysTypes } from 'date-holidays';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { DateTime } from 'luxon';
import type { ContactUpdatedV1Payload, OutreachChannel, Purpose } from '@kindly/contracts';
import type { ContactHistoryEntry } from '../policy/contact-history.js';
import { legalTimeZones } from '../policy/legal-time.js';
import type {
  ContactRule,
  FrequencyCap,
  JurisdictionPolicy,
  LocalHours,
  Policy,
} from '../policy/policy-types.js';
import { candidateZones } from '../windows/candidate-zones.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export interface TwinRequest {
  readonly policy: Policy;
  readonly contact: ContactUpdatedV1Payload;
  readonly channel: OutreachChannel;
  readonly purpose: Purpose;
  readonly history: readonly ContactHistoryEntry[];
  /** On a whole minute: the twin scans whole minutes. */
  readonly now: DateTime;
  /** Zones beyond the candidate zones, judged by the contact's jurisdiction only. */
  readonly extraZones?: readonly string[];
  /** Overrides of the contact jurisdiction's `searchHorizonDays` and `minimumMinutesLeft`. */
  readonly horizonDays?: number;
  readonly minimumMinutes?: number;
}

export type TwinAnswer =
  | { readonly found: true; readonly start: string; readonly end: string }
  | { readonly found: false; readonly reason: 'NEVER_ALLOWED' | 'NO_WINDOW' | 'CAP_REACHED' };

/** The policy of a jurisdiction: its own entry, else its country's, else `default`. */
function policyOf(policy: Policy, jurisdiction: string): JurisdictionPolicy {
  const country = jurisdiction.split('-')[0] ?? jurisdiction;
  const found =
    policy.jurisdictions.get(jurisdiction) ??
    policy.jurisdictions.get(country) ??
    policy.jurisdictions.get('default');
  if (found === undefined) throw new RangeError('policy without default');
  return found;
}

/**
 * The jurisdiction a candidate zone's reason names: a US state or a country of an address, a
 * phone's country. `primary` and `bank-candidate` name none (the contact's own applies anyway).
 */
function jurisdictionOfReason(
  reason: string,
  contact: ContactUpdatedV1Payload,
): string | undefined {
  if (reason === 'primary' || reason === 'bank-candidate') return undefined;
  const address = /^address:(.+)$/.exec(reason);
  if (address) return address[1];
  const country = /^phone:\+\d+\/([A-Z]{2})$/.exec(reason);
  if (country) return country[1];
  const areaCode = /^phone:\+1-(\d{3})$/.exec(reason);
  if (areaCode) {
    // The reason keeps the area code only; the number itself says which NANP country it is.
    for (const phone of contact.phones) {
      const parsed = parsePhoneNumberFromString(phone.number);
      if (parsed?.countryCallingCode === '1' && parsed.nationalNumber.startsWith(areaCode[1]!)) {
        return parsed.country;
      }
    }
    return undefined;
  }
  throw new RangeError(`the twin does not know the zone reason ${reason}`);
}

/** Minutes of the day of `HH:MM` (`24:00` is 1440). */
function minutesOf(time: string): number {
  const [h = '0', m = '0'] = time.split(':');
  return Number(h) * 60 + Number(m);
}

function inHours(hours: readonly LocalHours[], weekday: number, minute: number): boolean {
  return hours.some(
    (h) =>
      h.days.some((day) => day === weekday) &&
      minutesOf(h.start) <= minute &&
      minute < minutesOf(h.end),
  );
}

/** China's days off for part of the population, which date-holidays writes as fixed rules. */
const PART_POPULATION = ['03-08', '05-04', '06-01', '08-01'];

/** Every local date a date-holidays calendar closes in `year` (a holiday closes each of its days). */
function dateHolidays(
  country: string,
  region: string | undefined,
  types: readonly HolidaysTypes.HolidayType[],
  year: number,
  withoutPartPopulation: boolean,
): Set<string> {
  const hd =
    region === undefined
      ? new Holidays(country, { types: [...types] })
      : new Holidays(country, region, { types: [...types] });
  const dates = new Set<string>();
  for (const h of [...hd.getHolidays(year - 1), ...hd.getHolidays(year)]) {
    if (withoutPartPopulation && PART_POPULATION.includes(h.rule.slice(0, 5))) continue;
    const days = Math.max(1, Math.round((h.end.getTime() - h.start.getTime()) / DAY));
    const first = DateTime.fromISO(h.date.slice(0, 10), { zone: 'utc' });
    for (let i = 0; i < days; i += 1) dates.add(first.plus({ days: i }).toISODate()!);
  }
  return dates;
}

type DayStatus = 'closed' | 'open' | 'make-up';

/** One (zone, jurisdiction) judge: the zone's wall clock under the jurisdiction's rule. */
class Judge {
  private readonly days = new Map<number, DayStatus>();
  private readonly holidayYears = new Map<number, Set<string>>();

  constructor(
    private readonly policy: Policy,
    readonly zone: string,
    readonly jurisdiction: string,
    readonly rule: ContactRule,
  ) {}

  allows(local: DateTime): boolean {
    const weekday = local.weekday;
    const minute = local.hour * 60 + local.minute;
    const status = this.status(local);
    if (status === 'closed') return false;
    if (status === 'open') return inHours(this.rule.hours, weekday, minute);
    // A make-up working day has the hours every Monday to Friday has.
    return [1, 2, 3, 4, 5].every((d) => inHours(this.rule.hours, d, minute));
  }

  private status(local: DateTime): DayStatus {
    // Keyed by the wall clock's date as a number: formatting it every minute is most of a scan.
    const key = local.year * 10_000 + local.month * 100 + local.day;
    let status = this.days.get(key);
    if (status === undefined) {
      status = this.statusOf(local.weekday, local.toISODate()!);
      this.days.set(key, status);
    }
    return status;
  }

  private statusOf(weekday: number, date: string): DayStatus {
    if (this.rule.noContactDates.includes(date)) return 'closed';
    const spec = policyOf(this.policy, this.jurisdiction).holidays;
    const country = spec?.country ?? this.jurisdiction.slice(0, 2);
    const official =
      spec?.schedule === 'official' ? this.policy.officialHolidays?.get(country) : undefined;
    if (this.rule.excludeHolidays && this.isHoliday(date)) return 'closed';
    if (spec?.schedule === 'official' && official?.workdays.has(date) === true) return 'make-up';
    if (this.rule.excludeSundays && weekday === 7) return 'closed';
    return 'open';
  }

  private isHoliday(date: string): boolean {
    const year = Number(date.slice(0, 4));
    let dates = this.holidayYears.get(year);
    if (dates === undefined) {
      dates = this.holidaysOf(year);
      this.holidayYears.set(year, dates);
    }
    return dates.has(date);
  }

  private holidaysOf(year: number): Set<string> {
    const spec = policyOf(this.policy, this.jurisdiction).holidays;
    const country = spec?.country ?? this.jurisdiction.slice(0, 2);
    const types = spec?.types ?? ['public'];
    if (spec?.schedule !== 'official')
      return dateHolidays(country, spec?.region, types, year, false);
    // The official schedule: its days off; a year it lacks falls back to date-holidays without
    // the part-population days and without the schedule's make-up days; observances close too.
    const official = this.policy.officialHolidays?.get(country);
    const dates = new Set([...(official?.holidays ?? [])].filter((d) => d.startsWith(`${year}-`)));
    if (official?.years.has(year) !== true) {
      for (const d of dateHolidays(country, spec.region, types, year, true)) {
        if (official?.workdays.has(d) !== true) dates.add(d);
      }
    }
    const monthDays = {
      'womens-day': '03-08',
      'youth-day': '05-04',
      'childrens-day': '06-01',
      'army-day': '08-01',
    };
    for (const o of spec.observances ?? []) dates.add(`${year}-${monthDays[o]}`);
    return dates;
  }
}

/**
 * The type of the address a send on this channel goes to: the primary mobile (else the first
 * mobile) for SMS, the primary phone (else the first) for a call, a personal e-mail before any
 * other; none for a letter or where the record has no such address.
 */
function sendAddressType(
  channel: OutreachChannel,
  contact: ContactUpdatedV1Payload,
): string | undefined {
  if (channel === 'sms') {
    const mobiles = contact.phones.filter((phone) => phone.type === 'mobile');
    return (mobiles.find((phone) => phone.primary) ?? mobiles[0])?.type;
  }
  if (channel === 'agent-call') {
    return (contact.phones.find((phone) => phone.primary) ?? contact.phones[0])?.type;
  }
  if (channel === 'email') {
    return (contact.emails.find((email) => email.type === 'personal') ?? contact.emails[0])?.type;
  }
  return undefined;
}

/** A cap binds a send of its channels and purposes; one with address types, only to those. */
function appliesTo(
  cap: FrequencyCap,
  channel: OutreachChannel,
  purpose: Purpose,
  addressType: string | undefined,
): boolean {
  if (!cap.channels.includes(channel) || !cap.purposes.includes(purpose)) return false;
  if (cap.kind === 'quiet-after' || cap.addressTypes === undefined) return true;
  return addressType === undefined || cap.addressTypes.some((type) => type === addressType);
}

/** Whether a history entry is one the cap counts (rolling) or one that starts its quiet period. */
function countedBy(cap: FrequencyCap, entry: ContactHistoryEntry): boolean {
  if (!cap.channels.includes(entry.channel)) return false;
  if (entry.purpose !== undefined && !cap.purposes.includes(entry.purpose)) return false;
  if (cap.kind === 'quiet-after') return cap.after.includes(entry.kind);
  if (entry.direction === 'inbound' || entry.countsTowardCaps === false) return false;
  if (!cap.counts.includes(entry.kind)) return false;
  // An entry without a type counts as every type.
  return !cap.addressTypes || !entry.addressType || cap.addressTypes.includes(entry.addressType);
}

/** The local date of an instant as a day number (1970-01-01 is 0): the wall clock's date. */
function localDay(ms: number, zone: string): number {
  const local = DateTime.fromMillis(ms, { zone });
  return Date.UTC(local.year, local.month - 1, local.day) / DAY;
}

/**
 * Whether a cap allows a send at position `p` of its timeline, given the positions of the
 * entries it counts: a window of length L ending at e covers (e − L, e]; a rolling cap needs
 * fewer than `limit` entries in every window that holds p; a quiet period covers [c, c + L).
 */
function capAllows(cap: FrequencyCap, positions: readonly number[], p: number, length: number) {
  if (cap.kind === 'quiet-after') return !positions.some((c) => c <= p && p < c + length);
  // The count of the window ending at e only changes where e meets an entry, so the windows
  // ending at p and at each entry up to p + L − 1 are every count there is.
  const ends = [p, ...positions.filter((e) => e > p && e < p + length)];
  return ends.every((e) => positions.filter((x) => x > e - length && x <= e).length < cap.limit);
}

/** The earliest allowed start from `now`, by scanning minutes (see the module comment). */
export function slowTwinSendSlot(request: TwinRequest): TwinAnswer {
  const { policy, contact, channel, purpose } = request;
  const now = request.now.toMillis();
  if (now % MINUTE !== 0) throw new RangeError('the twin scans whole minutes: now must be one');
  const own = policyOf(policy, contact.jurisdiction);
  const ownRule = own.rules[channel][purpose];

  // Every (zone, jurisdiction) pair: the contact's jurisdiction everywhere, and in each
  // candidate zone the jurisdiction of every hint that put it on the list.
  const found = candidateZones(contact, { legalTimeZones: legalTimeZones(policy) });
  const jurisdictionsByZone = new Map<string, Set<string>>();
  for (const { zone, reasons } of found.zones) {
    const set = new Set([contact.jurisdiction]);
    for (const reason of reasons) {
      const j = jurisdictionOfReason(reason, contact);
      if (j !== undefined) set.add(j);
    }
    jurisdictionsByZone.set(zone, set);
  }
  for (const zone of request.extraZones ?? []) {
    if (!jurisdictionsByZone.has(zone))
      jurisdictionsByZone.set(zone, new Set([contact.jurisdiction]));
  }
  const zones = [...jurisdictionsByZone.keys()];
  const judges = [...jurisdictionsByZone].flatMap(([zone, js]) =>
    [...js].map((j) => new Judge(policy, zone, j, policyOf(policy, j).rules[channel][purpose])),
  );
  const addressType = sendAddressType(channel, contact);
  const caps = own.caps.filter((cap) => appliesTo(cap, channel, purpose, addressType));
  if (judges.some((j) => j.rule.hours.length === 0))
    return { found: false, reason: 'NEVER_ALLOWED' };
  if (caps.some((cap) => cap.kind === 'rolling' && cap.limit === 0)) {
    return { found: false, reason: 'NEVER_ALLOWED' };
  }

  const horizonDays = request.horizonDays ?? ownRule.searchHorizonDays;
  const minimumMinutes = request.minimumMinutes ?? ownRule.minimumMinutesLeft;
  const end = now + horizonDays * DAY;
  const minutes = (end - now) / MINUTE;

  // Window-allowed, minute by minute: every judge on its zone's wall clock, then the customer's
  // own windows on the primary zone's.
  const primary = contact.timeZone;
  const preferred = contact.preferredWindows;
  const inconvenient = contact.inconvenientWindows ?? [];
  const allowed = new Uint8Array(minutes);
  for (let i = 0; i < minutes; i += 1) {
    const t = now + i * MINUTE;
    const wall = new Map<string, DateTime>();
    const local = (zone: string) => {
      let dt = wall.get(zone);
      if (dt === undefined) {
        // The instant on the zone's wall clock (what `setZone` gives, without a UTC copy first).
        dt = DateTime.fromMillis(t, { zone });
        wall.set(zone, dt);
      }
      return dt;
    };
    const byJudges = judges.every((judge) => judge.allows(local(judge.zone)));
    if (!byJudges) continue;
    const p = local(primary);
    const minute = p.hour * 60 + p.minute;
    if (preferred.length > 0 && !inHours(preferred, p.weekday, minute)) continue;
    if (inHours(inconvenient, p.weekday, minute)) continue;
    allowed[i] = 1;
  }
  // The end of the window each allowed minute is in (the first minute that is not), clipped at
  // the horizon.
  const windowEnd = new Float64Array(minutes);
  for (let i = minutes - 1; i >= 0; i -= 1) {
    if (allowed[i] === 0) continue;
    windowEnd[i] =
      i + 1 < minutes && allowed[i + 1] === 1 ? windowEnd[i + 1]! : now + (i + 1) * MINUTE;
  }

  // Caps, counted from the history at the minute asked about; a day cap's verdict is the same
  // all day, so it is kept by zone and local day.
  const entryMs = request.history.map((e) => DateTime.fromISO(e.at, { setZone: true }).toMillis());
  const dayVerdicts = new Map<string, boolean>();
  const capsAllow = (t: number) =>
    caps.every((cap) => {
      const counted = request.history.flatMap((entry, k) =>
        countedBy(cap, entry) ? [entryMs[k]!] : [],
      );
      if (cap.window.unit === 'hours') {
        return capAllows(cap, counted, t, cap.window.length * HOUR);
      }
      return zones.every((zone) => {
        const p = localDay(t, zone);
        const key = `${cap.id}|${zone}|${p}`;
        let verdict = dayVerdicts.get(key);
        if (verdict === undefined) {
          const days = counted.map((ms) => localDay(ms, zone));
          verdict = capAllows(cap, days, p, cap.window.length);
          dayVerdicts.set(key, verdict);
        }
        return verdict;
      });
    });

  let sawWindow = false;
  for (let i = 0; i < minutes; i += 1) {
    if (allowed[i] === 0) continue;
    const t = now + i * MINUTE;
    const windowClose = windowEnd[i]!;
    if (windowClose - t < minimumMinutes * MINUTE) continue;
    sawWindow = true;
    if (capsAllow(t)) return { found: true, start: iso(t), end: iso(windowClose) };
  }
  return { found: false, reason: sawWindow ? 'CAP_REACHED' : 'NO_WINDOW' };
}

function iso(ms: number): string {
  return DateTime.fromMillis(ms, { zone: 'utc' }).toISO()!;
}

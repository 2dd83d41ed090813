import ct from 'countries-and-timezones';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { IANAZone } from 'luxon';
import { AppError } from '@kindly/errors';
import { zonesOfNanpAreaCode } from './nanp-area-code-zones.js';
import { usRegionCode, zonesOfUsRegion } from './us-region-zones.js';

/**
 * What is known about where a customer is. The contract's `ContactUpdatedV1Payload` has these
 * fields (`timeZone`, `candidateTimeZones`, `phones`, `postalAddresses`) and passes as it is.
 */
export interface WhereaboutsHints {
  /** The bank's primary IANA zone for the customer. */
  readonly timeZone: string;
  /** Other zones the bank knows the customer may be in. */
  readonly candidateTimeZones?: readonly string[] | undefined;
  /** Phone numbers in E.164. */
  readonly phones?: readonly { readonly number: string }[] | undefined;
  /** Postal addresses: ISO 3166-1 alpha-2 country and, where there is one, the region. */
  readonly postalAddresses?:
    readonly { readonly country: string; readonly region?: string | undefined }[] | undefined;
}

/** A zone the customer may be in, with every reason it is on the list. */
export interface CandidateZone {
  readonly zone: string;
  /**
   * Why: `primary`, `bank-candidate`, `phone:+1-415` (NANP area code), `phone:+86/CN` (a
   * country), `address:US-CA` (a US state), `address:CN` (a country). Prefixes only: a reason
   * is logged and published, so it never holds a whole number.
   */
  readonly reasons: readonly string[];
  /**
   * The places whose rules the hints behind this zone put the customer under, as jurisdiction
   * codes: `US-CA` for a Californian address, `GB` for a UK number or address, `US` for a US
   * number (an area code names no state). Empty for the primary zone and the bank's
   * candidates: those are the customer's own jurisdiction's, which the caller knows.
   */
  readonly places: readonly string[];
}

/** A hint that yielded no zone; the caller decides (hold the message, or go on). */
export interface UnresolvedHint {
  /** `phone:+1-999`, `phone:+…`, `address:XX`, or a zone name for a zone unknown here. */
  readonly source: string;
  readonly reason: 'unparseable-phone' | 'unknown-country' | 'unknown-zone';
}

/** How zones are inferred beyond the tz database's lists (a policy's choices). */
export interface CandidateZoneOptions {
  /**
   * Country → the zone of its one legal time (`legalTimeZones(policy)`): a phone number or
   * postal address of such a country puts the customer in that zone alone, not in every zone
   * of the country. China keeps Beijing time everywhere, so a +86 number is Asia/Shanghai only.
   */
  readonly legalTimeZones?: ReadonlyMap<string, string> | undefined;
}

export interface CandidateZones {
  /** Primary first, then in the order found; each zone once. */
  readonly zones: readonly CandidateZone[];
  readonly unresolved: readonly UnresolvedHint[];
}

/**
 * Every IANA zone the customer might be in, with why.
 *
 * Policy: the primary zone is always included, and inferred zones are only ever added, never
 * used to replace or remove one. The allowed window is the intersection over all of them, so a
 * wrong guess can only narrow it: the error is towards not contacting, which Reg F's "convenient
 * in every location the consumer might be" asks for (compliance notes §1.2). Inference:
 * - a NANP (+1) number → the zones of its area code (`nanp-area-code-zones.ts`); an area code
 *   not in the table → every zone of the number's country;
 * - any other number → every zone of its country (countries-and-timezones): one for GB or IN,
 *   several for NZ (Auckland, Chatham), CN (Shanghai, Urumqi), RU…;
 * - a US address → the zones of its state (`us-region-zones.ts`), or every US zone when the
 *   state is missing or unknown; any other address → every zone of its country;
 * - except that a number or an address of a country in `options.legalTimeZones` gives that
 *   country's one legal-time zone instead (a number whose country is not known gives no such).
 *
 * @throws AppError `UNKNOWN_TIME_ZONE` when the primary zone is unknown: nothing can be planned.
 */
export function candidateZones(
  hints: WhereaboutsHints,
  options: CandidateZoneOptions = {},
): CandidateZones {
  // `IANAZone.create(…).isValid` is memoised per name; `isValidZone` builds a formatter each time.
  if (!IANAZone.create(hints.timeZone).isValid) {
    throw new AppError('UNKNOWN_TIME_ZONE', 'the primary time zone is unknown', {
      details: { zone: hints.timeZone.slice(0, 64) },
    });
  }
  const found = new Map<string, { reasons: string[]; places: string[] }>();
  const unresolved: UnresolvedHint[] = [];
  const add = (zones: readonly string[], reason: string, place?: string) => {
    for (const zone of zones) {
      if (!IANAZone.create(zone).isValid) {
        unresolved.push({ source: zone, reason: 'unknown-zone' });
        continue;
      }
      let entry = found.get(zone);
      if (entry === undefined) {
        entry = { reasons: [], places: [] };
        found.set(zone, entry);
      }
      if (!entry.reasons.includes(reason)) entry.reasons.push(reason);
      if (place !== undefined && !entry.places.includes(place)) entry.places.push(place);
    }
  };

  add([hints.timeZone], 'primary');
  add(hints.candidateTimeZones ?? [], 'bank-candidate');
  const legalTime = options.legalTimeZones;
  const zonesOf = (found: Zoned) => {
    const legalZone = found.country === undefined ? undefined : legalTime?.get(found.country);
    return legalZone === undefined ? found.zones : [legalZone];
  };
  for (const phone of hints.phones ?? []) {
    const hint = zonesOfPhone(phone.number);
    if ('zones' in hint) add(zonesOf(hint), hint.reason, hint.place);
    else unresolved.push({ ...hint }); // a copy: the memoised answer stays untouched
  }
  for (const address of hints.postalAddresses ?? []) {
    const hint = zonesOfAddress(address.country, address.region);
    if ('zones' in hint) add(zonesOf(hint), hint.reason, hint.place);
    else unresolved.push(hint);
  }
  return {
    zones: [...found].map(([zone, { reasons, places }]) => ({ zone, reasons, places })),
    unresolved,
  };
}

/** Zones inferred from a hint, with the hint's country where it is known. */
interface Zoned {
  readonly zones: readonly string[];
  readonly reason: string;
  readonly country?: string | undefined;
  /** The jurisdiction the hint names: the country, or `US-<state>` for a US address. */
  readonly place?: string | undefined;
}

type Found = Zoned | UnresolvedHint;

function zonesOfCountry(country: string): readonly string[] | undefined {
  const zones = ct.getCountry(country)?.timezones;
  return zones !== undefined && zones.length > 0 ? zones : undefined;
}

/*
 * What a number says about zones depends on the number alone (and on libphonenumber-js's
 * metadata, fixed for the process), and parsing one costs microseconds: memoised by the number,
 * cleared when full so it stays small. The answers are never mutated.
 */
const PHONE_CACHE_SIZE = 4_096;
const phoneZones = new Map<string, Found>();

function zonesOfPhone(number: string): Found {
  const cached = phoneZones.get(number);
  if (cached !== undefined) return cached;
  const found = parsePhoneZones(number);
  if (phoneZones.size >= PHONE_CACHE_SIZE) phoneZones.clear();
  phoneZones.set(number, found);
  return found;
}

function parsePhoneZones(number: string): Found {
  const parsed = parsePhoneNumberFromString(number);
  if (parsed === undefined) return { source: 'phone:+…', reason: 'unparseable-phone' };
  const callingCode = parsed.countryCallingCode;
  if (callingCode === '1') {
    const areaCode = parsed.nationalNumber.slice(0, 3);
    const zones = zonesOfNanpAreaCode(areaCode);
    if (zones !== undefined) {
      return {
        zones,
        reason: `phone:+1-${areaCode}`,
        country: parsed.country,
        place: parsed.country,
      };
    }
  }
  // An invalid number has no `country`; a calling code used by one country still names it.
  const possible = parsed.getPossibleCountries();
  const country = parsed.country ?? (possible.length === 1 ? possible[0] : undefined);
  const zones = country === undefined ? undefined : zonesOfCountry(country);
  if (country === undefined || zones === undefined) {
    const source =
      callingCode === '1'
        ? `phone:+1-${parsed.nationalNumber.slice(0, 3)}`
        : `phone:+${callingCode}`;
    return { source, reason: 'unknown-country' };
  }
  return { zones, reason: `phone:+${callingCode}/${country}`, country, place: country };
}

function zonesOfAddress(country: string, region: string | undefined): Found {
  if (country === 'US' && region !== undefined) {
    const code = usRegionCode(region);
    const zones = code === undefined ? undefined : zonesOfUsRegion(code);
    if (code !== undefined && zones !== undefined) {
      return { zones, reason: `address:US-${code}`, country, place: `US-${code}` };
    }
  }
  const zones = zonesOfCountry(country);
  if (zones === undefined)
    return { source: `address:${country.slice(0, 8)}`, reason: 'unknown-country' };
  return { zones, reason: `address:${country}`, country, place: country };
}

import type { ContactUpdatedV1Payload } from '@kindly/contracts';
import { jurisdictionPolicy, legalTimeZones, type Policy } from '../policy/index.js';
import { candidateZones } from '../windows/index.js';

/** A zone the customer may be in, and every jurisdiction whose windows must allow a send there. */
export interface ZonePlace {
  readonly zone: string;
  /**
   * Jurisdiction codes (`US-MA`, `US`, `GB`, `FR`), the customer's own first: the law that
   * governs the account follows the customer wherever they are, and the place's own law applies
   * where it is. Each is read through the policy's fallback (`US-NY` → `US`, `FR` → `default`,
   * with FR's holidays); two codes that come to the same entry and calendar are listed once.
   */
  readonly jurisdictions: readonly string[];
}

/**
 * Where the customer may be, and under whose rules: every candidate zone (the primary zone, the
 * bank's candidates, their numbers' and addresses' zones), each judged by the customer's own
 * jurisdiction and by the jurisdiction of every hint that put it on the list (a UK address puts
 * Europe/London under GB's hours and bank holidays; a Massachusetts address puts New York time
 * under US-MA's). A send is allowed only where every pair allows it: Reg F comment
 * 6(b)(1)(i)-2, convenient in all the locations. `extraZones` (the zones a plan was made for)
 * are judged by the customer's own jurisdiction.
 */
export function placesOf(
  policy: Policy,
  contact: ContactUpdatedV1Payload,
  extraZones: readonly string[] = [],
): readonly ZonePlace[] {
  const places = inferredPlaces(policy, contact);
  const extra = extraZones.filter((zone) => !places.some((place) => place.zone === zone));
  if (extra.length === 0) return places;
  const own = [contact.jurisdiction];
  return [...places, ...[...new Set(extra)].map((zone) => ({ zone, jurisdictions: own }))];
}

/*
 * The places of a contact record, kept by the policy (`RuleCaches.places`): a record is an
 * immutable event payload, and inferring zones parses every phone number. An unknown primary
 * zone throws and is never kept.
 */
function inferredPlaces(policy: Policy, contact: ContactUpdatedV1Payload): readonly ZonePlace[] {
  const byContact = policy.caches.places;
  const cached = byContact.get(contact);
  if (cached !== undefined) return cached;
  const zones = candidateZones(contact, { legalTimeZones: legalTimeZones(policy) }).zones;
  const places = zones.map(({ zone, places: hinted }) => ({
    zone,
    jurisdictions: distinctRules(policy, [contact.jurisdiction, ...hinted]),
  }));
  byContact.set(contact, places);
  return places;
}

/** The codes that judge differently: one per policy entry and holiday calendar, first kept. */
function distinctRules(policy: Policy, codes: readonly string[]): string[] {
  const seen = new Set<string>();
  return codes.filter((code) => {
    const entry = jurisdictionPolicy(policy, code);
    // As `contactRulesFor` reads it: the entry's calendar, else the code's own country's.
    const calendar = entry.holidays
      ? `${entry.holidays.country}-${entry.holidays.region ?? ''}`
      : code.slice(0, 2);
    const key = `${entry.id}|${calendar}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

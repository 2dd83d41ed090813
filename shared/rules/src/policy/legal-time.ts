/**
 * Countries with one legal time: checking the policy's setting at load, and the lookup the
 * candidate zones read (see `LegalTime` in `policy-schema.ts`).
 */
import ct from 'countries-and-timezones';
import type { IssueSummary } from '@kindly/contracts';
import type { JurisdictionInput, LegalTime } from './policy-schema.js';
import type { Policy } from './policy-types.js';

const COUNTRY = /^[A-Z]{2}$/;

/**
 * The entry's own `legalTime`, or issues: only a country's entry may set it (a phone number
 * names a country, not a state), and its zone must be one of that country's zones, so that a
 * typo cannot move a whole country's customers into another's hours.
 */
export function checkLegalTime(
  key: string,
  input: JurisdictionInput,
  issues: IssueSummary[],
): LegalTime | undefined {
  const legalTime = input.legalTime;
  if (legalTime === undefined) return undefined;
  const path = `jurisdictions.${key}.legalTime`;
  if (!COUNTRY.test(key)) {
    issues.push({
      path,
      code: 'custom',
      message: 'only a country’s own entry (CN, not default or US-MA) may set its legal time',
    });
    return undefined;
  }
  const zones: readonly string[] = ct.getCountry(key)?.timezones ?? [];
  if (!zones.includes(legalTime.zone)) {
    issues.push({
      path: `${path}.zone`,
      code: 'custom',
      message: `${legalTime.zone} is not a zone of ${key} (expected one of: ${zones.join(', ') || 'none known'})`,
    });
    return undefined;
  }
  return legalTime;
}

/**
 * Country (ISO 3166-1 alpha-2) → the zone of its one legal time, for every country whose entry
 * sets `legalTime`: what `candidateZones(hints, { legalTimeZones })` reads, so that the planner
 * and every later look at a message infer the same zones under the same policy.
 */
export function legalTimeZones(policy: Policy): ReadonlyMap<string, string> {
  // Built once per loaded policy and kept by it (`RuleCaches`).
  let zones = policy.caches.legalTime.zones;
  if (zones === undefined) {
    zones = new Map(
      [...policy.jurisdictions].flatMap(([key, jurisdiction]) =>
        jurisdiction.legalTime ? [[key, jurisdiction.legalTime.zone] as const] : [],
      ),
    );
    policy.caches.legalTime.zones = zones;
  }
  return zones;
}

import type { ContactUpdatedV1Payload } from '@kindly/contracts';
import type { ContactRule } from './policy/policy-types.js';
import type { ContactRules } from './windows/allowed-intervals.js';
import { WeekIntervalCache } from './windows/week-interval-cache.js';

/** A candidate zone and the jurisdictions that judge it (see `placesOf`). */
export interface CachedPlace {
  readonly zone: string;
  readonly jurisdictions: readonly string[];
}

/**
 * What a loaded policy keeps of the answers it has given, so that a decision reads its week of
 * windows instead of building it: owned by the policy (`Policy.caches`, made by `loadPolicy`),
 * never module globals, so another policy (a `kindly plan --policy` next to the live one, a
 * test's variant) never reads these, and a dropped policy takes them with it. Every entry is
 * keyed by an object the policy or a decision holds (a rule, a contact record), in WeakMaps, and
 * assumes what the types say: those objects are not changed after they are made.
 *
 * What is left at module level is memo tables of pure functions of plain values (a zone's
 * offsets in a month, a phone number's zones, an instant's ISO text, a message id), bounded and
 * the same whatever the policy.
 */
export interface RuleCaches {
  /** The windows' view of each rule, per place (its calendar, its closed days). */
  readonly contactRules: WeakMap<ContactRule, Map<string, ContactRules>>;
  /** Allowed instants a week at a time, per `ContactRules` or list of windows, and zone. */
  readonly weeks: WeekIntervalCache;
  /** A contact record's candidate zones and their jurisdictions under this policy. */
  readonly places: WeakMap<ContactUpdatedV1Payload, readonly CachedPlace[]>;
  /** A contact record's candidate zones, in order (what a plan's `window.zones` lists). */
  readonly zones: WeakMap<ContactUpdatedV1Payload, readonly string[]>;
  /** Country → its one legal time's zone (`legalTimeZones`), worked out on first use. */
  readonly legalTime: { zones?: ReadonlyMap<string, string> };
}

export function createRuleCaches(): RuleCaches {
  return {
    contactRules: new WeakMap(),
    weeks: new WeekIntervalCache(),
    places: new WeakMap(),
    zones: new WeakMap(),
    legalTime: {},
  };
}

/**
 * Finding the rules that bind one customer: the most specific jurisdiction the policy has.
 */
import type { OutreachChannel, Purpose } from '@kindly/contracts';
import type { ContactRule, FrequencyCap, JurisdictionPolicy, Policy } from './policy-types.js';

/**
 * The policy of `jurisdiction`, else of its country, else `default`: `US-MA` has its own,
 * `US-NY` falls back to `US`, `FR` to `default`.
 */
export function jurisdictionPolicy(policy: Policy, jurisdiction: string): JurisdictionPolicy {
  // The country is only worked out when the jurisdiction itself has no entry (a lookup per check).
  const found =
    policy.jurisdictions.get(jurisdiction) ??
    policy.jurisdictions.get(jurisdiction.split('-')[0] ?? jurisdiction) ??
    policy.jurisdictions.get('default');
  // loadPolicy refuses a document without `default`, so only a hand-built policy gets here.
  if (!found) throw new RangeError('policy has no `default` jurisdiction');
  return found;
}

/** The window, holiday and consent rule for one channel and purpose. */
export function contactRule(
  policy: Policy,
  jurisdiction: string,
  channel: OutreachChannel,
  purpose: Purpose,
): ContactRule {
  return jurisdictionPolicy(policy, jurisdiction).rules[channel][purpose];
}

/** Every cap of the jurisdiction; `checkFrequencyCaps` picks those that apply to a send. */
export function frequencyCaps(policy: Policy, jurisdiction: string): readonly FrequencyCap[] {
  return jurisdictionPolicy(policy, jurisdiction).caps;
}

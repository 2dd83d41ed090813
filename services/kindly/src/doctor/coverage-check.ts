import { error, ok, type Finding } from './finding.js';
import { messageOf } from './time-limit.js';

/** What the check asks of the renderer's sender directory (`loadSenderDirectory`). */
export interface Senders {
  /** Throws, in the renderer's words, for a tenant or a country that no profile covers. */
  senderOf(tenantId: string, jurisdiction: string): unknown;
  /** The countries of `jurisdictions` that a tenant of the file has no profile for. */
  uncovered(jurisdictions: readonly string[]): readonly { tenantId: string; country: string }[];
}

export interface CoverageInput {
  /** The sender directory's file, for the messages. */
  readonly file: string;
  readonly senders: Senders;
  /** The policy's jurisdictions (its keys; `default` is no place). */
  readonly policyJurisdictions: readonly string[];
  /** The policy's source, for the messages: `the policy file` or `the approved policy`. */
  readonly policySource: string;
  /** The jurisdictions of the customers on file, by tenant, when known. */
  readonly inUse?: ReadonlyMap<string, readonly string[]>;
}

const countryOf = (jurisdiction: string) => jurisdiction.split('-')[0] ?? jurisdiction;

/**
 * Whether every customer can be written to in their own country's name, phone and payment
 * details. A country of the policy that a tenant of the file has no profile for stops the renderer
 * at its start (as `startRenderer` checks); a tenant or a country of the customers on file without
 * a profile leaves their messages unrendered.
 */
export function checkSenderCoverage(input: CoverageInput): Finding[] {
  const { file, senders, policySource } = input;
  const jurisdictions = input.policyJurisdictions.filter((j) => j !== 'default');
  const findings: Finding[] = senders
    .uncovered(jurisdictions)
    .map(({ tenantId, country }) =>
      error(
        'senders',
        `tenant ${tenantId} has no sender profile for ${country}, which ${policySource} covers (${jurisdictions.filter((j) => countryOf(j) === country).join(', ')}): the renderer refuses to start`,
        `add a ${country} profile under senders.${tenantId}.jurisdictions in ${file}`,
      ),
    );
  for (const [tenantId, inUse] of input.inUse ?? []) {
    // The renderer's own words for each gap; one finding for the jurisdictions that share them.
    const gaps = new Map<string, string[]>();
    for (const jurisdiction of inUse) {
      try {
        senders.senderOf(tenantId, jurisdiction);
      } catch (thrown) {
        const message = messageOf(thrown);
        gaps.set(message, [...(gaps.get(message) ?? []), jurisdiction]);
      }
    }
    for (const [message, where] of gaps) {
      findings.push(
        error(
          'senders',
          `${message}: the messages to its customers in ${where.join(', ')} are not rendered`,
          `add the profile to ${file} (or, for a tenant the file does not name, set RENDERER_FALLBACK_SENDER)`,
        ),
      );
    }
  }
  if (findings.length === 0) {
    const countries = [...new Set(jurisdictions.map(countryOf))].sort().join(', ');
    const tenants = input.inUse?.size ?? 0;
    const onFile =
      tenants > 0
        ? `, and for every jurisdiction of the customers on file (${tenants} tenant${tenants === 1 ? '' : 's'})`
        : '';
    findings.push(
      ok(
        'senders',
        `${file} has a sender profile for every country of ${policySource} (${countries})${onFile}`,
      ),
    );
  }
  return findings;
}

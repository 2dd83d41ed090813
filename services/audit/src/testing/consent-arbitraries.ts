/**
 * The consents of a generated customer: records for any of their addresses and purposes, some
 * revoked, some dated after the start (they take effect during the run), and for most customers
 * the contract consent for texts about the account, or written consent to offers.
 */
import fc from 'fast-check';
import type { ConsentBasis } from '@kindly/contracts';
import type { PlannerCase } from './planner-case-arbitraries.js';

export interface ConsentCase {
  readonly channel: 'sms' | 'email' | 'letter';
  readonly address: string;
  readonly purpose: 'servicing' | 'marketing';
  readonly status: 'granted' | 'revoked';
  readonly basis: ConsentBasis;
  /** Hours before the start (negative: after it, coming into force during the run). */
  readonly hoursBefore: number;
}

function addressesOf(contact: PlannerCase['contact']) {
  return [
    ...contact.phones.map((p) => ({ channel: 'sms' as const, address: p.number })),
    ...contact.emails.map((e) => ({ channel: 'email' as const, address: e.address })),
    ...(contact.postalAddresses.length > 0
      ? [{ channel: 'letter' as const, address: 'postal' }]
      : []),
  ];
}

export function consentsArb(contact: PlannerCase['contact']): fc.Arbitrary<ConsentCase[]> {
  const keys = addressesOf(contact).flatMap((a) =>
    (['servicing', 'marketing'] as const).map((purpose) => ({ ...a, purpose })),
  );
  if (keys.length === 0) return fc.constant([]);
  const bases: readonly ConsentBasis[] = [
    'contract',
    'express-consent',
    'written-consent',
    'soft-opt-in',
  ];
  return fc
    .uniqueArray(
      fc.record({
        key: fc.constantFrom(...keys),
        status: fc.constantFrom('granted' as const, 'granted' as const, 'revoked' as const),
        basis: fc.constantFrom(...bases),
        hoursBefore: fc.oneof(
          { weight: 5, arbitrary: fc.integer({ min: 1, max: 2000 }) },
          fc.integer({ min: -96, max: -1 }),
        ),
      }),
      { maxLength: 8, selector: (c) => `${c.key.channel}|${c.key.address}|${c.key.purpose}` },
    )
    .map((records) => records.map(({ key, ...rest }) => ({ ...key, ...rest })))
    .chain((records) =>
      fc.oneof(
        fc.constant(records),
        fc.constant(withContract(contact, records)),
        fc.constant(withContract(contact, records)),
      ),
    );
}

/** Most customers gave their numbers for the account: texts about it need nothing more. */
function withContract(contact: PlannerCase['contact'], records: ConsentCase[]): ConsentCase[] {
  const given = contact.phones
    .filter((p) => !records.some((r) => r.address === p.number && r.purpose === 'servicing'))
    .map((p) => ({
      channel: 'sms' as const,
      address: p.number,
      purpose: 'servicing' as const,
      status: 'granted' as const,
      basis: 'contract' as const,
      hoursBefore: 24 * 30,
    }));
  return [...records, ...given];
}

/** Two times in three, written consent to offers at every address not already recorded. */
export function withMarketing(contact: PlannerCase['contact']) {
  return (records: ConsentCase[]): fc.Arbitrary<ConsentCase[]> => {
    const added = addressesOf(contact)
      .filter((a) => !records.some((r) => r.address === a.address && r.purpose === 'marketing'))
      .map((a) => ({
        ...a,
        purpose: 'marketing' as const,
        status: 'granted' as const,
        basis: 'written-consent' as const,
        hoursBefore: 24 * 10,
      }));
    return fc.oneof(
      fc.constant<ConsentCase[]>(records),
      fc.constant<ConsentCase[]>([...records, ...added]),
      fc.constant<ConsentCase[]>([...records, ...added]),
    );
  };
}

import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { consentInForce } from './contact-checks.js';
import type { ConsentRecord, ContactState } from './eligibility-types.js';

const at = '2026-01-04T13:00:00Z';
const record = (purpose: ConsentRecord['purpose'], status: ConsentRecord['status']) =>
  ({
    channel: 'email',
    address: 'jo@example.org',
    purpose,
    status,
    basis: 'contract',
    at,
  }) as const;
const contact = (consents: ConsentRecord[]): ContactState => ({
  timeZone: 'America/Denver',
  phones: [],
  emails: [{ address: 'jo@example.org', type: 'work' }],
  hasPostalAddress: false,
  consents,
  optOuts: [],
  doNotContactAtWork: false,
  unreachable: [],
});

describe('the consent in force for an address, whatever the purpose', () => {
  // Found by the planner-agreement property (seed -593084025): the planner took the first of two
  // records of one instant and the re-check the last, so they disagreed on a work e-mail.
  it('is the withdrawal when a grant and a withdrawal are of the same instant, in either order', () => {
    const now = DateTime.fromISO('2026-01-05T00:00:00Z', { zone: 'utc' });
    const granted = record('marketing', 'granted');
    const revoked = record('servicing', 'revoked');
    for (const consents of [
      [granted, revoked],
      [revoked, granted],
    ]) {
      const found = consentInForce(contact(consents), 'email', 'jo@example.org', undefined, now);
      expect(found?.status).toBe('revoked');
    }
  });
});

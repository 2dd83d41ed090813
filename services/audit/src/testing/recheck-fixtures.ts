/**
 * Customers whose histories the re-check's tests start from: clean (every send compliant) until
 * a test plants something.
 */
import { AuditHistory } from './audit-history.js';
import type { RecheckReport } from '../recheck/index.js';

export const NY_MOBILE = '+12125550100';
export const NY_EMAIL = 'jo@example.org';
export const NY_STREET = '1 Example Street';

/** A New York customer, overdue since 25 February 2026, who agreed to texts for the account. */
export function newYorkCustomer(
  contact: Parameters<AuditHistory['contact']>[1] = {},
  options: { readonly smsConsent?: boolean } = {},
): AuditHistory {
  const history = new AuditHistory()
    .contact('2026-01-01T00:00:00Z', {
      name: { family: 'Doe', given: 'Jo' },
      phones: [{ number: NY_MOBILE, type: 'mobile', primary: true }],
      emails: [{ address: NY_EMAIL, type: 'personal' }],
      postalAddresses: [{ lines: [NY_STREET], city: 'New York', region: 'NY', country: 'US' }],
      locale: 'en-US',
      timeZone: 'America/New_York',
      candidateTimeZones: [],
      jurisdiction: 'US',
      ...contact,
    })
    .overdue('2026-03-01T12:00:00Z', { dueDate: '2026-02-25', daysPastDue: 4 });
  if (options.smsConsent === false) return history;
  return history.consent('2026-01-01T00:00:00Z', {
    channel: 'sms',
    address: NY_MOBILE,
    basis: 'contract',
  });
}

/** The sample customer in Shanghai (CN), with a contract consent for texts. */
export function shanghaiCustomer(): AuditHistory {
  return new AuditHistory()
    .contact('2026-01-01T00:00:00Z')
    .consent('2026-01-01T00:00:00Z')
    .overdue('2026-02-01T02:00:00Z', { dueDate: '2026-01-28', daysPastDue: 4 });
}

/** The kinds found, in order: what most assertions compare. */
export function kindsOf(report: RecheckReport): string[] {
  return report.violations.map((v) => v.kind);
}

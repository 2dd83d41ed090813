import { describe, expect, it } from 'vitest';
import { sampleEvents, type ContactConsentV1Payload } from '@kindly/contracts';
import { loadPlanningRules } from '@kindly/rules';
import { auditSends, type AuditedSend } from './policy-audit.js';

const { policy } = loadPlanningRules();
const PHONE = '+12125550123';
// A New York customer (US policy: 08:00–21:00 local, no Sundays or holidays, 1 SMS a day).
const contact = {
  ...sampleEvents['contact.updated'].payload,
  accountId: 'a-1',
  phones: [{ number: PHONE, type: 'mobile' as const, primary: true }],
  postalAddresses: [],
  locale: 'en-US',
  timeZone: 'America/New_York',
  candidateTimeZones: [],
  jurisdiction: 'US',
  preferredWindows: [],
  appointments: [],
  doNotContactAtWork: false,
};
const contract = { basis: 'contract' };

function sms(
  messageId: string,
  sentAtUtc: string,
  consentBasis: AuditedSend['consentBasis'] = contract,
): AuditedSend {
  return {
    accountId: 'a-1',
    messageId,
    channel: 'sms',
    purpose: 'servicing',
    sentAtUtc,
    consentBasis,
  };
}

function audit(sends: AuditedSend[], revocations: ContactConsentV1Payload[] = []) {
  return auditSends(policy, sends, (id) => (id === 'a-1' ? { contact, revocations } : undefined));
}

describe('the policy check over audit records', () => {
  it('finds nothing in a send inside the window, under the caps, on a consent', () => {
    // Wednesday 2026-03-04 09:00 in New York.
    expect(audit([sms('m1', '2026-03-04T14:00:00Z')])).toEqual([]);
  });

  it('flags a send outside the allowed hours or on a Sunday', () => {
    const findings = audit([
      sms('late', '2026-03-05T03:00:00Z'), // 22:00 in New York
      sms('sunday', '2026-03-08T16:00:00Z'), // Sunday noon
    ]);
    expect(findings.filter((f) => f.rule === 'WINDOW').map((f) => f.messageId)).toEqual([
      'late',
      'sunday',
    ]);
  });

  it('flags the send that goes over a cap, counting the ones before it', () => {
    const findings = audit([
      sms('first', '2026-03-04T14:00:00Z'),
      sms('second', '2026-03-04T18:00:00Z'),
    ]);
    expect(findings).toEqual([expect.objectContaining({ rule: 'CAP', messageId: 'second' })]);
  });

  it('flags a send without the consent the policy requires, and one after a revocation', () => {
    const revoked: ContactConsentV1Payload = {
      accountId: 'a-1',
      channel: 'sms',
      address: PHONE,
      purpose: 'servicing',
      status: 'revoked',
      basis: 'customer-request',
      source: 'sms-reply',
      at: '2026-03-05T12:00:00Z',
    };
    const findings = audit(
      [
        { ...sms('marketing', '2026-03-04T14:00:00Z', null), purpose: 'marketing' },
        sms('after-stop', '2026-03-06T14:00:00Z'),
      ],
      [revoked],
    );
    expect(findings.map((f) => [f.rule, f.messageId])).toEqual([
      ['CONSENT', 'marketing'],
      ['AFTER_REVOCATION', 'after-stop'],
    ]);
  });
});

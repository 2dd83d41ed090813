import { describe, expect, it } from 'vitest';
import { breakerVerdict, noReach } from './reach.js';

const limits = { emailComplaintRate: 0.001, smsOptOutRate: 0.01 };

describe('the complaint breaker', () => {
  it('trips at 0.1 % spam complaints per delivered e-mail, not below', () => {
    expect(
      breakerVerdict({ ...noReach, emailsDelivered: 1_001, emailComplaints: 1 }, limits).trip,
    ).toBe(false);
    expect(
      breakerVerdict({ ...noReach, emailsDelivered: 1_000, emailComplaints: 1 }, limits),
    ).toMatchObject({
      trip: true,
      why: 'EMAIL_COMPLAINTS',
    });
  });

  it('trips above the campaign’s SMS opt-out rate, not at it', () => {
    expect(breakerVerdict({ ...noReach, smsDelivered: 100, smsOptOuts: 1 }, limits).trip).toBe(
      false,
    );
    expect(breakerVerdict({ ...noReach, smsDelivered: 99, smsOptOuts: 1 }, limits)).toMatchObject({
      trip: true,
      why: 'SMS_OPT_OUTS',
    });
  });

  it('counts a complaint before its delivery report as delivered (never divides by zero)', () => {
    expect(breakerVerdict({ ...noReach, emailComplaints: 1 }, limits)).toMatchObject({ rate: 1 });
    expect(breakerVerdict(noReach, limits).trip).toBe(false);
  });
});

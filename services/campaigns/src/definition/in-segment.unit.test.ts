import { describe, expect, it } from 'vitest';
import { inSegment } from './in-segment.js';
import { aCampaignAccount, withoutStage } from './testing/a-campaign-account.js';
import { codesOf, SEGMENT_NOW as NOW, spring, withSegment } from './testing/spring-segment.js';

describe('inSegment', () => {
  it('takes the ordinary account', () => {
    expect(inSegment(spring, aCampaignAccount(), NOW)).toEqual({ in: true });
  });

  it('keeps out an account not yet placed in a stage when the segment names stages', () => {
    expect(codesOf(spring, withoutStage(aCampaignAccount()))).toEqual(['STAGE_NOT_IN_SEGMENT']);
    expect(codesOf(withSegment({ stages: undefined }), withoutStage(aCampaignAccount()))).toEqual(
      [],
    );
  });

  it('counts days in the customer’s zone across the change to daylight saving time', () => {
    // New York springs forward on Sunday 14 March 2027. A contact at 23:30 EST on Saturday the
    // 13th was seven calendar days before Saturday the 20th, though only 6 × 24 hours before
    // 00:30 EDT on the 20th, and on UTC's calendar it fell on the 14th.
    const weekly = withSegment({ lastContactAtLeastDaysAgo: 7 });
    const facts = aCampaignAccount({ lastContactAt: '2027-03-14T04:30:00Z' });
    const justAfterMidnight = inSegment(weekly, facts, new Date('2027-03-20T04:30:00Z'));
    const justBefore = inSegment(weekly, facts, new Date('2027-03-20T03:30:00Z'));
    expect(justAfterMidnight).toEqual({ in: true });
    expect(justBefore).toEqual({
      in: false,
      reasons: [{ code: 'CONTACTED_RECENTLY', detail: '6 days ago < 7' }],
    });
  });

  it('counts the same instant as a different day in another zone', () => {
    // 20:00 UTC on 17 March is 16:00 that day in New York, 04:00 on the 18th in Shanghai; at
    // 12:00 UTC on the 20th, three days have passed in New York and two in Shanghai.
    const now = new Date('2027-03-20T12:00:00Z');
    const contact = { lastContactAt: '2027-03-17T20:00:00Z' };
    expect(inSegment(spring, aCampaignAccount(contact), now)).toEqual({ in: true });
    const shanghai = aCampaignAccount({ ...contact, timeZone: 'Asia/Shanghai' });
    expect(inSegment(spring, shanghai, now)).toMatchObject({
      in: false,
      reasons: [{ code: 'CONTACTED_RECENTLY', detail: '2 days ago < 3' }],
    });
  });

  it('keeps a country’s subdivisions in, but a listed subdivision takes only itself', () => {
    const massachusetts = withSegment({ jurisdictions: ['US-MA'] });
    expect(codesOf(massachusetts, aCampaignAccount({ jurisdiction: 'US-MA' }))).toEqual([]);
    expect(codesOf(massachusetts, aCampaignAccount({ jurisdiction: 'US' }))).toEqual([
      'JURISDICTION_NOT_IN_SEGMENT',
    ]);
  });

  it('ignores exposure to campaigns it does not name', () => {
    const exposures = [{ campaignId: 'unrelated', assignedAt: '2027-03-19T12:00:00Z' }];
    expect(codesOf(spring, aCampaignAccount({ exposures }))).toEqual([]);
  });

  it('excludes listed accounts, and the flags no marketing may reach even if the campaign omits them', () => {
    const careless = withSegment({ exclude: { flags: [], accounts: ['acc-000001'] } });
    expect(codesOf(careless, aCampaignAccount({ activeFlags: ['deceased'] }))).toEqual([
      'ACCOUNT_EXCLUDED',
      'FLAG_EXCLUDED',
    ]);
  });

  it('reports every filter the account fails, not just the first', () => {
    const facts = aCampaignAccount({
      daysPastDue: 120,
      product: 'overdraft',
      activeFlags: ['dispute'],
    });
    expect(codesOf(spring, facts)).toEqual([
      'FLAG_EXCLUDED',
      'DAYS_PAST_DUE_ABOVE',
      'PRODUCT_NOT_IN_SEGMENT',
    ]);
  });
});

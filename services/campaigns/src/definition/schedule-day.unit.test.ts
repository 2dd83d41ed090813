import { describe, expect, it } from 'vitest';
import { scheduleDayAt } from './schedule-day.js';
import { exampleCampaign, SETTLEMENT_DISCOUNT_FILE } from './testing/example-campaigns.js';

// 1 April to 30 June 2027, Tuesday to Thursday, in Asia/Shanghai (UTC+8).
const { schedule } = exampleCampaign(SETTLEMENT_DISCOUNT_FILE);

describe('scheduleDayAt', () => {
  it('starts on the first day in the schedule’s zone, while UTC is still on the day before', () => {
    expect(scheduleDayAt(schedule, new Date('2027-03-31T15:59:59Z'))).toEqual({
      sends: false,
      date: '2027-03-31',
      reason: 'BEFORE_START',
    });
    // 1 April 2027 is a Thursday.
    expect(scheduleDayAt(schedule, new Date('2027-03-31T16:00:00Z'))).toEqual({
      sends: true,
      date: '2027-04-01',
    });
  });

  it('sends through its last day, inclusive, and not after', () => {
    expect(scheduleDayAt(schedule, new Date('2027-06-30T15:59:59Z'))).toMatchObject({
      sends: true,
    });
    expect(scheduleDayAt(schedule, new Date('2027-06-30T16:00:00Z'))).toMatchObject({
      sends: false,
      reason: 'AFTER_END',
    });
  });

  it('sends only on its days of the week', () => {
    expect(scheduleDayAt(schedule, new Date('2027-04-05T04:00:00Z'))).toEqual({
      sends: false,
      date: '2027-04-05', // a Monday
      reason: 'DAY_NOT_SCHEDULED',
    });
    expect(scheduleDayAt(schedule, new Date('2027-04-06T04:00:00Z'))).toMatchObject({
      sends: true,
    });
  });
});

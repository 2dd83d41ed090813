import { describe, expect, it } from 'vitest';
import { sampleEvents } from '../testing-fixtures/sample-events.js';
import { OutreachPlannedV1Payload } from './outreach-planned.v1.js';
import { OutreachReleasedV1Payload } from './outreach-released.v1.js';
import { OutreachRenderedV1Payload } from './outreach-rendered.v1.js';

const step = {
  templateKind: 'cease-efforts-terminated',
  notice: true,
  windowZones: ['Asia/Shanghai'],
};

describe('the step a message carries forward for the last looks (optional, still v1)', () => {
  it('is read on a release and a rendered message, and their older forms still parse', () => {
    const released = sampleEvents['outreach.released'].payload;
    expect(OutreachReleasedV1Payload.parse({ ...released, ...step })).toMatchObject(step);
    expect(OutreachReleasedV1Payload.safeParse(released).success).toBe(true);
    const rendered = sampleEvents['outreach.rendered'].payload;
    const carried = { ...rendered, ...step, strategyId: 'default', strategyVersion: 3 };
    expect(OutreachRenderedV1Payload.parse(carried)).toMatchObject(step);
    expect(OutreachRenderedV1Payload.safeParse(rendered).success).toBe(true);
  });

  it('names a plan’s template kind, optionally', () => {
    const planned = sampleEvents['outreach.planned'].payload;
    expect(
      OutreachPlannedV1Payload.parse({ ...planned, templateKind: 'promise-reminder' }),
    ).toMatchObject({
      templateKind: 'promise-reminder',
    });
    expect(OutreachPlannedV1Payload.safeParse(planned).success).toBe(true);
  });

  it('refuses zones that are not zones, and a kind that is not a slug', () => {
    const released = sampleEvents['outreach.released'].payload;
    expect(OutreachReleasedV1Payload.safeParse({ ...released, windowZones: [] }).success).toBe(
      false,
    );
    expect(
      OutreachReleasedV1Payload.safeParse({ ...released, templateKind: 'Not A Slug' }).success,
    ).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { OutreachRenderedV1Payload, sampleEvents } from '@kindly/contracts';
import { renderedPayload } from './render-outreach.use-case.js';

const released = sampleEvents['outreach.released'].payload;
const rendered = {
  channel: 'sms' as const,
  templateId: released.templateId,
  templateVersion: '1',
  templateHash: 'c'.repeat(64),
  locale: released.locale,
  contentHash: 'a'.repeat(64),
  content: { body: 'Reminder', encoding: 'GSM-7' as const, segments: 1, units: 8 },
};

describe('the rendered message', () => {
  it('carries the release’s step and window zones on, for the dispatcher’s last look', () => {
    const step = {
      templateKind: 'promise-reminder',
      notice: true,
      windowZones: ['Asia/Shanghai'],
    };
    const payload = renderedPayload({ ...released, ...step }, rendered);
    expect(OutreachRenderedV1Payload.parse(payload)).toMatchObject({
      ...step,
      strategyId: released.strategyId,
      strategyVersion: released.strategyVersion,
    });
  });

  it('carries the campaign and the variant whose wording it is (1.2)', () => {
    const campaign = { campaignId: 'instalment-plan-2027-spring', variant: 'champion' };
    const payload = renderedPayload({ ...released, ...campaign }, rendered);
    expect(OutreachRenderedV1Payload.parse(payload)).toMatchObject(campaign);
    expect(renderedPayload(released, rendered)).not.toHaveProperty('variant');
  });

  it('leaves them out where a release published before them has none', () => {
    const payload = renderedPayload(released, rendered);
    expect(payload).not.toHaveProperty('templateKind');
    expect(payload).not.toHaveProperty('windowZones');
    expect(OutreachRenderedV1Payload.safeParse(payload).success).toBe(true);
  });

  it('names its template file’s hash, and carries on what the plan was made from', () => {
    const provenance = {
      policyVersion: 4,
      policyHash: 'a'.repeat(64),
      strategyHash: 'b'.repeat(64),
    };
    const payload = renderedPayload({ ...released, ...provenance }, rendered);
    expect(OutreachRenderedV1Payload.parse(payload)).toMatchObject({
      ...provenance,
      templateHash: rendered.templateHash,
    });
    const before = renderedPayload(released, rendered);
    expect(before).toHaveProperty('templateHash', rendered.templateHash);
    expect(before).not.toHaveProperty('policyVersion');
    expect(before).not.toHaveProperty('policyHash');
    expect(before).not.toHaveProperty('strategyHash');
  });
});

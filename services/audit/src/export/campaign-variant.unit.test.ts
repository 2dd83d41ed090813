import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { OutreachRenderedV1, sampleEvents, type EventOf } from '@kindly/contracts';
import { writeAuditCsv } from './audit-csv.js';
import { contactHistoryOf } from './contact-history.js';
import { AuditRecords, memoryOutput } from './testing/export-fixtures.js';

const CAMPAIGN = 'instalment-plan-2026-spring';
const VARIANT = 'challenger-savings-first';

/**
 * A campaign message as the renderer announces it (`outreach.rendered` 1.2): its campaign and the
 * arm whose wording was rendered. Alone, with no plan before it, so that only the rendering can
 * have told the audit the variant.
 */
function renderedCampaignMessage(): EventOf<'outreach.rendered'> {
  const sample = sampleEvents['outreach.rendered'];
  return OutreachRenderedV1.parse({
    ...sample,
    schemaVersion: '1.2.0',
    payload: {
      ...sample.payload,
      purpose: 'marketing',
      templateId: 'campaign-instalment-plan-savings-first-sms',
      campaignId: CAMPAIGN,
      variant: VARIANT,
    },
  });
}

describe('a campaign message’s variant in the audit', () => {
  it('is kept on the rendered message’s row of the examiner’s CSV', async () => {
    const audit = new AuditRecords().add(renderedCampaignMessage());
    const { out, bytes } = memoryOutput();
    await writeAuditCsv(audit.found(), out);
    const rows: Record<string, string>[] = parse(bytes().toString('utf8'), { columns: true });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      type: 'outreach.rendered',
      campaign_id: CAMPAIGN,
      variant: VARIANT,
      template_id: 'campaign-instalment-plan-savings-first-sms',
    });
  });

  it('is named in the account’s contact history, with the campaign', async () => {
    const history = await contactHistoryOf(
      new AuditRecords().add(renderedCampaignMessage()).found(),
    );
    expect(history.messages).toHaveLength(1);
    const about = history.messages[0]!.about;
    expect(about.get('campaign')).toBe(CAMPAIGN);
    expect(about.get('variant')).toBe(VARIANT);
  });
});

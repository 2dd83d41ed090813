import { describe, expect, it } from 'vitest';
import type { OutreachReleasedV1Payload } from '@kindly/contracts';
import { loadPlanningRules } from '@kindly/rules';
import { previewRenderRequest } from '../samples/sample-request.js';
import { sampleAccountState, sampleRelease } from '../samples/sample-facts.js';
import { createHandlebarsRenderer } from './handlebars.renderer.js';
import { loadSenderDirectory, sendersFileIn } from './sender-directory.js';
import { loadTemplateCatalog } from './template-catalog.js';

const rules = loadPlanningRules();
const catalog = loadTemplateCatalog();
const senders = loadSenderDirectory(sendersFileIn(catalog.dir));
const renderer = createHandlebarsRenderer({ catalog, smsMaxSegments: 1 });
const TOKEN =
  'k2026.AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4v.AbCdEfGhIjKlMnOpQrStUv';

async function rendered(templateId: string, paymentReference?: string) {
  const release = sampleRelease(rules.strategies, templateId, 'en-US');
  const released: OutreachReleasedV1Payload = {
    ...release.payload,
    campaignId: 'spring',
    variant: 'champion',
    ...(paymentReference !== undefined ? { paymentReference } : {}),
  };
  const request = previewRenderRequest({
    strategies: rules.strategies,
    senders,
    state: sampleAccountState('en-US', 45, 'US'),
    tenantId: release.tenantId,
    released,
    issuedAt: release.occurredAt,
  });
  return renderer.render(request);
}

describe('a campaign message’s payment link', () => {
  it('carries the signed reference in an e-mail, so the payment it brings is attributed to it', async () => {
    const email = await rendered('campaign-instalment-plan-email', TOKEN);
    if (email.channel !== 'email') throw new Error('expected an e-mail');
    expect(email.content.text).toContain(`https://pay.example-bank.com/r/${TOKEN}`);
    expect(email.content.html).toContain(`https://pay.example-bank.com/r/${TOKEN}`);
  });

  it('keeps the short reference in an SMS, which stays one segment', async () => {
    const sms = await rendered('campaign-instalment-plan-sms', TOKEN);
    if (sms.channel !== 'sms') throw new Error('expected an SMS');
    expect(sms.content.body).not.toContain(TOKEN);
    expect(sms.content.body).toMatch(/https:\/\/pay\.example-bank\.com\/r\/KD[0-9A-F]{10}/);
    expect(sms.content.segments).toBe(1);
  });

  it('is the short reference when the campaign signs none', async () => {
    const email = await rendered('campaign-instalment-plan-email');
    if (email.channel !== 'email') throw new Error('expected an e-mail');
    expect(email.content.text).toMatch(/https:\/\/pay\.example-bank\.com\/r\/KD[0-9A-F]{10}/);
  });
});

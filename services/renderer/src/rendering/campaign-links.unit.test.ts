import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { itWhenToolPresent } from '@kindly/testing';
import { describe, expect, it } from 'vitest';
import type { OutreachReleasedV1Payload } from '@kindly/contracts';
import { loadPlanningRules } from '@kindly/rules';
import type { SenderDirectory } from '../domain/ports.js';
import { previewRenderRequest } from '../samples/sample-request.js';
import { sampleAccountState, sampleRelease } from '../samples/sample-facts.js';
import { createHandlebarsRenderer } from './handlebars.renderer.js';
import { loadSenderDirectory, sendersFileIn } from './sender-directory.js';
import { loadTemplateCatalog } from './template-catalog.js';

/** Tests that read a PDF back with pdftotext (poppler-utils). */
const itPdf = itWhenToolPresent('pdftotext');

const rules = loadPlanningRules();
const catalog = loadTemplateCatalog();
const senders = loadSenderDirectory(sendersFileIn(catalog.dir));
const renderer = createHandlebarsRenderer({ catalog, smsMaxSegments: 1 });
// The campaigns service's signed reference at its longest: an 8-character key id, the message's
// short reference, a 128-bit MAC in base32 (48 characters).
const TOKEN = 'k2026q4b.KD0A1B2C3D4E.ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** A challenger's wording is named by the campaign file, not a strategy stage: its champion's. */
const STAGE_TEMPLATE: Record<string, string> = {
  'campaign-instalment-plan-savings-first-sms': 'campaign-instalment-plan-sms',
};

/** The sender directory with no short SMS domain in any profile. */
const withoutShortDomain: SenderDirectory = {
  senderOf: (tenantId, jurisdiction) => {
    const profile = senders.senderOf(tenantId, jurisdiction);
    return { ...profile, payment: { ...profile.payment, smsLinkBase: undefined } };
  },
  uncovered: (jurisdictions) => senders.uncovered(jurisdictions),
};

/** The tracker's click route under the bank's short domain (no longer than `smsLinkBase`). */
const CLICKS = 'https://exb.example/c';

/** The sender directory with the US profile's e-mail and SMS links going through the tracker. */
const tracked: SenderDirectory = {
  senderOf: (tenantId, jurisdiction) => {
    const profile = senders.senderOf(tenantId, jurisdiction);
    return {
      ...profile,
      payment: { ...profile.payment, tracking: { linkBase: CLICKS, channels: ['email', 'sms'] } },
    };
  },
  uncovered: (jurisdictions) => senders.uncovered(jurisdictions),
};

async function rendered(
  templateId: string,
  paymentReference?: string,
  directory: SenderDirectory = senders,
) {
  const release = sampleRelease(
    rules.strategies,
    STAGE_TEMPLATE[templateId] ?? templateId,
    'en-US',
  );
  const released: OutreachReleasedV1Payload = {
    ...release.payload,
    templateId,
    campaignId: 'spring',
    variant: 'champion',
    ...(paymentReference !== undefined ? { paymentReference } : {}),
  };
  const request = previewRenderRequest({
    strategies: rules.strategies,
    senders: directory,
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

  it.each(['campaign-instalment-plan-sms', 'campaign-instalment-plan-savings-first-sms'])(
    'carries it in an SMS too, through the bank’s short domain, in one segment (%s)',
    async (templateId) => {
      const sms = await rendered(templateId, TOKEN);
      if (sms.channel !== 'sms') throw new Error('expected an SMS');
      expect(sms.content.body).toContain(`https://exb.example/p/${TOKEN} `);
      expect(sms.content.segments).toBe(1);
    },
  );

  it('is the short reference in an SMS when the sender has no short domain (one segment)', async () => {
    const sms = await rendered('campaign-instalment-plan-sms', TOKEN, withoutShortDomain);
    if (sms.channel !== 'sms') throw new Error('expected an SMS');
    expect(sms.content.body).not.toContain(TOKEN);
    expect(sms.content.body).toMatch(/https:\/\/pay\.example-bank\.com\/r\/KD[0-9A-F]{10} /);
    expect(sms.content.segments).toBe(1);
  });

  itPdf('carries it in a letter', async () => {
    const letter = await rendered('campaign-settlement-discount-letter', TOKEN);
    if (letter.channel !== 'letter') throw new Error('expected a letter');
    const folder = mkdtempSync(join(tmpdir(), 'kindly-letter-'));
    const file = join(folder, 'letter.pdf');
    writeFileSync(file, letter.content.pdf);
    const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
    rmSync(folder, { recursive: true });
    expect(text.replace(/\s+/g, '')).toContain(`https://pay.example-bank.com/r/${TOKEN}`);
  });

  it('is the short reference when the campaign signs none', async () => {
    const email = await rendered('campaign-instalment-plan-email');
    if (email.channel !== 'email') throw new Error('expected an e-mail');
    expect(email.content.text).toMatch(/https:\/\/pay\.example-bank\.com\/r\/KD[0-9A-F]{10}/);
  });
});

describe('a payment link through the tracker (the profile’s payment.tracking)', () => {
  it('goes to the tracker’s click route with the same signed reference, in an e-mail', async () => {
    const email = await rendered('campaign-instalment-plan-email', TOKEN, tracked);
    if (email.channel !== 'email') throw new Error('expected an e-mail');
    expect(email.content.text).toContain(`${CLICKS}/${TOKEN}`);
    expect(email.content.html).toContain(`${CLICKS}/${TOKEN}`);
    expect(email.content.text).not.toContain('https://pay.example-bank.com/r/');
  });

  it.each(['campaign-instalment-plan-sms', 'campaign-instalment-plan-savings-first-sms'])(
    'and in an SMS, still in one segment with the longest signed reference (%s)',
    async (templateId) => {
      const sms = await rendered(templateId, TOKEN, tracked);
      if (sms.channel !== 'sms') throw new Error('expected an SMS');
      expect(sms.content.body).toContain(`${CLICKS}/${TOKEN} `);
      expect(sms.content.segments).toBe(1);
    },
  );

  it('prints no new link through a retired route (channels: [])', async () => {
    const retired: SenderDirectory = {
      ...tracked,
      senderOf: (tenantId, jurisdiction) => {
        const profile = senders.senderOf(tenantId, jurisdiction);
        return {
          ...profile,
          payment: { ...profile.payment, tracking: { linkBase: CLICKS, channels: [] } },
        };
      },
    };
    const email = await rendered('campaign-instalment-plan-email', TOKEN, retired);
    if (email.channel !== 'email') throw new Error('expected an e-mail');
    expect(email.content.text).toContain(`https://pay.example-bank.com/r/${TOKEN}`);
    expect(email.content.text).not.toContain(CLICKS);
  });

  itPdf(
    'leaves a letter’s link the bank’s own (a letter’s link is typed, not followed)',
    async () => {
      const letter = await rendered('campaign-settlement-discount-letter', TOKEN, tracked);
      if (letter.channel !== 'letter') throw new Error('expected a letter');
      const folder = mkdtempSync(join(tmpdir(), 'kindly-letter-'));
      const file = join(folder, 'letter.pdf');
      writeFileSync(file, letter.content.pdf);
      const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
      rmSync(folder, { recursive: true });
      expect(text.replace(/\s+/g, '')).toContain(`https://pay.example-bank.com/r/${TOKEN}`);
    },
  );

  it('is off in the shipped senders file', async () => {
    const email = await rendered('campaign-instalment-plan-email', TOKEN);
    if (email.channel !== 'email') throw new Error('expected an e-mail');
    expect(email.content.text).toContain(`https://pay.example-bank.com/r/${TOKEN}`);
  });

  describe('the setting in senders.yaml', () => {
    const shipped = readFileSync(sendersFileIn(catalog.dir), 'utf8');
    const folder = mkdtempSync(join(tmpdir(), 'kindly-senders-'));
    const withTracking = (tracking: string) => {
      const file = join(folder, 'senders.yaml');
      writeFileSync(
        file,
        shipped.replace(
          '          smsLinkBase: https://exb.example/p\n',
          `          smsLinkBase: https://exb.example/p\n          tracking: ${tracking}\n`,
        ),
      );
      return file;
    };

    it('is read from the profile', () => {
      const file = withTracking('{ linkBase: https://exb.example/c, channels: [sms] }');
      expect(loadSenderDirectory(file).senderOf('demo-bank', 'US').payment.tracking).toEqual({
        linkBase: 'https://exb.example/c',
        channels: ['sms'],
      });
    });

    it('refuses a click route longer than the SMS link it replaces, when SMS is tracked', () => {
      const file = withTracking('{ linkBase: https://clicks.example-bank.com/c, channels: [sms] }');
      expect(() => loadSenderDirectory(file)).toThrow(/tracking\.linkBase: .*no longer than/);
      const emailOnly = withTracking(
        '{ linkBase: https://clicks.example-bank.com/c, channels: [email] }',
      );
      expect(
        loadSenderDirectory(emailOnly).senderOf('demo-bank', 'US').payment.tracking,
      ).toBeDefined();
    });

    it('reads an empty channel list as a retired route', () => {
      const file = withTracking('{ linkBase: https://exb.example/c, channels: [] }');
      expect(loadSenderDirectory(file).senderOf('demo-bank', 'US').payment.tracking).toEqual({
        linkBase: 'https://exb.example/c',
        channels: [],
      });
    });

    it('refuses letters, a query, a trailing slash, and hosts or paths out of the safe set', () => {
      for (const bad of [
        '{ linkBase: https://exb.example/c, channels: [letter] }',
        '{ linkBase: "https://exb.example/c?x=1", channels: [sms] }',
        '{ linkBase: https://exb.example/c/, channels: [sms] }',
        '{ linkBase: https://exb.example, channels: [email] }',
        '{ linkBase: https://ex_b.example/c, channels: [email] }',
        '{ linkBase: https://exb.example/c/.., channels: [email] }',
        '{ linkBase: https://exb.example/./c, channels: [email] }',
        '{ linkBase: "https://exb.example/c~1", channels: [email] }',
        '{ linkBase: "https://exb.example:8443/c", channels: [email] }',
      ]) {
        expect(() => loadSenderDirectory(withTracking(bad))).toThrow(/tracking/);
      }
    });
  });
});

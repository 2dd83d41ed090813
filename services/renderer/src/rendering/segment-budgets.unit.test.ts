import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '@kindly/clock';
import { loadPlanningRules } from '@kindly/rules';
import type { ContactHistoryStore } from '../domain/ports.js';
import { renderOutreach } from '../domain/render-outreach.use-case.js';
import {
  longestSampleState,
  sampleAccountState,
  sampleCountryOf,
  sampleRelease,
} from '../samples/sample-facts.js';
import { sampleRequest } from '../samples/sample-request.js';
import { sampleCampaignRequest, sampleStandIn } from '../testing/campaign-wordings.js';
import { createHandlebarsRenderer } from './handlebars.renderer.js';
import { loadSenderDirectory, sendersFileIn } from './sender-directory.js';
import { loadTemplateCatalog, TemplateLoadError } from './template-catalog.js';

const rules = loadPlanningRules();
const catalog = loadTemplateCatalog();
const senders = loadSenderDirectory(sendersFileIn(catalog.dir));
// The service's ceiling well above every budget: the templates' own budgets are under test.
const renderer = createHandlebarsRenderer({ catalog, smsMaxSegments: 10 });

const sms = catalog.templates.filter((t) => t.channel === 'sms' && t.kind === 'message');
/** A campaign message's signed payment reference at its longest (an 8-character key id). */
const LONGEST_REFERENCE = 'k2026q4b.KD0A1B2C3D4E.ABCDEFGHIJKLMNOPQRSTUVWXYZ';

describe('SMS segment budgets', () => {
  it('gives every SMS template a budget, and every reminder one segment', () => {
    expect(sms.length).toBeGreaterThanOrEqual(14);
    for (const template of sms) expect(template.segments, template.file).toBe(1);
  });

  it.each(sms.map((t) => [t.templateId, t.locale] as const))(
    'fits %s (%s) into its budget with the longest realistic facts',
    async (templateId, locale) => {
      const country = sampleCountryOf(locale);
      // A campaign arm's wording has the longest facts of the stage its champion is sent in.
      const standIn = sampleStandIn(rules.strategies, templateId);
      const state = longestSampleState(rules.strategies, standIn, locale, country);
      const request = sampleCampaignRequest({
        strategies: rules.strategies,
        senders,
        templateId,
        locale,
        state,
        // A campaign's link ends with its signed reference, at its longest.
        ...(templateId.startsWith('campaign-') ? { paymentReference: LONGEST_REFERENCE } : {}),
      });
      const rendered = await renderer.render(request);
      if (rendered.channel !== 'sms') throw new Error('not an SMS');
      const budget = catalog.get(templateId, locale).segments ?? 0;
      expect(rendered.content.segments).toBeLessThanOrEqual(budget);
      expect(rendered.content.encoding).toBe(locale === 'zh-CN' ? 'UCS-2' : 'GSM-7');
    },
  );

  describe('a template over its budget', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kindly-budget-'));
    const write = (name: string, text: string) => {
      mkdirSync(join(dir, name, '..'), { recursive: true });
      writeFileSync(join(dir, name), text);
    };
    const head = (budget: string) =>
      `---\npurpose: servicing\nversion: 1.0.0\ndescription: test\n${budget}fields:\n  sender.smsPrefix: string\n  account.last4: last4\n  unsubscribe.smsKeyword: string\n---\n`;
    // Over 160 GSM-7 characters with any facts: two segments, against a budget of one.
    const long = `{{sender.smsPrefix}}${'Your account ending {{account.last4}} is overdue. '.repeat(4)}Reply {{unsubscribe.smsKeyword}} to opt out.`;
    write('sms/reminder-friendly-sms/en-US.hbs', `${head('segments: 1\n')}${long}`);
    const small = loadTemplateCatalog(dir);

    it('is refused at render, naming the template and the budget', async () => {
      const tight = createHandlebarsRenderer({ catalog: small, smsMaxSegments: 10 });
      const request = sampleRequest({
        strategies: rules.strategies,
        senders,
        templateId: 'reminder-friendly-sms',
        locale: 'en-US',
      });
      await expect(tight.render(request)).rejects.toMatchObject({
        code: 'SMS_TOO_LONG',
        retryable: false,
        details: { templateId: 'reminder-friendly-sms', segments: 2, budget: 1 },
      });
    });

    it('is refused by the use case (a permanent failure: dead letter) and raises the alert', async () => {
      const released = sampleRelease(rules.strategies, 'reminder-friendly-sms', 'en-US');
      const alerts: string[] = [];
      const contacts: ContactHistoryStore = {
        recordRelease: async () => {},
        recordOutcome: async () => {},
        ofAccount: async () => [],
      };
      const outcome = renderOutreach(
        {
          store: {
            load: async () => ({ state: sampleAccountState('en-US', 3), version: 2 }),
            save: async () => true,
          },
          strategies: rules.strategies,
          senders,
          renderer: createHandlebarsRenderer({ catalog: small, smsMaxSegments: 10 }),
          events: { publish: async () => {} },
          alerts: { renderFailed: (...args) => void alerts.push(args.join(' ')) },
          clock: new ManualClock(DateTime.fromISO('2025-03-20T03:00:00Z', { zone: 'utc' })),
          contacts,
          templates: { assertsOf: () => [] },
          unsubscribeUrl: () => 'https://unsubscribe.example-bank.com/u/x',
        },
        released,
      );
      await expect(outcome).rejects.toMatchObject({ code: 'SMS_TOO_LONG', retryable: false });
      expect(alerts).toEqual(['reminder-friendly-sms sms SMS_TOO_LONG']);
    });

    it('is refused at load without a budget, or with more than one and no reason', () => {
      const refused = (files: Record<string, string>) => {
        const other = mkdtempSync(join(tmpdir(), 'kindly-budget-'));
        for (const [name, text] of Object.entries(files)) {
          mkdirSync(join(other, name, '..'), { recursive: true });
          writeFileSync(join(other, name), text);
        }
        try {
          loadTemplateCatalog(other);
        } catch (error) {
          if (error instanceof TemplateLoadError) return error.problems.join('\n');
          throw error;
        }
        return '';
      };
      expect(refused({ 'sms/a-sms/en-US.hbs': `${head('')}{{sender.smsPrefix}}x` })).toMatch(
        /a-sms\/en-US\.hbs: an SMS needs a segment budget/,
      );
      expect(
        refused({ 'sms/b-sms/en-US.hbs': `${head('segments: 2\n')}{{sender.smsPrefix}}x` }),
      ).toMatch(/segments: 2 needs segmentsWhy/);
      expect(
        refused({
          'sms/c-sms/en-US.hbs': `${head('segments: 2\nsegmentsWhy: The opt-out text and the sender name need a second segment.\n')}{{sender.smsPrefix}}x`,
        }),
      ).toBe('');
    });
  });
});

import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PRIMARY_LOCALES } from '@kindly/contracts';
import { loadPlanningRules, templateIdsOf } from '@kindly/rules';
import { RenderError } from '../domain/renderer.errors.js';
import { campaignWordings, sampleCampaignRequest } from '../testing/campaign-wordings.js';
import { createHandlebarsRenderer } from './handlebars.renderer.js';
import { loadSenderDirectory, sendersFileIn } from './sender-directory.js';
import { loadTemplateCatalog, TemplateLoadError } from './template-catalog.js';

const rules = loadPlanningRules();
const catalog = loadTemplateCatalog();
const senders = loadSenderDirectory(sendersFileIn(catalog.dir));
const renderer = createHandlebarsRenderer({ catalog, smsMaxSegments: 4 });

/**
 * The request the service would build for a sample release of the template (a campaign arm's
 * wording, which no strategy stage names, released where its champion's is).
 */
function requestFor(templateId: string, locale: string) {
  return sampleCampaignRequest({ strategies: rules.strategies, senders, templateId, locale });
}

const strategyTemplateIds = [
  ...new Set(rules.strategies.strategies.flatMap((strategy) => templateIdsOf(strategy))),
].sort();
const messages = catalog.templates.filter((t) => t.kind === 'message' && t.locale === 'zh-CN');

describe('the templates', () => {
  it('has every template id the strategies use, in zh-CN and en-US', () => {
    expect(strategyTemplateIds.length).toBeGreaterThanOrEqual(22); // the list in shared/rules/strategies/README.md
    for (const id of strategyTemplateIds) {
      for (const locale of PRIMARY_LOCALES)
        expect(() => catalog.get(id, locale), `${id} ${locale}`).not.toThrow();
    }
  });

  it("has every template the campaigns' arms name, in the arm's channel and locale", () => {
    const wordings = campaignWordings();
    expect(wordings.length).toBeGreaterThanOrEqual(8); // services/campaigns/campaigns/*.yaml
    for (const { channel, locale, templateId } of wordings) {
      const template = catalog.get(templateId, locale);
      expect(template.locale, `${templateId} ${locale}`).toBe(locale);
      expect(template.channel, `${templateId} ${locale}`).toBe(channel);
      expect(template.purpose, `${templateId} ${locale}`).toBe('marketing');
    }
  });

  describe.each(PRIMARY_LOCALES)('in %s', (locale) => {
    it.each(messages.map((t) => t.templateId))(
      'renders %s with sample data and meets the content rules',
      async (id) => {
        const request = requestFor(id, locale);
        const rendered = await renderer.render(request); // the content rules run inside render
        expect(rendered.contentHash).toMatch(/^[0-9a-f]{64}$/);
        expect(rendered.templateVersion).toMatch(/^\d+\.\d+\.\d+$/);
        const china = locale === 'zh-CN'; // the samples: zh-CN in Shanghai, en-US in New York
        switch (rendered.channel) {
          case 'sms':
            if (china) expect(rendered.content.body.startsWith('【示例银行】')).toBe(true);
            expect(rendered.content.body).toMatch(
              china ? /回复TD退订$/ : /Reply STOP to opt out\.$/,
            );
            expect(rendered.content.segments).toBeLessThanOrEqual(4);
            expect(rendered.content.encoding).toBe(china ? 'UCS-2' : 'GSM-7');
            break;
          case 'email':
            expect(rendered.content.headers['List-Unsubscribe']).toMatch(
              /^<https:\/\/[^>]+>, <mailto:/,
            );
            expect(rendered.content.headers['List-Unsubscribe-Post']).toBe(
              request.purpose === 'marketing' ? 'List-Unsubscribe=One-Click' : undefined,
            );
            expect(rendered.content.text).toContain('4821');
            expect(rendered.content.html).toContain(`lang="${locale}"`);
            break;
          case 'letter':
            expect(rendered.content.pages).toBeGreaterThanOrEqual(1);
            expect(Buffer.from(rendered.content.pdf).subarray(0, 5).toString()).toBe('%PDF-');
            break;
          case 'agent-call':
            expect(rendered.content.text).toContain('4821');
            break;
        }
      },
    );
  });

  it('includes every offer section in the stage message that names it', () => {
    const included = new Set(
      messages.flatMap((t) => requestFor(t.templateId, 'zh-CN').offers.map((o) => o.templateId)),
    );
    const sections = catalog.templates.filter((t) => t.kind === 'section').map((t) => t.templateId);
    expect([...included].sort()).toEqual([...new Set(sections)].sort());
  });

  it('names the template and the field when a field is missing or of the wrong type', async () => {
    const request = requestFor('reminder-friendly-sms', 'zh-CN');
    const account = request.data['account'] as Record<string, unknown>;
    const missing = {
      ...request,
      data: { ...request.data, account: { productName: account['productName'] } },
    };
    await expect(renderer.render(missing)).rejects.toThrow(
      /reminder-friendly-sms.*"account\.last4"/,
    );
    await expect(renderer.render(missing)).rejects.toMatchObject({
      code: 'TEMPLATE_FIELD_MISSING',
      retryable: false,
      details: { templateId: 'reminder-friendly-sms', field: 'account.last4' },
    });
    const overdue = request.data['overdue'] as Record<string, unknown>;
    const wrong = {
      ...request,
      data: { ...request.data, overdue: { ...overdue, amount: '12.50' } },
    };
    const error: unknown = await renderer.render(wrong).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RenderError);
    expect(error).toMatchObject({
      code: 'TEMPLATE_FIELD_INVALID',
      details: { field: 'overdue.amount' },
    });
  });

  it('refuses a servicing template released as marketing', async () => {
    const request = {
      ...requestFor('reminder-friendly-sms', 'en-US'),
      purpose: 'marketing' as const,
    };
    await expect(renderer.render(request)).rejects.toMatchObject({ code: 'PURPOSE_MISMATCH' });
  });

  it('refuses an SMS longer than the configured segments', async () => {
    const tight = createHandlebarsRenderer({ catalog, smsMaxSegments: 1 });
    const request = requestFor('notice-firm-sms', 'zh-CN');
    const account = request.data['account'] as Record<string, unknown>;
    const long = {
      ...request,
      data: { ...request.data, account: { ...account, productName: '分期贷款'.repeat(5) } },
    };
    await expect(tight.render(long)).rejects.toMatchObject({ code: 'SMS_TOO_LONG' });
  });
});

describe('loading templates', () => {
  function fixture(files: Record<string, string>): string {
    const dir = mkdtempSync(join(tmpdir(), 'kindly-templates-'));
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(join(dir, name, '..'), { recursive: true });
      writeFileSync(join(dir, name), text);
    }
    return dir;
  }
  const head = (fields: string) =>
    `---\npurpose: servicing\nversion: 1.0.0\ndescription: test\nsegments: 1\nfields:\n${fields}\n---\n`;

  it('fails when a template uses a field its front matter does not declare', () => {
    const dir = fixture({
      'sms/x-sms/en-US.hbs': `${head('  customer.name: string')}Hi {{customer.name}}, {{customer.nickname}} {{money overdue.amount}}`,
    });
    expect(() => loadTemplateCatalog(dir)).toThrow(TemplateLoadError);
    expect(() => loadTemplateCatalog(dir)).toThrow(
      /sms\/x-sms\/en-US\.hbs: body: uses field "customer\.nickname"/,
    );
    expect(() => loadTemplateCatalog(dir)).toThrow(/uses field "overdue\.amount"/);
  });

  it('follows partials, and refuses unknown helpers and blocks', () => {
    const dir = fixture({
      'partials/en-US/footer.hbs': '{{sender.phone}}',
      'sms/y-sms/en-US.hbs': `${head('  customer.name: string')}{{customer.name}} {{> footer}} {{lookup customer "name"}} {{#with customer}}{{name}}{{/with}}`,
    });
    const error = (() => {
      try {
        loadTemplateCatalog(dir);
      } catch (e) {
        return e as TemplateLoadError;
      }
      throw new Error('loaded');
    })();
    expect(error.problems.join('\n')).toMatch(/"sender\.phone".*of footer/);
    expect(error.problems.join('\n')).toMatch(/"lookup", which is not an allowed helper/);
    expect(error.problems.join('\n')).toMatch(/#with/);
  });

  it('accepts members of composite fields and the items of lists', () => {
    const dir = fixture({
      'sms/z-sms/en-US.hbs': `${head('  payment: payment\n  disclosures: strings')}{{payment.link}} {{#each disclosures}}{{this}}{{/each}}`,
    });
    expect(loadTemplateCatalog(dir).get('z-sms', 'en-US').version).toBe('1.0.0');
  });
});

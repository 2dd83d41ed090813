import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { loadPlanningRules } from '@kindly/rules';
import { sampleCampaignRequest } from '../testing/campaign-wordings.js';
import { createHandlebarsRenderer } from './handlebars.renderer.js';
import { loadSenderDirectory, sendersFileIn } from './sender-directory.js';
import { loadTemplateCatalog } from './template-catalog.js';

/*
 * A marketing e-mail goes to a customer in the locale of their choice, under the profile of the
 * country they live in: every locale a profile carries texts for is one its customers may read.
 * The content rules of that country (CAN-SPAM's advertisement label for the US, China's 广告 for
 * CN) must pass for each, or every such customer's campaign e-mail is refused at render.
 */
const rules = loadPlanningRules();
const catalog = loadTemplateCatalog();
const sendersFile = sendersFileIn(catalog.dir);
const senders = loadSenderDirectory(sendersFile);
const renderer = createHandlebarsRenderer({ catalog, smsMaxSegments: 4 });

type SamplesCountry = 'CN' | 'US' | 'GB';
const SAMPLE_COUNTRIES: readonly string[] = ['CN', 'US', 'GB'];

/** Each (profile country, locale it carries texts in) of the shipped senders file. */
function profileLocales(): { country: SamplesCountry; locale: string }[] {
  const file = parseYaml(readFileSync(sendersFile, 'utf8')) as {
    senders: Record<string, { jurisdictions: Record<string, { name: Record<string, string> }> }>;
  };
  const pairs = new Map<string, { country: SamplesCountry; locale: string }>();
  for (const { jurisdictions } of Object.values(file.senders)) {
    for (const [country, profile] of Object.entries(jurisdictions)) {
      if (!SAMPLE_COUNTRIES.includes(country)) throw new Error(`no sample customer in ${country}`);
      for (const locale of Object.keys(profile.name)) {
        pairs.set(`${country} ${locale}`, { country: country as SamplesCountry, locale });
      }
    }
  }
  return [...pairs.values()];
}

const marketingEmails = [
  ...new Set(
    catalog.templates
      .filter((t) => t.kind === 'message' && t.channel === 'email' && t.purpose === 'marketing')
      .map((t) => t.templateId),
  ),
].sort();

const cases = profileLocales().flatMap(({ country, locale }) =>
  marketingEmails.map((templateId) => [country, locale, templateId] as const),
);

describe('every marketing e-mail, for every sender profile and locale it carries', () => {
  it('covers the campaign e-mails and the US profile’s zh-CN customers', () => {
    expect(marketingEmails.length).toBeGreaterThanOrEqual(3);
    expect(cases.some(([country, locale]) => country === 'US' && locale === 'zh-CN')).toBe(true);
  });

  it.each(cases)(
    'renders in %s for a %s customer: %s meets the content rules',
    async (country, locale, templateId) => {
      const request = sampleCampaignRequest({
        strategies: rules.strategies,
        senders,
        templateId,
        locale,
        country,
      });
      const rendered = await renderer.render(request); // the content rules run inside render
      expect(rendered.channel).toBe('email');
    },
  );
});

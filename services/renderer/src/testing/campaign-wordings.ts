/**
 * Test support for the wordings only a campaign names: the arms of a campaign's test
 * (`variants[].wording` in services/campaigns/campaigns/*.yaml), such as a challenger's
 * templates, which no strategy stage uses, so the samples (samples/sample-facts.ts) have no
 * stage to release them in. Such a template is sampled as a release of its counterpart on the
 * same channel and locale that a strategy does use (the champion's): the same stage, purpose
 * and offers, under its own template id.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { StrategyCatalog } from '@kindly/rules';
import type { RenderRequest } from '../domain/ports.js';
import { defaultTemplatesDir } from '../rendering/template-catalog.js';
import { usageOf } from '../samples/sample-facts.js';
import { sampleRequest, type SampleRequestOptions } from '../samples/sample-request.js';

/** The repository's campaign files. */
export const defaultCampaignsDir = join(defaultTemplatesDir, '..', 'services/campaigns/campaigns');

type Wordings = Record<string, Record<string, { templateId?: unknown } | undefined> | undefined>;

/** Every campaign arm's wording: channel, locale and template id. */
export function campaignWordings(dir: string = defaultCampaignsDir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((file) => /\.ya?ml$/.test(file))
    .flatMap((file) => {
      const campaign = parseYaml(readFileSync(join(dir, file), 'utf8')) as {
        variants?: { wording?: Wordings }[];
      } | null;
      return (campaign?.variants ?? []).flatMap((variant) =>
        Object.entries(variant.wording ?? {}).flatMap(([channel, locales]) =>
          Object.entries(locales ?? {}).flatMap(([locale, wording]) =>
            typeof wording?.templateId === 'string'
              ? [{ channel, locale, templateId: wording.templateId }]
              : [],
          ),
        ),
      );
    });
}

/**
 * The template a strategy uses whose sample release stands in for `templateId`: itself when a
 * strategy uses it, else another arm's wording on the same channel and locale of a campaign
 * that names it.
 *
 * @throws Error when neither a strategy nor a campaign arm names the template
 */
export function sampleStandIn(
  strategies: StrategyCatalog,
  templateId: string,
  dir: string = defaultCampaignsDir,
): string {
  if (usageOf(strategies, templateId)) return templateId;
  const wordings = campaignWordings(dir);
  for (const own of wordings.filter((w) => w.templateId === templateId)) {
    const other = wordings.find(
      (w) =>
        w.channel === own.channel &&
        w.locale === own.locale &&
        w.templateId !== templateId &&
        usageOf(strategies, w.templateId),
    );
    if (other) return other.templateId;
  }
  throw new Error(`no strategy stage nor campaign arm uses ${templateId}`);
}

/** `sampleRequest`, for a strategy's template or a campaign arm's (see `sampleStandIn`). */
export function sampleCampaignRequest(options: SampleRequestOptions): RenderRequest {
  const standIn = sampleStandIn(options.strategies, options.templateId);
  if (standIn === options.templateId) return sampleRequest(options);
  return { ...sampleRequest({ ...options, templateId: standIn }), templateId: options.templateId };
}

/**
 * The committed JSON Schema file, formatted the way the repository's Prettier formats it, so that
 * `prettier --check` and the "file is current" test agree. Prettier is a development tool of the
 * repository (a root devDependency): only the export script and its test load this module.
 */
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { campaignJsonSchemaText } from './campaign-json-schema.js';

/** `services/campaigns/campaign.schema.json`, beside `src/`. */
export const CAMPAIGN_JSON_SCHEMA_FILE = new URL('../../campaign.schema.json', import.meta.url);

/** The file's text exactly as it is to be committed. */
export async function formattedCampaignJsonSchema(): Promise<string> {
  const filepath = fileURLToPath(CAMPAIGN_JSON_SCHEMA_FILE);
  const options = (await resolveConfig(filepath)) ?? {};
  return format(campaignJsonSchemaText(), { ...options, filepath });
}

/**
 * Writes `services/campaigns/campaign.schema.json` from the zod schema:
 * `npx tsx --conditions=@kindly/source services/campaigns/src/definition/export-campaign-schema.ts`.
 */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import {
  CAMPAIGN_JSON_SCHEMA_FILE,
  formattedCampaignJsonSchema,
} from './campaign-json-schema-file.js';

await writeFile(CAMPAIGN_JSON_SCHEMA_FILE, await formattedCampaignJsonSchema());
console.log(`wrote ${fileURLToPath(CAMPAIGN_JSON_SCHEMA_FILE)}`);

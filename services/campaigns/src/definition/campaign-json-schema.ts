/**
 * The JSON Schema of a campaign file, for editors and for teams that write campaigns by tool.
 * Pure: it only builds the text. `export-campaign-schema.ts` writes it to
 * `services/campaigns/campaign.schema.json`, and a unit test fails while that file is stale.
 */
import { z } from 'zod';
import { Campaign } from './campaign.schema.js';

/** The JSON Schema (draft 2020-12) of what a campaign file may say, before defaults apply. */
export function campaignJsonSchema(): Record<string, unknown> {
  // Input, not output: an author writes what is accepted, and may leave out defaulted fields.
  const { $schema, ...body } = z.toJSONSchema(Campaign, { io: 'input' });
  return {
    $schema,
    $id: 'urn:kindly:campaign',
    title: 'Kindly repayment-offer campaign',
    ...body,
    description:
      'A repayment-offer campaign definition (YAML or JSON). Generated from the zod schema in ' +
      'services/campaigns/src/definition/ by export-campaign-schema.ts; do not edit. ' +
      'Rules across fields (ranges in order, no duplicates, every variant worded for every ' +
      'channel in the same locales, the flags a marketing campaign ' +
      'must exclude, known IANA zones, canonical locales) are checked by loadCampaign only.',
  };
}

/** 2-space JSON with a final newline, before the repository's formatting. */
export function campaignJsonSchemaText(): string {
  return `${JSON.stringify(campaignJsonSchema(), null, 2)}\n`;
}

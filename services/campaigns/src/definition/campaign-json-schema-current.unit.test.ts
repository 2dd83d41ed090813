import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { campaignJsonSchema } from './campaign-json-schema.js';
import {
  CAMPAIGN_JSON_SCHEMA_FILE,
  formattedCampaignJsonSchema,
} from './campaign-json-schema-file.js';

const STALE =
  'services/campaigns/campaign.schema.json is out of date: run ' +
  'npx tsx --conditions=@kindly/source services/campaigns/src/definition/export-campaign-schema.ts';

describe('the committed campaign JSON Schema', () => {
  it('is exactly what the zod schema gives', async () => {
    const committed = await readFile(CAMPAIGN_JSON_SCHEMA_FILE, 'utf8');
    expect(committed, STALE).toBe(await formattedCampaignJsonSchema());
  });

  it('is strict, keeps money whole and describes every field', () => {
    const schema = campaignJsonSchema();
    expect(schema).toMatchObject({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      $id: 'urn:kindly:campaign',
      additionalProperties: false,
    });
    const text = JSON.stringify(schema);
    expect(text).toMatch(/"amountMinor":\{"type":"integer"/);
    expect(text).toContain('"const":"marketing"');
    expect(undescribedProperties(schema)).toEqual([]);
  });
});

/** Paths of object properties in the schema that carry no description. */
function undescribedProperties(node: unknown, path = '$'): string[] {
  if (Array.isArray(node))
    return node.flatMap((item, i) => undescribedProperties(item, `${path}[${i}]`));
  if (typeof node !== 'object' || node === null) return [];
  const found: string[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key === 'properties' && typeof value === 'object' && value !== null) {
      for (const [name, property] of Object.entries(value as Record<string, unknown>)) {
        const described =
          typeof property === 'object' && property !== null && 'description' in property;
        if (!described) found.push(`${path}.${name}`);
      }
    }
    found.push(...undescribedProperties(value, `${path}.${key}`));
  }
  return found;
}

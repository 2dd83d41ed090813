/** The example campaigns under `services/campaigns/campaigns/`, read for tests. */
import { readFileSync } from 'node:fs';
import type { Campaign } from '../campaign.schema.js';
import { loadCampaign } from '../load-campaign.js';

export const INSTALMENT_PLAN_FILE = 'instalment-plan-2027-spring.yaml';
export const SETTLEMENT_DISCOUNT_FILE = 'settlement-discount-2027-q2.yaml';

/** The text of an example campaign file. */
export function exampleCampaignText(file: string): string {
  return readFileSync(new URL(`../../../campaigns/${file}`, import.meta.url), 'utf8');
}

/** An example campaign, loaded; throws with the loader's messages if it is not valid. */
export function exampleCampaign(file: string): Campaign {
  const result = loadCampaign(exampleCampaignText(file), file);
  if (!result.ok) throw new Error(result.messages.join('\n'));
  return result.campaign;
}

/**
 * A campaign's report from what the campaigns service kept: its launch (the campaign as
 * launched), every assignment, the campaign's messages and what they met, and the payments of
 * the assigned accounts. Reads one tenant's part: attribution never mixes banks.
 */
import type { Db } from '@kindly/mongo';
import { campaignReport, type CampaignPrices, type CampaignReport } from '../attribution/index.js';
import { createCampaignMessagesRepository } from '../data-access/campaign-messages.repository.js';
import { createExposuresRepository } from '../data-access/exposures.repository.js';
import { createLaunchesRepository } from '../data-access/launches.repository.js';
import { createPaymentsRepository, type KeptPayment } from '../data-access/payments.repository.js';
import type { Launch } from '../launch/launch.js';
import { exposuresForReport, paymentsForReport } from './report-input.js';

export type BuiltReport =
  | { readonly kind: 'report'; readonly report: CampaignReport; readonly launch: Launch }
  | { readonly kind: 'no-launch' }
  | { readonly kind: 'tenant-needed'; readonly tenants: readonly string[] };

/** What an SMS segment and a letter cost when nobody says: US list prices, in the budget's currency. */
export function defaultPrices(currency: string): CampaignPrices {
  return {
    smsSegment: { currency, amountMinor: 83, perUnits: 100 },
    letter: { currency, amountMinor: 65, perUnits: 1 },
  };
}

export async function buildCampaignReport(
  db: Db,
  campaignId: string,
  options: {
    readonly tenant?: string;
    readonly prices?: (currency: string) => CampaignPrices;
  } = {},
): Promise<BuiltReport> {
  const launch = await createLaunchesRepository(db).get(campaignId);
  if (launch === undefined) return { kind: 'no-launch' };
  const all = await createExposuresRepository(db).ofCampaign(campaignId);
  const tenants = [...new Set(all.map((e) => e.tenantId))].sort();
  const tenantId = options.tenant ?? (tenants.length <= 1 ? (tenants[0] ?? '') : undefined);
  if (tenantId === undefined) return { kind: 'tenant-needed', tenants };
  const exposures = all.filter((e) => e.tenantId === tenantId);
  const messages = [];
  for await (const message of createCampaignMessagesRepository(db).ofCampaign(campaignId)) {
    if (message.tenantId === tenantId) messages.push(message);
  }
  const payments: KeptPayment[] = [];
  const kept = createPaymentsRepository(db);
  const ids = exposures.map((e) => e.accountId);
  for (let i = 0; i < ids.length; i += 1_000) {
    payments.push(...(await kept.ofAccounts(tenantId, ids.slice(i, i + 1_000))));
  }
  const currency = launch.campaign.throttle.budget.currency;
  const report = campaignReport({
    rules: { tenantId, campaignId, windowDays: launch.campaign.attributionWindowDays },
    exposures: exposuresForReport(exposures, messages),
    payments: paymentsForReport(payments),
    prices: (options.prices ?? defaultPrices)(currency),
    variants: launch.campaign.variants.map((v) => v.id),
  });
  return { kind: 'report', report, launch };
}

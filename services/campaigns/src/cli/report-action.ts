/**
 * `kindly campaign report <id>`: the campaign's attribution from what the campaigns service kept:
 * per variant and for the holdout, contacted, delivered, clicked, paid, amount, conversion,
 * uplift with its 95 % interval, cost; as a table, CSV (`--csv FILE`), HTML with charts
 * (`--html FILE`) or JSON.
 */
import { writeFileSync } from 'node:fs';
import type { Db } from '@kindly/mongo';
import {
  campaignReport,
  campaignReportCsv,
  campaignReportRows,
  type CampaignPrices,
  type CampaignReport,
} from '../attribution/index.js';
import { createCampaignMessagesRepository } from '../data-access/campaign-messages.repository.js';
import { createExposuresRepository } from '../data-access/exposures.repository.js';
import { createLaunchesRepository } from '../data-access/launches.repository.js';
import { createPaymentsRepository, type KeptPayment } from '../data-access/payments.repository.js';
import { campaignReportHtml } from '../report/report-html.js';
import { exposuresForReport, paymentsForReport } from '../report/report-input.js';
import type { CampaignCliIo } from './campaign-command.js';

export class ReportUsageError extends Error {}

export interface ReportOptions {
  readonly tenant?: string;
  readonly csv?: string;
  readonly html?: string;
  readonly json?: boolean;
  readonly smsSegmentPrice: string;
  readonly letterPrice: string;
}

/** `0.0083` in a two-decimal currency: 83 minor units per 100 items. */
export function unitPrice(text: string, currency: string, option: string) {
  const match = /^(\d{1,6})(?:\.(\d{1,6}))?$/.exec(text);
  if (!match) throw new ReportUsageError(`${option} expects a decimal price, e.g. 0.0083`);
  const decimals = match[2] ?? '';
  const minorDigits = Math.max(0, decimals.length - 2);
  const perUnits = 10 ** minorDigits;
  const amountMinor = Number(`${match[1]}${decimals.padEnd(2, '0')}`);
  return { currency, amountMinor, perUnits };
}

export async function campaignReportAction(
  db: Db,
  io: CampaignCliIo,
  campaignId: string,
  options: ReportOptions,
): Promise<number> {
  const launch = await createLaunchesRepository(db).get(campaignId);
  if (launch === undefined) {
    io.stderr.write(`kindly campaign: no launch of ${campaignId}\n`);
    return 1;
  }
  const all = await createExposuresRepository(db).ofCampaign(campaignId);
  const tenants = [...new Set(all.map((e) => e.tenantId))].sort();
  const tenantId = options.tenant ?? (tenants.length <= 1 ? tenants[0] : undefined);
  if (tenantId === undefined) {
    throw new ReportUsageError(
      `the campaign reached ${tenants.length} tenants: name one with --tenant`,
    );
  }
  const exposures = all.filter((e) => e.tenantId === tenantId);
  const messages = [];
  for await (const message of createCampaignMessagesRepository(db).ofCampaign(campaignId)) {
    if (message.tenantId === tenantId) messages.push(message);
  }
  const payments: KeptPayment[] = [];
  const paymentsRepository = createPaymentsRepository(db);
  const ids = exposures.map((e) => e.accountId);
  for (let i = 0; i < ids.length; i += 1_000) {
    payments.push(...(await paymentsRepository.ofAccounts(tenantId, ids.slice(i, i + 1_000))));
  }
  const currency = launch.campaign.throttle.budget.currency;
  const prices: CampaignPrices = {
    smsSegment: unitPrice(options.smsSegmentPrice, currency, '--sms-segment-price'),
    letter: unitPrice(options.letterPrice, currency, '--letter-price'),
  };
  const report = campaignReport({
    rules: { tenantId, campaignId, windowDays: launch.campaign.attributionWindowDays },
    exposures: exposuresForReport(exposures, messages),
    payments: paymentsForReport(payments),
    prices,
    variants: launch.campaign.variants.map((v) => v.id),
  });
  if (options.csv) writeFileSync(options.csv, campaignReportCsv(report));
  if (options.html) {
    const meta = {
      name: launch.campaign.name,
      version: launch.campaign.version,
      madeAt: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    };
    writeFileSync(options.html, await campaignReportHtml(report, meta));
  }
  io.stdout.write(options.json ? `${JSON.stringify(jsonOf(report))}\n` : tableOf(report));
  return 0;
}

function jsonOf(report: CampaignReport) {
  const { attributions, ...rest } = report;
  return { ...rest, attributed: attributions.filter((a) => a.attribution.by !== 'none').length };
}

/** The CSV's columns that matter most, aligned for a terminal. */
function tableOf(report: CampaignReport): string {
  const [header = [], ...rows] = campaignReportRows(report);
  const keep = [
    'group',
    'variant',
    'accounts',
    'contacted',
    'delivered',
    'paid',
    'conversion',
    'uplift',
    'uplift_ci95_lower',
    'uplift_ci95_upper',
  ].map((name) => header.indexOf(name));
  const table = [header, ...rows].map((row) => keep.map((i) => row[i] ?? ''));
  const widths = keep.map((_, c) => Math.max(...table.map((row) => (row[c] ?? '').length)));
  return `${table
    .map((row) =>
      row
        .map((cell, c) => cell.padEnd(widths[c] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n')}\n`;
}

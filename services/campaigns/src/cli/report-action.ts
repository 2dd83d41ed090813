/**
 * `kindly campaign report <id>`: the campaign's attribution from what the campaigns service kept:
 * per variant and for the holdout, contacted, delivered, clicked, paid, amount, conversion,
 * uplift with its 95 % interval, cost; as a table, CSV (`--csv FILE`), HTML with charts
 * (`--html FILE`) or JSON.
 */
import { writeFileSync } from 'node:fs';
import type { Db } from '@kindly/mongo';
import {
  campaignReportCsv,
  campaignReportRows,
  type CampaignReport,
} from '../attribution/index.js';
import { buildCampaignReport } from '../report/build-report.js';
import { campaignReportHtml } from '../report/report-html.js';
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
  const built = await buildCampaignReport(db, campaignId, {
    ...(options.tenant !== undefined ? { tenant: options.tenant } : {}),
    prices: (currency) => ({
      smsSegment: unitPrice(options.smsSegmentPrice, currency, '--sms-segment-price'),
      letter: unitPrice(options.letterPrice, currency, '--letter-price'),
    }),
  });
  if (built.kind === 'no-launch') {
    io.stderr.write(`kindly campaign: no launch of ${campaignId}\n`);
    return 1;
  }
  if (built.kind === 'tenant-needed') {
    throw new ReportUsageError(
      `the campaign reached ${built.tenants.length} tenants: name one with --tenant`,
    );
  }
  const { report, launch } = built;
  if (options.csv) writeFileSync(options.csv, campaignReportCsv(report));
  if (options.html) {
    const meta = {
      name: launch.campaign.name,
      version: launch.campaign.version,
      madeAt: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    };
    writeFileSync(options.html, await campaignReportHtml(report, meta));
  }
  io.stdout.write(
    options.json ? `${JSON.stringify(campaignReportJson(report))}\n` : campaignReportTable(report),
  );
  return 0;
}

/** The report as JSON (the CLI's `--json`, the operator API): the counts, not each payment. */
export function campaignReportJson(report: CampaignReport) {
  const { attributions, ...rest } = report;
  return { ...rest, attributed: attributions.filter((a) => a.attribution.by !== 'none').length };
}

/** The CSV's columns that matter most, aligned for a terminal. */
export function campaignReportTable(report: CampaignReport): string {
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

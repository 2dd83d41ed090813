/**
 * The demo campaign's outcome: its launch counts and its report (per variant and for the
 * holdout: contacted, delivered, paid, conversion, uplift with its 95 % interval), as text for
 * the terminal, a page of its own (campaign-report.html) and JSON for summary.json.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  buildCampaignReport,
  campaignReportHtml,
  campaignReportTable,
  handedOffTotal,
  type Launch,
} from '@kindly/campaigns';
import type { Db } from '@kindly/mongo';

/** The demo's campaign file (from `src/` and from `dist/`, the same file). */
export const DEMO_CAMPAIGN_FILE = fileURLToPath(
  new URL('../../src/demo/demo-campaign.yaml', import.meta.url),
);

export interface CampaignOutcome {
  readonly text: string;
  readonly reportFile?: string;
  readonly json: {
    readonly campaignId: string;
    readonly status?: Launch['status'];
    readonly counts?: Launch['counts'];
    readonly groups?: readonly {
      readonly group: string;
      readonly accounts: number;
      readonly contacted: number;
      readonly delivered: number;
      readonly paid: number;
      readonly conversion: number | null;
      readonly upliftPoints: number | null;
    }[];
  };
}

export async function campaignOutcome(
  db: Db,
  campaignId: string,
  dir: string,
): Promise<CampaignOutcome> {
  const built = await buildCampaignReport(db, campaignId);
  if (built.kind !== 'report') {
    return { text: `campaign ${campaignId}: no report (${built.kind})`, json: { campaignId } };
  }
  const { report, launch } = built;
  const reportFile = join(dir, 'campaign-report.html');
  const madeAt = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  writeFileSync(
    reportFile,
    await campaignReportHtml(report, {
      name: launch.campaign.name,
      version: launch.campaign.version,
      madeAt,
    }),
  );
  const c = launch.counts;
  const text = [
    '',
    `campaign ${campaignId} (${launch.status}): walked ${c.scanned} accounts, ${c.notInSegment} outside the segment, ` +
      `${c.noOffer} with no offer open, ${c.noWording} without wording in their language; ` +
      `holdout ${c.holdout}, handed to the planner ${handedOffTotal(c)}`,
    campaignReportTable(report).trimEnd(),
    `campaign report: ${reportFile}`,
  ].join('\n');
  return {
    text,
    reportFile,
    json: {
      campaignId,
      status: launch.status,
      counts: launch.counts,
      groups: report.groups.map((g) => ({
        group: g.arm.group === 'holdout' ? 'holdout' : g.arm.variant,
        accounts: g.accounts,
        contacted: g.contacted,
        delivered: g.delivered,
        paid: g.paid,
        conversion: g.conversion.available ? g.conversion.value : null,
        upliftPoints: g.uplift.available ? g.uplift.value.difference * 100 : null,
      })),
    },
  };
}

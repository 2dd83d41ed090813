/**
 * The demo campaign: the day it runs on (derived from the run's length, so that a short run has
 * one too), and its outcome: its launch counts and its report (per variant and for the holdout:
 * contacted, delivered, paid, by reference and by the window alone, conversion, uplift with its
 * 95 % interval), as text for the terminal, a page of its own (campaign-report.html) and JSON
 * for summary.json.
 */
import { readFileSync, writeFileSync } from 'node:fs';
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
import type { OfferTakerCounts } from './offer-takers.js';
import type { DateTime } from 'luxon';
import { parseDocument } from 'yaml';

/** The demo's campaign file (from `src/` and from `dist/`, the same file). */
export const DEMO_CAMPAIGN_FILE = fileURLToPath(
  new URL('../../src/demo/demo-campaign.yaml', import.meta.url),
);

/** The simulated day (1 = the first) a full run's campaign walks on: its file's date. */
export const DEMO_CAMPAIGN_DAY = 4;

/**
 * The simulated day the campaign walks on in a run of `days`: the fourth, or halfway through a
 * run shorter than a week (the first of two days, the second of three), so that every run has a
 * campaign and some days after it for its payments to come in. Always a weekday: the runs start
 * on a Monday and the campaign sends Monday to Friday.
 */
export function demoCampaignDay(days: number): number {
  return Math.max(1, Math.min(DEMO_CAMPAIGN_DAY, Math.ceil(days / 2)));
}

/** The demo campaign as launched in a run: its file, its schedule moved to the run's day. */
export interface DemoCampaignSource {
  readonly bytes: Buffer;
  /** 1 = the run's first day. */
  readonly day: number;
  /** Its local date, `YYYY-MM-DD`, in the campaign's zone. */
  readonly date: string;
  readonly timeZone: string;
}

/**
 * The campaign file for a run that starts on `start` and lasts `days`: as written when its date
 * is the run's campaign day (a full run launches the file's own bytes), else with its schedule's
 * start and end moved to that day (the rest of the file, comments included, as it was).
 */
export function demoCampaignSource(start: DateTime, days: number): DemoCampaignSource {
  const text = readFileSync(DEMO_CAMPAIGN_FILE, 'utf8');
  const document = parseDocument(text);
  const day = demoCampaignDay(days);
  const date = start.plus({ days: day - 1 }).toISODate() ?? '';
  const timeZone = String(document.getIn(['schedule', 'timeZone']));
  const fileDate = String(document.getIn(['schedule', 'start']));
  if (fileDate === date && String(document.getIn(['schedule', 'end'])) === date) {
    return { bytes: Buffer.from(text), day, date, timeZone };
  }
  document.setIn(['schedule', 'start'], date);
  document.setIn(['schedule', 'end'], date);
  return { bytes: Buffer.from(document.toString()), day, date, timeZone };
}

export interface CampaignOutcome {
  readonly text: string;
  readonly reportFile?: string;
  readonly json: {
    readonly campaignId: string;
    /** The simulated day it was to walk on (1 = the first) and that day's date in its zone. */
    readonly day?: number;
    readonly date?: string;
    readonly status?: Launch['status'];
    readonly counts?: Launch['counts'];
    readonly groups?: readonly {
      readonly group: string;
      readonly accounts: number;
      readonly contacted: number;
      readonly delivered: number;
      readonly paid: number;
      /** Paid through the message's own link: its signed reference came back on the payment. */
      readonly paidByReference: number;
      readonly conversion: number | null;
      readonly upliftPoints: number | null;
    }[];
  };
}

export async function campaignOutcome(
  db: Db,
  campaignId: string,
  dir: string,
  when: Pick<DemoCampaignSource, 'day' | 'date' | 'timeZone'>,
  takers?: OfferTakerCounts,
): Promise<CampaignOutcome> {
  const on = `simulated day ${when.day} (${when.date}, ${when.timeZone})`;
  const built = await buildCampaignReport(db, campaignId);
  if (built.kind !== 'report') {
    return {
      text: `campaign ${campaignId}, ${on}: no report (${built.kind})`,
      json: { campaignId, day: when.day, date: when.date },
    };
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
  const groups = report.groups.map((g) => ({
    group: g.arm.group === 'holdout' ? 'holdout' : g.arm.variant,
    accounts: g.accounts,
    contacted: g.contacted,
    delivered: g.delivered,
    paid: g.paid,
    paidByReference: g.paidByReference,
    conversion: g.conversion.available ? g.conversion.value : null,
    upliftPoints: g.uplift.available ? g.uplift.value.difference * 100 : null,
  }));
  const sum = (of: (g: (typeof groups)[number]) => number) => groups.reduce((n, g) => n + of(g), 0);
  const byReference = sum((g) => g.paidByReference);
  const walked =
    c.scanned === 0
      ? `did not walk in this run (${launch.status}): nobody was assigned, so it has nothing to report`
      : `walked ${c.scanned} accounts, ${c.notInSegment} outside the segment, ` +
        `${c.noOffer} with no offer open, ${c.noWording} without wording in their language; ` +
        `holdout ${c.holdout}, handed to the planner ${handedOffTotal(c)}`;
  const text = [
    '',
    `campaign ${campaignId} (${launch.status}), ${on}: ${walked}`,
    campaignReportTable(report).trimEnd(),
    `paid through the message's link (by reference) ${byReference}, by the window alone ` +
      `${sum((g) => g.paid) - byReference}: ` +
      groups.map((g) => `${g.group} ${g.paid} (${g.paidByReference} by reference)`).join(', '),
    ...(takers === undefined
      ? []
      : [
          `(the customers' side: ${takers.paid} paid after taking the offer, ${takers.throughLink} of them through the message's link)`,
        ]),
    `campaign report: ${reportFile}`,
  ].join('\n');
  return {
    text,
    reportFile,
    json: {
      campaignId,
      day: when.day,
      date: when.date,
      status: launch.status,
      counts: launch.counts,
      groups,
    },
  };
}

/**
 * The campaign report as CSV (RFC 4180: comma-separated, CRLF line ends, a field quoted when it
 * holds a comma, a double quote, CR or LF, with its quotes doubled). One row per group. Amounts
 * are integer minor units, one column per currency found in the report, so that a spreadsheet
 * sums them exactly; a measure that is not available is `n/a`, never an empty or NaN cell.
 */
import type { Money } from '@kindly/contracts';
import type { CampaignReport, GroupReport, Measure } from './campaign-report.js';

export const NOT_AVAILABLE = 'n/a';

/** RFC 4180 quoting of one field. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * A name a spreadsheet would read as a formula (`=`, `+`, `-`, `@`, tab, CR first) gets a
 * leading apostrophe (OWASP's CSV-injection advice). Only for text: numbers are ours.
 */
function safeText(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** Six decimals are ample for a proportion and keep 0.1 + 0.2 from printing 17 digits. */
function decimal(value: number): string {
  return String(Number(value.toFixed(6)));
}

function measure(value: Measure<number>): string {
  return value.available ? decimal(value.value) : NOT_AVAILABLE;
}

function currenciesOf(report: CampaignReport, of: (row: GroupReport) => readonly Money[]) {
  return [...new Set(report.groups.flatMap((row) => of(row).map((m) => m.currency)))].sort();
}

function amountIn(amounts: readonly Money[], currency: string): string {
  return String(amounts.find((m) => m.currency === currency)?.amountMinor ?? 0);
}

/** The header and one row per group, as strings, for a caller that writes another format. */
export function campaignReportRows(report: CampaignReport): string[][] {
  const paidCurrencies = currenciesOf(report, (row) => row.amountPaid);
  const costCurrencies = currenciesOf(report, (row) => row.cost);
  const header = [
    'group',
    'variant',
    'accounts',
    'contacted',
    'delivered',
    'clicked',
    'paid',
    'paid_by_reference',
    'conversion',
    'uplift',
    'uplift_ci95_lower',
    'uplift_ci95_upper',
    'relative_uplift',
    ...paidCurrencies.map((currency) => `amount_paid_${currency}_minor`),
    'sms_segments',
    'letters',
    ...costCurrencies.map((currency) => `cost_${currency}_minor`),
  ];
  const rows = report.groups.map((row) => {
    const uplift = row.uplift.available ? row.uplift.value : undefined;
    return [
      row.arm.group,
      row.arm.group === 'treatment' ? safeText(row.arm.variant) : '',
      ...[row.accounts, row.contacted, row.delivered, row.clicked].map(String),
      ...[row.paid, row.paidByReference].map(String),
      measure(row.conversion),
      uplift ? decimal(uplift.difference) : NOT_AVAILABLE,
      uplift ? decimal(uplift.ci95.lower) : NOT_AVAILABLE,
      uplift ? decimal(uplift.ci95.upper) : NOT_AVAILABLE,
      uplift ? measure(uplift.relative) : NOT_AVAILABLE,
      ...paidCurrencies.map((currency) => amountIn(row.amountPaid, currency)),
      String(row.smsSegments),
      String(row.letters),
      ...costCurrencies.map((currency) => amountIn(row.cost, currency)),
    ];
  });
  return [header, ...rows];
}

/** The whole CSV document, CRLF after every record (RFC 4180 §2). */
export function campaignReportCsv(report: CampaignReport): string {
  return campaignReportRows(report)
    .map((row) => `${row.map(csvField).join(',')}\r\n`)
    .join('');
}

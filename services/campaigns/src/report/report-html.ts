/**
 * The campaign report as one self-contained HTML page: the table of the CSV, and the conversion
 * of each group with its 95 % interval against the holdout, drawn by Vega-Lite as inline SVG (so
 * the page opens anywhere, offline, and prints).
 */
import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { campaignReportRows, type CampaignReport } from '../attribution/index.js';

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Conversion per group, and the uplift's interval for each variant, as a Vega-Lite chart. */
async function conversionChart(report: CampaignReport): Promise<string> {
  const values = report.groups.map((group) => {
    const name = group.arm.group === 'holdout' ? 'holdout' : group.arm.variant;
    const conversion = group.conversion.available ? group.conversion.value * 100 : null;
    const uplift = group.uplift.available ? group.uplift.value : undefined;
    return {
      group: name,
      conversion,
      lower: uplift ? uplift.ci95.lower * 100 : null,
      upper: uplift ? uplift.ci95.upper * 100 : null,
      difference: uplift ? uplift.difference * 100 : null,
    };
  });
  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: 420,
    height: 60 + 28 * values.length,
    data: { values },
    hconcat: [
      {
        title: 'Conversion: paid / accounts (%)',
        mark: { type: 'bar', color: '#0b6e4f' },
        encoding: {
          y: { field: 'group', type: 'nominal', title: null, sort: null },
          x: { field: 'conversion', type: 'quantitative', title: '% of accounts that paid' },
        },
      },
      {
        title: 'Uplift over the holdout, 95 % interval (percentage points)',
        layer: [
          {
            mark: { type: 'rule', strokeWidth: 2 },
            encoding: {
              y: { field: 'group', type: 'nominal', title: null, sort: null },
              x: { field: 'lower', type: 'quantitative', title: 'points' },
              x2: { field: 'upper' },
            },
          },
          {
            mark: { type: 'point', filled: true, size: 60, color: '#0b6e4f' },
            encoding: {
              y: { field: 'group', type: 'nominal', sort: null },
              x: { field: 'difference', type: 'quantitative' },
            },
          },
          {
            mark: { type: 'rule', strokeDash: [4, 4], color: '#888' },
            encoding: { x: { datum: 0 } },
          },
        ],
      },
    ],
  };
  const view = new View(parse(compile(spec).spec), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  return svg;
}

export async function campaignReportHtml(
  report: CampaignReport,
  meta: { readonly name: string; readonly version: number; readonly madeAt: string },
): Promise<string> {
  const [header = [], ...rows] = campaignReportRows(report);
  const table =
    `<table><thead><tr>${header.map((h) => `<th>${escape(h)}</th>`).join('')}</tr></thead>` +
    `<tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${escape(c)}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
  const notAttributed = Object.entries(report.notAttributed)
    .map(([why, count]) => `${escape(why)} ${count}`)
    .join(', ');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(report.campaignId)}: campaign report</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;color:#1f2933}table{border-collapse:collapse;font-size:13px}
th,td{border:1px solid #d9dde3;padding:4px 8px;text-align:right}th{background:#f5f7fa}td:first-child,td:nth-child(2){text-align:left}</style>
</head><body>
<h1>${escape(meta.name)}</h1>
<p>${escape(report.campaignId)} v${meta.version} · report made ${escape(meta.madeAt)} · payments within ${report.windowDays} days of the exposure count (by the message's signed reference first)</p>
${await conversionChart(report)}
<h2>By group</h2>
${table}
<p>Payments not attributed: ${notAttributed || 'none'}.</p>
<p>Conversion is over every account assigned (intention to treat): a treatment account the policy kept from contact counts as not converted. The holdout is never contacted. Interval: Newcombe's hybrid score method.</p>
</body></html>
`;
}

/**
 * The demo's report as one self-contained HTML page: the summary's tables and bar charts drawn
 * as inline SVG, so that it opens anywhere without a network or a charting library.
 */
import type { CampaignOutcome } from './demo-campaign.js';
import type { Counts, DemoSummary } from './summary.js';
import { auditVerdictOk, type AuditVerdict } from './audit-verdict.js';
import type { Reconciliation } from './reconciliation.js';

const COLOURS: Readonly<Record<string, string>> = {
  sms: '#2b8a3e',
  email: '#1c7ed6',
  letter: '#e67700',
  'agent-call': '#862e9c',
};

export function htmlReport(
  s: DemoSummary,
  r: Reconciliation,
  audit: AuditVerdict,
  title: string,
  campaign?: CampaignOutcome,
): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title>
<style>body{font:14px system-ui,sans-serif;margin:2em;max-width:70em;color:#222}
table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border-bottom:1px solid #ddd;padding:.2em .8em;text-align:left}
td.n{text-align:right}h2{margin-top:1.5em}.ok{color:#2b8a3e}.bad{color:#c92a2a}</style></head><body>
<h1>${escape(title)}</h1>
<p>${s.accounts} accounts. ${s.planned} messages planned: ${s.released} released, ${s.cancelled} cancelled before release, ${s.waiting} still waiting.</p>
<h2>Reconciliation</h2>
<p>Each number from its own source: the events on the topics, the services' records, what the Twilio stand-in and the SMTP catcher received, the PDFs in the print outbox.
<strong class="${r.ok ? 'ok' : 'bad'}">${r.ok ? 'Every check holds.' : 'The numbers do not reconcile.'}</strong></p>
${reconciliationTable(r)}
${auditSection(audit)}
${campaign ? campaignSection(campaign) : ''}
<h2>Messages sent per simulated day</h2>
${stackedBars(s.sentPerDay)}
${section('Sent, by channel', s.sentByChannel)}
${section('Planned, by stage and channel', s.plannedByChannelStage)}
${section('Suppressed decisions, by reason', s.suppressedByReason)}
${section('Cancelled before release, by reason', s.cancelledByReason)}
${section('Provider reports after sending', s.deliveryByStatus)}
${section('Stopped at send (the last look)', s.stoppedAtSendByReason)}
${section('Failed at send', s.failedAtSendByReason)}
${section(`Withdrawn after release (${r.withdrawnAfterRelease.inTime} in time, ${r.withdrawnAfterRelease.tooLate} too late)`, r.withdrawnAfterRelease.byReason)}
${section('Escalations', s.escalationsByReason)}
${section('Consent revocations, by source', s.consentRevocationsBySource)}
<h2>Outcomes</h2>
<table><tr><td>letters produced</td><td class="n">${s.lettersProduced}</td></tr>
<tr><td>agent tasks</td><td class="n">${s.agentTasks}</td></tr>
<tr><td>promises made / kept / broken</td><td class="n">${s.promisesMade} / ${s.promisesKept} / ${s.promisesBroken}</td></tr>
<tr><td>accounts cured</td><td class="n">${s.accountsCured}</td></tr></table>
</body></html>
`;
}

/** The audit's verdicts, with a link to the violation report beside this page. */
function auditSection(audit: AuditVerdict): string {
  const { verify, violations } = audit;
  const cls = auditVerdictOk(audit) ? 'ok' : 'bad';
  return `<h2>Audit</h2>
<p>The audit service's record: <strong class="${verify.ok ? 'ok' : 'bad'}">${verify.ok ? `verified whole, ${verify.records} records in ${verify.accounts} hash chains` : `NOT verified (${verify.brokenChainCount} broken chains${verify.brokenAnchor ? `, anchor ${verify.brokenAnchor.seq}: ${escape(verify.brokenAnchor.reason)}` : ''})`}</strong>.
Every send re-checked by the audit's own rules (no code shared with the planner): <strong class="${cls}">${violations.total === 0 ? `no violation in ${violations.sends} sends` : `${violations.total} violations in ${violations.sends} sends`}</strong>.
<a href="${escape(audit.violationsFile)}">The violation report</a>.</p>`;
}

function reconciliationTable(r: Reconciliation): string {
  const rows = r.checks
    .map((check) => {
      const numbers = check.numbers.map((n) => `${escape(n.label)} ${n.value}`);
      const [first, ...rest] = numbers;
      const equation =
        check.form === 'sum' ? `${first ?? ''} = ${rest.join(' + ')}` : numbers.join(' = ');
      const problems = check.problems.map((p) => `<br><span class="bad">${escape(p)}</span>`);
      return `<tr><td class="${check.holds ? 'ok' : 'bad'}">${check.holds ? 'holds' : 'FAILS'}</td><td>${equation}${problems.join('')}</td></tr>`;
    })
    .join('');
  return `<table>${rows}</table>`;
}

function section(title: string, counts: Counts): string {
  const rows = Object.entries(counts).sort(([, a], [, b]) => b - a);
  if (rows.length === 0) return `<h2>${escape(title)}</h2><p>none</p>`;
  const max = Math.max(...rows.map(([, v]) => v));
  const bars = rows
    .map(([k, v], i) => {
      const width = Math.max(1, Math.round((v / max) * 400));
      return `<text x="0" y="${i * 22 + 15}">${escape(k)}</text><rect x="260" y="${i * 22 + 3}" width="${width}" height="16" fill="#4263eb"/><text x="${266 + width}" y="${i * 22 + 15}">${v}</text>`;
    })
    .join('');
  return `<h2>${escape(title)}</h2><svg width="740" height="${rows.length * 22 + 6}" font-size="12">${bars}</svg>`;
}

function stackedBars(perDay: readonly Counts[]): string {
  const totals = perDay.map((d) => Object.values(d).reduce((a, b) => a + b, 0));
  const max = Math.max(1, ...totals);
  const width = 10;
  const height = 160;
  const bars = perDay
    .map((day, i) => {
      let y = height;
      return Object.entries(day)
        .map(([channel, v]) => {
          const h = Math.round((v / max) * height);
          y -= h;
          return `<rect x="${i * (width + 2)}" y="${y}" width="${width}" height="${h}" fill="${COLOURS[channel] ?? '#868e96'}"><title>day ${i + 1} ${escape(channel)}: ${v}</title></rect>`;
        })
        .join('');
    })
    .join('');
  const legend = Object.entries(COLOURS)
    .map(
      ([c, colour], i) =>
        `<rect x="${i * 110}" y="${height + 12}" width="10" height="10" fill="${colour}"/><text x="${i * 110 + 14}" y="${height + 21}">${c}</text>`,
    )
    .join('');
  return `<svg width="${Math.max(480, perDay.length * (width + 2))}" height="${height + 30}" font-size="12">${bars}${legend}</svg>`;
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The demo campaign: who was in which group, who paid, and the uplift over the holdout. */
function campaignSection(campaign: CampaignOutcome): string {
  const { json } = campaign;
  const rows = (json.groups ?? [])
    .map(
      (g) =>
        `<tr><td>${escape(g.group)}</td><td class="n">${g.accounts}</td><td class="n">${g.contacted}</td><td class="n">${g.delivered}</td><td class="n">${g.paid}</td><td class="n">${g.paidByReference}</td>` +
        `<td class="n">${g.conversion === null ? 'n/a' : `${(g.conversion * 100).toFixed(1)} %`}</td>` +
        `<td class="n">${g.upliftPoints === null ? '—' : `${g.upliftPoints.toFixed(1)} points`}</td></tr>`,
    )
    .join('');
  const link = campaign.reportFile
    ? ' <a href="campaign-report.html">The full report, with its chart and intervals.</a>'
    : '';
  return `<h2>Campaign ${escape(json.campaignId)}</h2>
<p>Its segment was handed to the planner on ${json.day === undefined ? 'its scheduled day' : `simulated day ${json.day} (${escape(json.date ?? '')})`}; the holdout was never contacted; a payment counts for the campaign when it came through the message's link (by reference) or within its window after the contact.${link}</p>
<table><tr><th>group</th><th>accounts</th><th>contacted</th><th>delivered</th><th>paid</th><th>of them by reference</th><th>conversion</th><th>uplift over the holdout</th></tr>${rows}</table>`;
}

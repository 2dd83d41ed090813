/**
 * The violation report for people: plain text for a terminal, HTML for an examiner's browser
 * (self-contained, every value escaped), and the report itself as JSON for a script.
 */
import type { ViolationReport } from './violation-report.use-case.js';

export function violationReportText(report: ViolationReport): string {
  const lines = [
    `Re-checked ${report.sends} sends of ${report.accounts} accounts: ${report.total === 0 ? 'no violation' : `${report.total} violation${report.total === 1 ? '' : 's'}`}.`,
  ];
  for (const [kind, count] of Object.entries(report.byKind).sort()) {
    lines.push(`  ${kind}: ${count}`);
  }
  for (const { tenantId, accountId, violation } of report.violations) {
    const { send } = violation;
    const local = send.local.map((l) => `${l.local} ${l.zone}`).join(', ');
    lines.push(
      `${violation.kind} ${tenantId}/${accountId} message ${send.messageId} (${send.channel}) at ${send.at} (${local})`,
    );
  }
  if (report.violations.length < report.total) {
    lines.push(`(${report.total - report.violations.length} more not listed: see --format json)`);
  }
  return `${lines.join('\n')}\n`;
}

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

export function violationReportHtml(report: ViolationReport, generatedAt: string): string {
  const kinds = Object.entries(report.byKind)
    .sort()
    .map(([kind, count]) => `<tr><td>${escapeHtml(kind)}</td><td>${count}</td></tr>`)
    .join('');
  const rows = report.violations
    .map(({ tenantId, accountId, violation }) => {
      const { send, kind, ...evidence } = violation;
      return (
        `<tr><td>${escapeHtml(kind)}</td><td>${escapeHtml(`${tenantId}/${accountId}`)}</td>` +
        `<td>${escapeHtml(send.messageId)}</td><td>${escapeHtml(send.channel)}</td>` +
        `<td>${escapeHtml(send.at)}</td>` +
        `<td>${send.local.map((l) => escapeHtml(`${l.local} (${l.zone})`)).join('<br>')}</td>` +
        `<td><pre>${escapeHtml(JSON.stringify(evidence, null, 1))}</pre></td></tr>`
      );
    })
    .join('');
  const verdict =
    report.total === 0
      ? '<p class="ok">No violation found.</p>'
      : `<p class="bad">${report.total} violation${report.total === 1 ? '' : 's'} found.</p>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Kindly: violation report</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem}table{border-collapse:collapse}
td,th{border:1px solid #ccc;padding:.3rem .5rem;vertical-align:top;text-align:left}
pre{margin:0;font-size:.8rem}.ok{color:#05620b}.bad{color:#a00}</style></head>
<body><h1>Violation report</h1>
<p>Every send in the audit re-checked by the audit's own implementation of the policy (it shares
no rule code with the planner), against the facts in force at the instant it was sent.
Generated ${escapeHtml(generatedAt)}: ${report.sends} sends of ${report.accounts} accounts.</p>
${verdict}
<table><thead><tr><th>Kind</th><th>Count</th></tr></thead><tbody>${kinds}</tbody></table>
<h2>Violations</h2>
<table><thead><tr><th>Kind</th><th>Account</th><th>Message</th><th>Channel</th><th>Sent (UTC)</th>
<th>Local time</th><th>Evidence</th></tr></thead><tbody>${rows}</tbody></table>
</body></html>
`;
}

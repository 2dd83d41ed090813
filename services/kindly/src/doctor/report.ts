import { exitCodeOf, type Finding, type Status } from './finding.js';

const MARK: Readonly<Record<Status, string>> = { ok: '✓', warn: '⚠', error: '✗' };
// A finding lists this many names; --json lists them all.
const ITEMS_SHOWN = 8;
const CHECK_WIDTH = 8;

/** One line per finding, with what to do under it, and a closing count. */
export function formatText(findings: readonly Finding[]): string {
  const indent = ' '.repeat(CHECK_WIDTH + 3);
  const lines = findings.flatMap((finding) => {
    const head = `${MARK[finding.status]} ${finding.check.padEnd(CHECK_WIDTH)} ${finding.message}${itemsOf(finding)}`;
    return finding.fix ? [head, `${indent}→ ${finding.fix}`] : [head];
  });
  return `${lines.join('\n')}\n\n${summaryOf(findings)}\n`;
}

function itemsOf(finding: Finding): string {
  const items = finding.items ?? [];
  if (items.length === 0) return '';
  const shown = items.slice(0, ITEMS_SHOWN).join(', ');
  const more = items.length - ITEMS_SHOWN;
  return more > 0 ? `: ${shown}, and ${more} more (--json lists them all)` : `: ${shown}`;
}

function summaryOf(findings: readonly Finding[]): string {
  const count = (status: Status, word: string) => {
    const n = findings.filter((f) => f.status === status).length;
    return n === 0 ? [] : [`${n} ${word}${n === 1 ? '' : 's'}`];
  };
  const errors = count('error', 'error');
  const warnings = count('warn', 'warning');
  if (errors.length === 0) return ['all green', ...warnings].join(', ');
  return [...errors, ...warnings].join(', ');
}

/** The whole report as one JSON document, for scripts: the findings and the exit code. */
export function formatJson(findings: readonly Finding[]): string {
  const exitCode = exitCodeOf(findings);
  const count = (status: Status) => findings.filter((f) => f.status === status).length;
  return `${JSON.stringify(
    { ok: exitCode === 0, exitCode, errors: count('error'), warnings: count('warn'), findings },
    null,
    2,
  )}\n`;
}

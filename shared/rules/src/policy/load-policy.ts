/**
 * Policy text to a checked, typed, inheritance-resolved {@link Policy}. Pure: the caller reads
 * the file (the composition root, or `kindly plan --policy FILE`) and passes its text.
 */
import { LineCounter, parseDocument } from 'yaml';
import { summarizeIssues } from '@kindly/contracts';
import { PolicyError, type PolicyIssue } from './policy-error.js';
import { PolicyDocument } from './policy-schema.js';
import { resolvePolicy } from './resolve-policy.js';
import type { Policy } from './policy-types.js';
import type { OfficialHolidays } from '../windows/official-holidays.js';
import { keysOfPath, lineOfPath } from '../yaml-lines.js';

/** What a policy reads besides its own text. */
export interface PolicyData {
  /**
   * The official holiday schedules (`loadOfficialHolidays`) that `holidays.schedule: official`
   * reads. Without them every year of such a calendar falls back, and `missingHolidayYears`
   * says so.
   */
  readonly officialHolidays?: OfficialHolidays;
}

/**
 * Parses and checks a policy written in YAML (JSON is YAML too).
 *
 * @param text the document, e.g. the contents of `policy/default-policy.yaml`.
 * @param data the data the policy reads, e.g. China's official holiday schedules.
 * @returns the policy with inheritance applied.
 * @throws {PolicyError} listing every problem with its path and, where the place (or the object
 *   that lacks it) is in the text, its line, e.g. line 42,
 *   `jurisdictions.US-MA.caps[0].limit: Too small: expected number to be >=1`.
 */
export function loadPolicy(text: string, data: PolicyData = {}): Policy {
  // YAML 1.2 (the library's default) reads 08:00 and 2026-12-24 as strings, as the schema wants;
  // YAML 1.1 would read the first as a number of minutes. Duplicate keys are an error, not a
  // silent "last one wins".
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: true });
  if (document.errors.length > 0) {
    throw new PolicyError(
      document.errors.map((error) => ({
        // `line N` as the path is what readers of `issues` had before `line`; both say it.
        path: error.linePos ? `line ${error.linePos[0].line}` : '',
        code: error.code,
        // The first line of a pretty error, without the colon that led to the quoted text.
        message: (error.message.split('\n')[0] ?? error.message).replace(/:$/, ''),
        ...(error.linePos ? { line: error.linePos[0].line } : {}),
      })),
    );
  }
  const withLine = (issue: PolicyIssue): PolicyIssue => {
    const line = lineOfPath(document, lineCounter, keysOfPath(issue.path));
    return line === undefined ? issue : { ...issue, line };
  };
  const parsed = PolicyDocument.safeParse(document.toJS());
  if (!parsed.success) {
    throw new PolicyError(summarizeIssues(parsed.error).map(withLine), parsed.error);
  }
  const resolved = resolvePolicy(parsed.data, data.officialHolidays);
  if (resolved.issues) throw new PolicyError(resolved.issues.map(withLine));
  return resolved.policy;
}

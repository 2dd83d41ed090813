import { AppError } from '@kindly/errors';
import type { IssueSummary } from '@kindly/contracts';

/** One thing wrong with a policy: its path and, where the place exists in the text, its line. */
export interface PolicyIssue extends IssueSummary {
  /** The line (1-based) in the policy's text; absent when the text has no such place. */
  readonly line?: number;
}

/**
 * A policy document that cannot be used. Not retryable: the same text fails the same way. The
 * message lists every issue with its line and path, so an operator can fix the file in one pass.
 */
export class PolicyError extends AppError<'POLICY_INVALID'> {
  readonly issues: readonly PolicyIssue[];

  constructor(issues: readonly PolicyIssue[], cause?: unknown) {
    const lines = issues.map((issue) => `  ${issueText(issue)}`);
    super('POLICY_INVALID', `invalid policy:\n${lines.join('\n')}`, {
      retryable: false,
      cause,
      details: { issueCount: issues.length },
    });
    this.name = 'PolicyError';
    this.issues = issues;
  }
}

/**
 * An issue as one line of the error's message: `line 42: jurisdictions.US.contact.hours[0].start:
 * …`. A YAML syntax error's path is its line (`line 3`, kept for readers of `issues` that look for
 * it there), so the line is not said twice.
 */
function issueText(issue: PolicyIssue): string {
  const where = issue.line === undefined ? undefined : `line ${issue.line}`;
  const path = issue.path === where ? '' : issue.path;
  return [where, path || (where ? '' : '(document)'), issue.message]
    .filter((part) => part !== undefined && part !== '')
    .join(': ');
}

import { AppError } from '@kindly/errors';
import type { IssueSummary } from '@kindly/contracts';

/**
 * A policy document that cannot be used. Not retryable: the same text fails the same way. The
 * message lists every issue with its path, so an operator can fix the file in one pass.
 */
export class PolicyError extends AppError<'POLICY_INVALID'> {
  readonly issues: readonly IssueSummary[];

  constructor(issues: readonly IssueSummary[], cause?: unknown) {
    const lines = issues.map((issue) => `  ${issue.path || '(document)'}: ${issue.message}`);
    super('POLICY_INVALID', `invalid policy:\n${lines.join('\n')}`, {
      retryable: false,
      cause,
      details: { issueCount: issues.length },
    });
    this.name = 'PolicyError';
    this.issues = issues;
  }
}

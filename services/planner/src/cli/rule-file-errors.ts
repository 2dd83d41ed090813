import { PolicyError, StrategyError, problemText } from '@kindly/rules';

/**
 * Why the policy or a strategy could not be loaded, one line per problem in the form editors and
 * terminals link to: `bad.yaml:42: jurisdictions.US.contact.hours[0].start: …`. A file that
 * cannot be read is named with the reason; anything else is its message, never a stack trace:
 * these are an operator's files, and their mistakes are the operator's to fix.
 *
 * @param policyFile the policy file that was read (given, or the shipped one)
 */
export function ruleFileErrorLines(error: unknown, policyFile: string): string[] {
  if (error instanceof PolicyError) {
    return error.issues.map((issue) => {
      const where = issue.line === undefined ? policyFile : `${policyFile}:${issue.line}`;
      // A YAML syntax error's path is only its line, already said.
      const path =
        issue.path === '' || issue.path === `line ${issue.line}` ? '' : `${issue.path}: `;
      return `${where}: ${path}${issue.message}`;
    });
  }
  if (error instanceof StrategyError) {
    return error.problems.map((problem) => problemText(problem, error.source));
  }
  if (isFileError(error)) {
    return [`${error.path}: cannot read it: ${FILE_PROBLEMS[error.code] ?? error.code}`];
  }
  return [error instanceof Error ? error.message : String(error)];
}

const FILE_PROBLEMS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  EISDIR: 'a folder, not a file',
  EACCES: 'permission denied',
};

/** A file-system error from reading a file: the file is named in `path`. */
function isFileError(error: unknown): error is Error & { code: string; path: string } {
  return (
    error instanceof Error &&
    typeof (error as { code?: unknown }).code === 'string' &&
    typeof (error as { path?: unknown }).path === 'string'
  );
}

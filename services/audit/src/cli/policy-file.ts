/**
 * `kindly audit violations --policy FILE`: the file is read and checked by the rules' own loader,
 * as `kindly plan --policy` reads it, so that each mistake is named where an editor finds it:
 * `FILE:LINE: path: what is wrong`. Only a policy the planner would accept is checked against.
 */
import { readFileSync } from 'node:fs';
import { loadPolicy, PolicyError } from '@kindly/rules';
import { parsePolicyDocument, type PolicyDocument } from '../recheck/index.js';
import { PolicyFileProblem } from './cli-errors.js';

const FILE_PROBLEMS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  EISDIR: 'a folder, not a file',
  EACCES: 'permission denied',
};

export function readPolicyFile(file: string): PolicyDocument {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new PolicyFileProblem([`${file}: cannot read it: ${FILE_PROBLEMS[code] ?? code}`]);
  }
  try {
    loadPolicy(text);
  } catch (error) {
    if (!(error instanceof PolicyError)) throw error;
    throw new PolicyFileProblem(
      error.issues.map((issue) => {
        const where = issue.line === undefined ? file : `${file}:${issue.line}`;
        // A YAML syntax error's path is only its line, already said.
        const path =
          issue.path === '' || issue.path === `line ${issue.line}` ? '' : `${issue.path}: `;
        return `${where}: ${path}${issue.message}`;
      }),
    );
  }
  return parsePolicyDocument(text);
}

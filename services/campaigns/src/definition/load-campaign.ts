/**
 * Reads a campaign from YAML and validates it: its shape (zod), then the rules across fields
 * (`checkCampaign`). Never throws: every problem names the field's path, what was expected and,
 * where the place exists in the text, its line.
 */
import { isMap, isNode, isScalar, LineCounter, parseDocument } from 'yaml';
import type { Document } from 'yaml';
import type { z } from 'zod';
import { safeErrorText } from '@kindly/errors';
import { Campaign } from './campaign.schema.js';
import { campaignProblemText, type CampaignProblem } from './campaign-problem.js';
import { checkCampaign } from './check-campaign.js';

/** A campaign read from text, or everything wrong with it (each also as one line of text). */
export type CampaignLoadResult =
  | { readonly ok: true; readonly campaign: Campaign }
  | {
      readonly ok: false;
      readonly problems: readonly CampaignProblem[];
      /** `file:line: path: message`, one per problem, for an operator's terminal. */
      readonly messages: readonly string[];
    };

/**
 * @param text the YAML (JSON is YAML too)
 * @param file the file name, to prefix each message with
 */
export function loadCampaign(text: string, file?: string): CampaignLoadResult {
  const lineCounter = new LineCounter();
  // Duplicate keys are an error: with them, which value wins is a guess the reader cannot see.
  const document = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  if (document.errors.length > 0) {
    return failed(
      document.errors.map((error) => ({
        path: [],
        message: error.message.split('\n')[0] ?? error.message,
        line: lineCounter.linePos(error.pos[0]).line,
      })),
      file,
    );
  }
  if (document.contents === null) {
    return failed([{ path: [], message: 'empty: expected a campaign' }], file);
  }
  let data: unknown;
  try {
    // Aliases are capped so that a hostile file cannot expand into gigabytes.
    data = document.toJS({ maxAliasCount: 50 });
  } catch (error) {
    return failed([{ path: [], message: `unreadable YAML: ${safeErrorText(error)}` }], file);
  }
  const parsed = Campaign.safeParse(data, { error: missingField });
  const problems = parsed.success
    ? checkCampaign(parsed.data)
    : parsed.error.issues.flatMap(problemsOf);
  if (!parsed.success || problems.length > 0) {
    return failed(
      problems.map((problem) => withLine(problem, document, lineCounter)),
      file,
    );
  }
  return { ok: true, campaign: parsed.data };
}

function failed(problems: CampaignProblem[], file: string | undefined): CampaignLoadResult {
  return {
    ok: false,
    problems,
    messages: problems.map((problem) => campaignProblemText(problem, file)),
  };
}

/** zod says "expected string, received undefined" for a missing field; an operator reads "missing". */
function missingField(issue: z.core.$ZodRawIssue): string | undefined {
  return issue.code === 'invalid_type' && issue.input === undefined
    ? `missing: expected ${issue.expected}`
    : undefined;
}

/** An unknown field gets its own path: a typo is found by its place, not by its parent's. */
function problemsOf(issue: z.core.$ZodIssue): CampaignProblem[] {
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({
      path: [...issue.path, key],
      message: `unknown field "${key}"`,
    }));
  }
  if (issue.code === 'invalid_key') {
    // zod says only "Invalid key in record"; the key's own issues say what was expected.
    const why = issue.issues.map((inner) => inner.message).join('; ');
    return [{ path: issue.path, message: `invalid key: ${why}` }];
  }
  return [{ path: issue.path, message: issue.message }];
}

/**
 * The line of the deepest place on the problem's path that exists in the text: a field's key
 * where the path ends at a field (the value of `zh-CN:` may begin on the next line), else the
 * node itself.
 */
function withLine(
  problem: CampaignProblem,
  document: Document,
  lineCounter: LineCounter,
): CampaignProblem {
  for (let depth = problem.path.length; depth >= 0; depth -= 1) {
    const keys = problem.path
      .slice(0, depth)
      .map((key) => (typeof key === 'number' ? key : String(key)));
    const start = keyStart(document, keys) ?? nodeStart(document, keys);
    if (start !== undefined) return { ...problem, line: lineCounter.linePos(start).line };
  }
  return problem;
}

/** Where the key of the field at `keys` begins, if the last key names a field of a mapping. */
function keyStart(document: Document, keys: readonly (string | number)[]): number | undefined {
  const last = keys[keys.length - 1];
  if (typeof last !== 'string') return undefined;
  const parent: unknown =
    keys.length === 1 ? document.contents : document.getIn(keys.slice(0, -1), true);
  if (!isMap(parent)) return undefined;
  const pair = parent.items.find((item) => isScalar(item.key) && String(item.key.value) === last);
  return isNode(pair?.key) ? pair.key.range?.[0] : undefined;
}

function nodeStart(document: Document, keys: readonly (string | number)[]): number | undefined {
  const node: unknown = keys.length === 0 ? document.contents : document.getIn(keys, true);
  return isNode(node) ? node.range?.[0] : undefined;
}

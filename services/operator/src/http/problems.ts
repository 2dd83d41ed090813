/**
 * The operator API's problem bodies (RFC 9457) and their schema, which every route documents
 * for every refusal it can give, so the OpenAPI document lists each status a caller can meet.
 */
import { z } from 'zod';
import { problem, PROBLEM_JSON, type Problem } from '@kindly/http';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';

export const ProblemBody = z
  .looseObject({
    type: z.string().describe('`urn:kindly:problem:<slug>`: a name to branch on'),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().describe('This occurrence, in our words: never the request’s text'),
  })
  .meta({ id: 'Problem', description: 'An RFC 9457 problem body' });

/** A refusal's response, documented as what it is: `application/problem+json`. */
export function problemResponse(description: string) {
  return { description, content: { [PROBLEM_JSON]: { schema: ProblemBody } } };
}

/** What every route may answer besides its own: the caller's mistakes and our failures. */
export const COMMON_PROBLEMS = {
  400: problemResponse('The request is not valid: `fields` names each field and why'),
  401: problemResponse('No live API key'),
  403: problemResponse('The key’s role may not do this'),
  429: problemResponse('Too many requests for this key: `retry-after` says when to retry'),
  500: problemResponse('A failure on our side'),
  503: problemResponse('A system this needs is away: `retry-after` says when to retry'),
} as const;

/** For routes that read a body: too large, or not JSON. */
export const BODY_PROBLEMS = {
  413: problemResponse('The body is larger than this route takes'),
  415: problemResponse('The body is not `application/json`'),
} as const;

export const NOT_FOUND = problemResponse('There is no such thing');

/** One failed check as fastify-type-provider-zod reports it: `keyword` is zod's issue code. */
interface Issue {
  readonly keyword?: string;
  readonly instancePath?: string;
  readonly message?: string;
}

/**
 * A schema validation's fields and why, in zod's words, except for unknown keys (zod quotes their
 * names, which are the caller's text); the part of the request (body, query, path) first.
 */
export function validationProblem(error: unknown): Problem | undefined {
  if (!hasZodFastifySchemaValidationErrors(error)) return undefined;
  const part = (error as { validationContext?: string }).validationContext ?? 'request';
  const fields = (error.validation as readonly Issue[]).map((issue) => {
    const path = (issue.instancePath ?? '').split('/').filter(Boolean);
    return {
      field: [part, ...path].join('.'),
      message:
        issue.keyword === 'unrecognized_keys' ? 'unknown field' : (issue.message ?? 'not valid'),
    };
  });
  return problem(
    400,
    'invalid-request',
    'Invalid Request',
    'Some fields are missing or not valid.',
    {
      fields,
    },
  );
}

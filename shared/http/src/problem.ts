import type { FastifyReply } from 'fastify';

/** The media type of an RFC 9457 problem body. */
export const PROBLEM_JSON = 'application/problem+json';

/**
 * An RFC 9457 problem body. `detail` is written by us for the caller and never quotes what the
 * request carried (a body, a header, a path): those hold personal data and attacker text.
 * Extension members (e.g. `error`, `fields`) say more to machines.
 */
export interface Problem {
  /** `urn:kindly:problem:<slug>`: a name to branch on, not a page to fetch. */
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly [extension: string]: unknown;
}

/** The `type` of a problem named `slug`, e.g. `urn:kindly:problem:body-too-large`. */
export function problemType(slug: string): string {
  return `urn:kindly:problem:${slug}`;
}

/**
 * Builds a problem body.
 *
 * @param status the HTTP status it answers with
 * @param slug names the kind of problem (see {@link problemType})
 * @param title a short summary of the kind, the same for every occurrence
 * @param detail this occurrence, in our words: never the request's text
 * @param extensions further members, e.g. `{ error: 'OUTSIDE_WINDOW' }`
 */
export function problem(
  status: number,
  slug: string,
  title: string,
  detail: string,
  extensions: Readonly<Record<string, unknown>> = {},
): Problem {
  return { ...extensions, type: problemType(slug), title, status, detail };
}

/** Answers with `body` as `application/problem+json`, with its status. */
export function sendProblem(reply: FastifyReply, body: Problem): FastifyReply {
  return reply.code(body.status).type(PROBLEM_JSON).send(body);
}

/**
 * A client error found before a route's handler runs (in a body parser, say): the shared error
 * handler answers with its problem and logs a warning. `statusCode` is what fastify reads.
 */
export class ProblemError extends Error {
  readonly statusCode: number;
  readonly problem: Problem;

  constructor(body: Problem) {
    super(body.title);
    this.name = 'ProblemError';
    this.statusCode = body.status;
    this.problem = body;
  }
}

import type { FastifyInstance } from 'fastify';
import { problem, ProblemError } from './problem.js';

const MALFORMED = problem(
  400,
  'malformed-json',
  'Malformed JSON',
  'The request body is not valid JSON.',
);
const EMPTY = problem(
  400,
  'empty-body',
  'Empty Body',
  'The request says it has a JSON body but has none.',
);
const FORBIDDEN = problem(
  400,
  'forbidden-property',
  'Forbidden Property',
  'The request body names a property that could change object prototypes (__proto__ or constructor.prototype).',
);

/** A key that, merged into an object, would reach its prototype; refused wherever it appears. */
export function isPollutingKey(key: string, value?: unknown): boolean {
  if (key === '__proto__') return true;
  return (
    key === 'constructor' &&
    typeof value === 'object' &&
    value !== null &&
    Object.prototype.hasOwnProperty.call(value, 'prototype')
  );
}

/**
 * Parses a JSON body; throws a {@link ProblemError}: 400 `malformed-json` for text that is not
 * JSON, 400 `forbidden-property` for `__proto__` or `constructor.prototype` at any depth (as
 * fastify's `onProtoPoisoning`/`onConstructorPoisoning: 'error'`, but told apart from malformed).
 */
export function parseJsonBody(text: string): unknown {
  if (text.length === 0) throw new ProblemError(EMPTY);
  let polluting = false;
  let value: unknown;
  try {
    value = JSON.parse(text, (key, child: unknown) => {
      if (isPollutingKey(key, child)) polluting = true;
      return child;
    });
  } catch {
    throw new ProblemError(MALFORMED);
  }
  if (polluting) throw new ProblemError(FORBIDDEN);
  return value;
}

/** Takes `application/json` bodies in `app` (and its children) through {@link parseJsonBody}. */
export function addJsonBodyParser(app: FastifyInstance): void {
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, parseJsonBody(typeof body === 'string' ? body : body.toString('utf8')));
    } catch (error) {
      done(error instanceof Error ? error : new ProblemError(MALFORMED), undefined);
    }
  });
}

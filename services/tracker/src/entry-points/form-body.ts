import { problem, ProblemError } from '@kindly/http';

/** Form parameters as providers post them: a name may repeat, so a value may be a list. */
export type FormParams = Record<string, string | string[]>;

/** Names no provider sends, that would reach an object's prototype if merged into one. */
const FORBIDDEN_NAMES = new Set(['__proto__', 'constructor', 'prototype']);

const FORBIDDEN_NAME = problem(
  400,
  'forbidden-property',
  'Forbidden Property',
  'The form names a parameter that could change object prototypes.',
);

/** An empty parameter list with no prototype: no name can reach `Object.prototype`. */
const emptyParams = (): FormParams => Object.create(null) as FormParams;

/**
 * Parses `application/x-www-form-urlencoded` text. A form naming `__proto__`, `constructor` or
 * `prototype` is refused with a 400 problem (as a JSON body with `__proto__` is), not turned
 * into a 500 by a name that collides with `Object.prototype`.
 */
export function parseForm(text: string): FormParams {
  const params = emptyParams();
  for (const [name, value] of new URLSearchParams(text)) {
    if (FORBIDDEN_NAMES.has(name)) throw new ProblemError(FORBIDDEN_NAME);
    const existing = params[name];
    if (existing === undefined) params[name] = value;
    else params[name] = [...(typeof existing === 'string' ? [existing] : existing), value];
  }
  return params;
}

/** The form a request carried, or an empty one (a body of another type is no form). */
export function formOf(body: unknown): FormParams {
  const params = emptyParams();
  if (typeof body !== 'object' || body === null || Buffer.isBuffer(body)) return params;
  for (const [name, value] of Object.entries(body)) {
    if (typeof value === 'string') params[name] = value;
    else if (Array.isArray(value) && value.every((v): v is string => typeof v === 'string'))
      params[name] = value;
  }
  return params;
}

/** One parameter's single value; undefined when absent or repeated. */
export function single(params: FormParams, name: string): string | undefined {
  const value = params[name];
  return typeof value === 'string' ? value : undefined;
}

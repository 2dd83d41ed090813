/** Form parameters as providers post them: a name may repeat, so a value may be a list. */
export type FormParams = Record<string, string | string[]>;

/** Parses `application/x-www-form-urlencoded` text. */
export function parseForm(text: string): FormParams {
  const params: FormParams = {};
  for (const [name, value] of new URLSearchParams(text)) {
    const existing = params[name];
    if (existing === undefined) params[name] = value;
    else params[name] = [...(typeof existing === 'string' ? [existing] : existing), value];
  }
  return params;
}

/** The form a request carried, or an empty one (a body of another type is no form). */
export function formOf(body: unknown): FormParams {
  if (typeof body !== 'object' || body === null || Buffer.isBuffer(body)) return {};
  const params: FormParams = {};
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

import type { z } from 'zod';

const MAX_ISSUES = 10;

/**
 * A dead-letter detail for a record its schema refused: per issue, where (a path of the schema's
 * own field names and array indices) and what kind of rule failed, in words built from the schema
 * alone. zod's messages are not used: they may quote the input (unknown keys are listed by name,
 * and a custom error map or refinement may say anything), and the input is personal data. The
 * record's value is kept in the dead letter, so validating it again gives the full story.
 */
export function describeIssues(issues: readonly z.core.$ZodIssue[], schema: z.ZodType): string {
  const keys = schemaKeys(schema);
  const lines = [
    ...new Set(issues.map((issue) => `${pathText(issue.path, keys)}: ${kindText(issue)}`)),
  ];
  const shown = lines.slice(0, MAX_ISSUES).join('; ');
  return lines.length > MAX_ISSUES ? `${shown}; and ${lines.length - MAX_ISSUES} more` : shown;
}

function kindText(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${issue.expected}`;
    case 'invalid_value':
      return allowedValues(issue.values);
    case 'invalid_format':
      return issue.format === 'regex'
        ? 'does not match its pattern'
        : `not a valid ${issue.format}`;
    case 'too_small':
      return `${issue.origin} below its minimum (${String(issue.minimum)})`;
    case 'too_big':
      return `${issue.origin} above its maximum (${String(issue.maximum)})`;
    case 'not_multiple_of':
      return `not a multiple of ${issue.divisor}`;
    case 'unrecognized_keys':
      // The keys' names come from the input: count them, never name them.
      return issue.keys.length === 1 ? '1 unknown field' : `${issue.keys.length} unknown fields`;
    case 'invalid_union':
      return 'matches none of the allowed shapes';
    case 'invalid_key':
      return `a ${issue.origin} key is invalid`;
    case 'invalid_element':
      return `a ${issue.origin} element is invalid`;
    case 'custom':
      return 'fails a rule of the contract';
    default:
      return 'invalid';
  }
}

/** The allowed values are the schema's constants (an enum, a literal), not the input. */
function allowedValues(values: readonly unknown[]): string {
  const texts = values.map((value) => JSON.stringify(value) ?? String(value));
  if (texts.length === 0 || texts.length > 5 || texts.some((text) => text.length > 40)) {
    return 'not an allowed value';
  }
  return `expected ${texts.join(' | ')}`;
}

/**
 * `payload.phones[0].number`: array indices and the schema's field names as they are; any other
 * segment (the key of a record or a map) comes from the input and is shown as `*`.
 */
function pathText(path: readonly PropertyKey[], keys: ReadonlySet<string>): string {
  if (path.length === 0) return '(root)';
  return path
    .map((segment, index) => {
      if (typeof segment === 'number') return `[${segment}]`;
      const name = typeof segment === 'string' && keys.has(segment) ? segment : '*';
      return index === 0 ? name : `.${name}`;
    })
    .join('');
}

const keysBySchema = new WeakMap<object, ReadonlySet<string>>();

/** Every field name of every object in `schema`, at any depth (computed once per schema). */
export function schemaKeys(schema: z.ZodType): ReadonlySet<string> {
  const cached = keysBySchema.get(schema);
  if (cached) return cached;
  const keys = new Set<string>();
  const seen = new Set<object>();
  const pending: unknown[] = [schema];
  while (pending.length > 0) {
    const def = definitionOf(pending.pop());
    if (!def || seen.has(def)) continue;
    seen.add(def);
    for (const [field, value] of Object.entries(def)) {
      if (field === 'shape' && typeof value === 'object' && value !== null) {
        for (const [key, child] of Object.entries(value)) {
          keys.add(key);
          pending.push(child);
        }
      } else if (field === 'getter' && typeof value === 'function') {
        pending.push(Reflect.apply(value, def, []) as unknown); // z.lazy: the schema it stands for
      } else if (Array.isArray(value)) {
        for (const item of value as unknown[]) pending.push(item); // union options, tuple items
      } else {
        pending.push(value); // inner, element, key and value types, pipe ends
      }
    }
  }
  keysBySchema.set(schema, keys);
  return keys;
}

/** A zod (v4) schema's definition; undefined for anything that is not a schema. */
function definitionOf(value: unknown): Record<string, unknown> | undefined {
  if (typeof value !== 'object' || value === null || !('_zod' in value)) return undefined;
  const internals = value._zod;
  if (typeof internals !== 'object' || internals === null || !('def' in internals))
    return undefined;
  const def = internals.def;
  return typeof def === 'object' && def !== null ? (def as Record<string, unknown>) : undefined;
}

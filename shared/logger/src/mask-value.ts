import { maskText, REDACTED } from './mask-text.js';
import { isPersonalKey } from './personal-keys.js';
import { serializeError } from './serialize-error.js';

/** Masks personal data in any loggable value; see {@link createValueMasker}. */
export type ValueMasker = <T extends object>(value: T) => T | Record<string, unknown>;

// Log objects are shallow; anything deeper is a dumped document that should not be logged whole.
const MAX_DEPTH = 10;

function hasToJson(value: object): value is { toJSON(): unknown } {
  return 'toJSON' in value && typeof value.toJSON === 'function';
}

/**
 * Creates the value-level safety net of the logger. It walks a log object and
 * - censors the values of `PERSONAL_KEYS` at any depth (pino's paths reach two levels down);
 * - masks every other string with {@link maskText};
 * - turns nested errors into {@link serializeError} objects;
 * - replaces binary buffers (a Kafka message value, say) by their length, since JSON would print
 *   their bytes.
 *
 * Copy-on-write: objects and arrays with nothing to mask are returned as they are, so a typical
 * log call allocates nothing beyond the walk. Cycles become `'[circular]'` and nesting past
 * `MAX_DEPTH` becomes `'[too deep]'` rather than risk printing unmasked data. Numbers are
 * left alone unless under a personal key: timestamps, offsets and counts are numbers, and the
 * personal data that slips into logs is text.
 *
 * @param includeStack asked at each error, so that a level change at run time takes effect.
 */
export function createValueMasker(includeStack: () => boolean): ValueMasker {
  function walk(value: unknown, depth: number, ancestors: object[]): unknown {
    if (typeof value === 'string') return maskText(value);
    if (typeof value !== 'object' || value === null || value instanceof Date) return value;
    if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) {
      return `[binary, ${value.byteLength} bytes]`;
    }
    if (ancestors.includes(value)) return '[circular]';
    if (depth >= MAX_DEPTH) return '[too deep]';
    ancestors.push(value);
    try {
      if (value instanceof Error) {
        return serializeError(value, {
          stack: includeStack(),
          maskValue: (nested) => walk(nested, depth + 1, ancestors),
        });
      }
      if (hasToJson(value)) return walk(value.toJSON(), depth + 1, ancestors);
      if (Array.isArray(value)) return walkArray(value, depth, ancestors);
      return walkEntries(value, depth, ancestors);
    } finally {
      ancestors.pop();
    }
  }

  function walkArray(
    array: readonly unknown[],
    depth: number,
    ancestors: object[],
  ): readonly unknown[] {
    let copy: unknown[] | undefined;
    for (let i = 0; i < array.length; i++) {
      const item = array[i];
      const masked = walk(item, depth + 1, ancestors);
      if (masked !== item) (copy ??= array.slice())[i] = masked;
    }
    return copy ?? array;
  }

  function walkEntries<T extends object>(
    value: T,
    depth: number,
    ancestors: object[],
  ): T | Record<string, unknown> {
    let copy: Record<string, unknown> | undefined;
    const entries = Object.entries(value);
    for (const [key, item] of entries) {
      const masked =
        isPersonalKey(key) && item !== undefined ? REDACTED : walk(item, depth + 1, ancestors);
      // JSON keeps only own enumerable string keys, so a copy from the entries loses nothing.
      if (masked !== item) (copy ??= Object.fromEntries(entries))[key] = masked;
    }
    return copy ?? value;
  }

  // A fresh ancestor list per call: a getter or toJSON that logs must not corrupt another walk.
  return (value) => walkEntries(value, 0, []);
}

/**
 * Lines for problems found in a rule file written in YAML (the policy, a strategy): a problem
 * knows its place as a path; an operator fixing the file looks for a line.
 */
import { isNode } from 'yaml';
import type { Document, LineCounter } from 'yaml';

/**
 * The line (1-based) of the deepest node on `path` that exists in the text: the field itself, or,
 * for a field that is missing, the object that lacks it. Undefined when the document has no
 * ranges (it was not parsed with `lineCounter`).
 */
export function lineOfPath(
  document: Document,
  lineCounter: LineCounter,
  path: readonly PropertyKey[],
): number | undefined {
  for (let depth = path.length; depth >= 0; depth -= 1) {
    const keys = path.slice(0, depth).map((key) => (typeof key === 'number' ? key : String(key)));
    const node: unknown = keys.length === 0 ? document.contents : document.getIn(keys, true);
    if (isNode(node) && node.range !== undefined && node.range !== null) {
      return lineCounter.linePos(node.range[0]).line;
    }
  }
  return undefined;
}

/**
 * The keys of a path as written in a problem, `jurisdictions.US.contact.hours[0].start`: names
 * between dots, indexes in brackets. A key that itself holds a dot is read as two; the search for
 * its line then stops at its parent, which is still near the place.
 */
export function keysOfPath(path: string): (string | number)[] {
  return [...path.matchAll(/\[(\d+)\]|([^.[\]]+)/g)].map(([, index, name]) =>
    index === undefined ? (name ?? '') : Number(index),
  );
}

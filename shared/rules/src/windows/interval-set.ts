/**
 * Sets of instants as sorted, disjoint, non-adjacent half-open intervals of epoch milliseconds.
 * Every function here takes and returns that normal form, so that results are canonical: two
 * equal sets have equal lists, and every interval in a list is maximal.
 */

/** [start, end) in epoch milliseconds, start < end. */
export type MsInterval = readonly [start: number, end: number];

/** Sorts and merges overlapping or touching intervals; drops empty ones. */
export function normalize(intervals: readonly MsInterval[]): MsInterval[] {
  const sorted = intervals.filter(([start, end]) => start < end).sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [start, end] of sorted) {
    const last = merged.at(-1);
    // `<=`: [a, b) and [b, c) touch; one interval [a, c) is the maximal form.
    if (last !== undefined && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return merged;
}

/** The instants in both sets. */
export function intersect(a: readonly MsInterval[], b: readonly MsInterval[]): MsInterval[] {
  const out: MsInterval[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i];
    const y = b[j];
    if (x === undefined || y === undefined) break;
    const start = Math.max(x[0], y[0]);
    const end = Math.min(x[1], y[1]);
    if (start < end) out.push([start, end]);
    if (x[1] < y[1]) i += 1;
    else j += 1;
  }
  return out;
}

/** The instants in `a` and not in `b`. */
export function subtract(a: readonly MsInterval[], b: readonly MsInterval[]): MsInterval[] {
  const out: MsInterval[] = [];
  let j = 0;
  for (const [aStart, aEnd] of a) {
    let start = aStart;
    while (j < b.length && (b[j]?.[1] ?? Infinity) <= start) j += 1;
    for (let k = j; k < b.length; k += 1) {
      const cut = b[k];
      if (cut === undefined || cut[0] >= aEnd) break;
      if (cut[0] > start) out.push([start, cut[0]]);
      start = Math.max(start, cut[1]);
      if (start >= aEnd) break;
    }
    if (start < aEnd) out.push([start, aEnd]);
  }
  return out;
}

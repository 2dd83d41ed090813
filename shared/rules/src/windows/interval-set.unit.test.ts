import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MsInterval } from './interval-set.js';
import { intersect, normalize, subtract } from './interval-set.js';

/** Small integer intervals, so that a brute-force check over every point is cheap and exact. */
const intervalList = fc.array(
  fc
    .tuple(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 60 }))
    .map(([a, b]): MsInterval => [a, b]),
  { maxLength: 8 },
);

const contains = (set: readonly MsInterval[], point: number) =>
  set.some(([s, e]) => s <= point && point < e);

function expectNormal(set: readonly MsInterval[]) {
  set.forEach(([start, end], i) => {
    expect(start).toBeLessThan(end);
    const next = set[i + 1];
    if (next !== undefined) expect(end).toBeLessThan(next[0]);
  });
}

describe('interval sets (brute force over every point of 0…60)', () => {
  it('normalize, intersect and subtract agree with point-wise set logic and keep the normal form', () => {
    fc.assert(
      fc.property(intervalList, intervalList, (rawA, rawB) => {
        const a = normalize(rawA);
        const b = normalize(rawB);
        const both = intersect(a, b);
        const difference = subtract(a, b);
        for (const set of [a, b, both, difference]) expectNormal(set);
        for (let point = -1; point <= 61; point += 1) {
          expect(contains(a, point)).toBe(contains(rawA, point));
          expect(contains(both, point)).toBe(contains(a, point) && contains(b, point));
          expect(contains(difference, point)).toBe(contains(a, point) && !contains(b, point));
        }
      }),
      { numRuns: 500 },
    );
  });
});

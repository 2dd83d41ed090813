import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { newcombeDifferenceInterval, wilsonInterval } from './proportion-intervals.js';

const DP4 = 4; // the papers print four decimals; toBeCloseTo(x, 4) allows ±0.00005

describe('wilsonInterval', () => {
  it('gives 0 to z²/(n + z²) for 0 of 10, and n/(n + z²) to 1 for 10 of 10', () => {
    // By hand: z² = 1.959964² = 3.841459; 3.841459 / 13.841459 = 0.27753; 10 / 13.841459 = 0.72247.
    // Wald would give 0 to 0 and 1 to 1: a certainty that ten accounts cannot show.
    const none = wilsonInterval(0, 10);
    const all = wilsonInterval(10, 10);
    expect(none.lower).toBe(0);
    expect(none.upper).toBeCloseTo(0.2775, DP4);
    expect(all.lower).toBeCloseTo(0.7225, DP4);
    expect(all.upper).toBe(1);
  });

  it("matches the score-interval column of Newcombe's single-proportion examples", () => {
    // R. G. Newcombe, "Two-sided confidence intervals for the single proportion: comparison of
    // seven methods", Statistics in Medicine 17 (1998) 857–872, Table I, method 3 (score,
    // without continuity correction), as recalled; the same paper's 0/20 bound is z²/(20 + z²).
    const cases: [number, number, number, number][] = [
      [81, 263, 0.2553, 0.3662],
      [15, 148, 0.0624, 0.1605],
      [0, 20, 0, 0.1611],
      [1, 29, 0.0061, 0.1718],
    ];
    for (const [r, n, lower, upper] of cases) {
      const interval = wilsonInterval(r, n);
      expect(interval.lower).toBeCloseTo(lower, DP4);
      expect(interval.upper).toBeCloseTo(upper, DP4);
    }
  });

  it('refuses an empty group and impossible counts rather than return NaN', () => {
    expect(() => wilsonInterval(0, 0)).toThrow(RangeError);
    expect(() => wilsonInterval(3, 2)).toThrow(RangeError);
    expect(() => wilsonInterval(-1, 2)).toThrow(RangeError);
    expect(() => wilsonInterval(0.5, 2)).toThrow(RangeError);
  });
});

describe('newcombeDifferenceInterval (hybrid score, method 10)', () => {
  it("matches Newcombe 1998's worked examples", () => {
    // R. G. Newcombe, "Interval estimation for the difference between independent proportions:
    // comparison of eleven methods", Statistics in Medicine 17 (1998) 873–890, Table II, method 10.
    // Examples (a) and (b) are also the expectations of the R package propint's test
    // "ci.two.indep.props produces the results reported in Newcombe1998" (github.com/m-Py/propint).
    // (a) worked by hand: Wilson 56/70 = 0.6918 to 0.8770, 48/80 = 0.4905 to 0.7004; δ = 0.8 − 0.6
    // = 0.2000 (not 0.1857: 56/70 is exactly 0.8); lower = 0.2 − √(0.1082² + 0.1004²) = 0.0524,
    // upper = 0.2 + √(0.0770² + 0.1095²) = 0.3339.
    const cases: [number, number, number, number, number, number, number][] = [
      [56, 70, 48, 80, 0.2, 0.0524, 0.3339], // (a)
      [9, 10, 3, 10, 0.6, 0.1705, 0.809], // (b)
      [5, 56, 0, 29, 0.0893, -0.0381, 0.1926], // (d) one group at 0 %
      [0, 10, 0, 20, 0, -0.1611, 0.2775], // (e) both at 0 %: the Wald interval is 0 to 0
      [0, 10, 0, 10, 0, -0.2775, 0.2775], // (f)
      [10, 10, 0, 20, 1, 0.6791, 1], // (g) 100 % against 0 %
      [10, 10, 0, 10, 1, 0.6075, 1], // (h)
    ];
    for (const [r1, n1, r2, n2, difference, lower, upper] of cases) {
      const estimate = newcombeDifferenceInterval(
        { successes: r1, trials: n1 },
        { successes: r2, trials: n2 },
      );
      expect(estimate.difference).toBeCloseTo(difference, DP4);
      expect(estimate.interval.lower).toBeCloseTo(lower, DP4);
      expect(estimate.interval.upper).toBeCloseTo(upper, DP4);
    }
  });

  it('always contains the point estimate and lies within [-1, 1]', () => {
    const group = fc
      .integer({ min: 1, max: 5_000 })
      .chain((trials) =>
        fc.record({ successes: fc.integer({ min: 0, max: trials }), trials: fc.constant(trials) }),
      );
    fc.assert(
      fc.property(group, group, (first, second) => {
        const { difference, interval } = newcombeDifferenceInterval(first, second);
        expect(Number.isFinite(interval.lower) && Number.isFinite(interval.upper)).toBe(true);
        expect(interval.lower).toBeGreaterThanOrEqual(-1);
        expect(interval.upper).toBeLessThanOrEqual(1);
        expect(interval.lower).toBeLessThanOrEqual(difference);
        expect(interval.upper).toBeGreaterThanOrEqual(difference);
      }),
      { numRuns: 2_000 },
    );
  });
});

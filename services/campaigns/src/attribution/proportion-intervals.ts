/**
 * Confidence intervals for conversion rates and their difference, in closed form: no statistics
 * library, because the two formulas below are all a campaign report needs.
 *
 * Wilson's score interval for one proportion, and Newcombe's hybrid score interval for the
 * difference of two independent proportions (method 10 of R. G. Newcombe, "Interval estimation
 * for the difference between independent proportions: comparison of eleven methods",
 * Statistics in Medicine 17 (1998) 873–890). Both behave at small counts and at 0 % or 100 %,
 * where the textbook Wald interval (p ± z·√(p(1−p)/n)) collapses to a point or leaves [0, 1].
 */

/**
 * Φ⁻¹(0.975), the standard normal quantile for a two-sided 95 % interval, to double precision.
 * Only 95 % is reported, so a constant replaces an inverse-normal routine.
 */
export const Z_95 = 1.959963984540054;

export interface Interval {
  readonly lower: number;
  readonly upper: number;
}

function assertCounts(successes: number, trials: number): void {
  if (!Number.isInteger(successes) || !Number.isInteger(trials) || trials < 1) {
    throw new RangeError('expected whole counts with at least one trial');
  }
  if (successes < 0 || successes > trials) {
    throw new RangeError('expected 0 <= successes <= trials');
  }
}

/**
 * Wilson's score interval for `successes` out of `trials` (at least one trial: an empty group
 * has no proportion, and the caller reports it as not available).
 *
 * (2r + z² ∓ z·√(z² + 4r(1 − r/n))) / (2(n + z²)). At r = 0 the lower bound is exactly 0 and at
 * r = n the upper exactly 1; they are set so, because the formula reaches them only up to a
 * rounding error, and a bound of 1.0000000000000002 would leak into the difference's bounds.
 */
export function wilsonInterval(successes: number, trials: number, z = Z_95): Interval {
  assertCounts(successes, trials);
  const r = successes;
  const n = trials;
  const zz = z * z;
  const centre = 2 * r + zz;
  const spread = z * Math.sqrt(zz + 4 * r * (1 - r / n));
  const denominator = 2 * (n + zz);
  return {
    lower: r === 0 ? 0 : Math.max(0, (centre - spread) / denominator),
    upper: r === n ? 1 : Math.min(1, (centre + spread) / denominator),
  };
}

export interface DifferenceEstimate {
  /** p₁ − p₂ */
  readonly difference: number;
  readonly interval: Interval;
}

/**
 * Newcombe's hybrid score interval for p₁ − p₂, from the Wilson intervals (l₁, u₁) and (l₂, u₂):
 *
 *   lower = δ − √((p₁ − l₁)² + (u₂ − p₂)²),   upper = δ + √((u₁ − p₁)² + (p₂ − l₂)²).
 *
 * It always contains δ and, mathematically, lies within [−1, 1]; the clamp only removes
 * rounding errors at the ends.
 */
export function newcombeDifferenceInterval(
  first: { readonly successes: number; readonly trials: number },
  second: { readonly successes: number; readonly trials: number },
  z = Z_95,
): DifferenceEstimate {
  const p1 = first.successes / first.trials;
  const p2 = second.successes / second.trials;
  const w1 = wilsonInterval(first.successes, first.trials, z);
  const w2 = wilsonInterval(second.successes, second.trials, z);
  const difference = p1 - p2;
  return {
    difference,
    interval: {
      lower: Math.max(-1, difference - Math.hypot(p1 - w1.lower, w2.upper - p2)),
      upper: Math.min(1, difference + Math.hypot(w1.upper - p1, p2 - w2.lower)),
    },
  };
}

/**
 * A tail quantile of a simulation's output with a 95 % confidence interval by sectioning:
 * the point estimate is the quantile of all values; the interval is that estimate ±
 * t(0.975, B-1) times the standard error of the quantiles of B = 20 consecutive sections.
 * Sections of consecutive requests, unlike an order-statistic (binomial) interval, carry
 * the correlation between neighbouring requests of a queue (a busy spell delays many in a
 * row) into the interval.
 */
import { selectInPlace } from "../../numeric/select.ts";

export const SECTIONS = 20;
/** Student's t quantile at 0.975 with SECTIONS - 1 = 19 degrees of freedom. */
const T_975_19 = 2.093024;

/** The smallest value with at least a fraction q of the sample at or below it (the inverse empirical CDF). */
export function quantile(values: Float64Array, q: number): number {
  // selection on a copy: the same order statistic as sorting, without the sort's n log n
  return selectInPlace(Float64Array.from(values), Math.max(0, Math.ceil(q * values.length) - 1));
}

export interface TailEstimate {
  value: number;
  ci95: [number, number];
}

/** Quantile q of `values` (in time order) with its sectioning interval; needs at least SECTIONS values. */
export function tailWithCi(values: Float64Array, q: number): TailEstimate {
  const n = values.length;
  if (n < SECTIONS) throw new RangeError(`at least ${SECTIONS} values needed, got ${n}`);
  const value = quantile(values, q);
  const sections = Array.from({ length: SECTIONS }, (_, b) =>
    quantile(values.subarray(Math.floor((b * n) / SECTIONS), Math.floor(((b + 1) * n) / SECTIONS)), q));
  const mean = sections.reduce((a, x) => a + x, 0) / SECTIONS;
  const variance = sections.reduce((a, x) => a + (x - mean) ** 2, 0) / (SECTIONS - 1);
  const half = T_975_19 * Math.sqrt(variance / SECTIONS);
  return { value, ci95: [value - half, value + half] };
}

// Sensitivity indices of the grid points of a sobol or morris sweep, computed where their
// bands are (with every design row of the point at hand). Per point, per column that gets
// indices (plan.design.columns), per design input the INPUT_STATS, then with second order per
// input pair the PAIR_STATS. A derived metric is the same at every point of its group, so its
// indices are computed at the group's first point (every `across` coordinate 0) and left NaN
// at the others, which the indices table skips.
import { coord, type Plan } from "../../plan/index.ts";
import { planDesign } from "../../sample/designColumns.ts";
import type { MorrisDesign } from "../../sample/morris.ts";
import type { SaltelliDesign } from "../../sample/saltelli.ts";
import { morrisIndices } from "./morris.ts";
import { sobolIndicesOf } from "./sobolIndices.ts";

export const SOBOL_STATS = ["s1", "s1_low", "s1_high", "st", "st_low", "st_high", "variance"] as const;
export const MORRIS_STATS = ["mu", "mu_star", "mu_star_low", "mu_star_high", "sigma"] as const;
export const PAIR_STATS = ["s2", "s2_low", "s2_high"] as const;

/** The statistics per (point, column, input) of the plan's method. */
export function inputStats(plan: Plan): readonly string[] {
  return plan.design?.method === "morris" ? MORRIS_STATS : SOBOL_STATS;
}

/** Input pairs (i < j) in the order of the second-order statistics. */
export function designPairs(plan: Plan): Array<[number, number]> {
  const k = plan.design?.inputs.length ?? 0;
  const pairs: Array<[number, number]> = [];
  if (plan.design?.secondOrder) for (let i = 0; i < k; i++) for (let j = i + 1; j < k; j++) pairs.push([i, j]);
  return pairs;
}

/** Values per point: columns × (inputs × input stats + pairs × pair stats). */
export function indicesStride(plan: Plan): number {
  if (plan.design === null) return 0;
  const perColumn = plan.design.inputs.length * inputStats(plan).length + designPairs(plan).length * PAIR_STATS.length;
  return plan.design.columns.length * perColumn;
}

/** Whether banded column c holds a value of its own at point p (metrics: always; derived: at its group's first point). */
export function ownsIndices(plan: Plan, c: number, p: number): boolean {
  const d = c - plan.metrics.length;
  return d < 0 || plan.derived[d].across.every((a) => coord(plan, p, a) === 0);
}

/** Indices of points [p0, p1) from their banded columns (all samples, point-major); empty without a design. */
export function pointIndices(plan: Plan, p0: number, p1: number, banded: readonly Float64Array[]): Float64Array {
  const design = plan.design;
  if (design === null) return new Float64Array(0);
  const S = plan.samples;
  const stride = indicesStride(plan);
  const perColumn = stride / design.columns.length;
  const out = new Float64Array((p1 - p0) * stride).fill(NaN);
  const layout = planDesign(plan);
  const options = { seed: plan.seed, resamples: design.resamples, confidence: design.confidence };
  const owned: Array<{ y: Float64Array; at: number }> = [];
  for (let p = p0; p < p1; p++) {
    design.columns.forEach((c, n) => {
      if (ownsIndices(plan, c, p)) owned.push({ y: banded[c].subarray((p - p0) * S, (p - p0 + 1) * S), at: (p - p0) * stride + n * perColumn });
    });
  }
  if (design.method === "sobol") sobolInto(owned, layout as SaltelliDesign, options, out);
  else for (const { y, at } of owned) morrisInto(y, layout as MorrisDesign, options, out, at);
  return out;
}

type Options = { seed: number; resamples: number; confidence: number };

/** The Sobol' indices of columns, into `out` at each one's offset; they share the bootstrap's resamples (every point has the same). */
function sobolInto(columns: ReadonlyArray<{ y: Float64Array; at: number }>, design: SaltelliDesign, options: Options, out: Float64Array): void {
  const k = design.inputs;
  const w = SOBOL_STATS.length;
  const pairs = design.secondOrder ? (k * (k - 1)) / 2 : 0;
  const varying = columns.filter(({ y, at }) => {
    let constant = true;
    for (let r = 1; r < y.length && constant; r++) constant = y[r] === y[0];
    // nothing to apportion: every index is 0, with the output's variance 0 beside it
    if (constant) out.fill(0, at, at + k * w + pairs * PAIR_STATS.length);
    return !constant;
  });
  sobolIndicesOf(varying.map(({ y }) => y), design, options).forEach((s, c) => {
    const at = varying[c].at;
    for (let i = 0; i < k; i++) {
      out.set([s.first.value[i], s.first.low[i], s.first.high[i], s.total.value[i], s.total.low[i], s.total.high[i], s.variance], at + i * w);
    }
    for (let q = 0; q < pairs; q++) out.set([s.second!.value[q], s.second!.low[q], s.second!.high[q]], at + k * w + q * PAIR_STATS.length);
  });
}

function morrisInto(y: Float64Array, design: MorrisDesign, options: Options, out: Float64Array, at: number): void {
  const m = morrisIndices(y, design, options);
  const w = MORRIS_STATS.length;
  for (let i = 0; i < design.inputs; i++) {
    out.set([m.mu[i], m.muStar.value[i], m.muStar.low[i], m.muStar.high[i], m.sigma[i]], at + i * w);
  }
}

import { InputError } from "../errors.ts";
import { inverseNormalMatrix, residualVariance } from "./levenbergMarquardt.ts";
import { cholesky, choleskySolve, normalEquations } from "../numeric/linalg.ts";
import type { FittedParam } from "./types.ts";
import { maxOf, minOf } from "../numeric/extent.ts";

/** One point of a context sweep: decode throughput of an instance running n_max sequences. */
export interface SweepPoint {
  ctx: number;
  nMax: number;
  tokS: number;
  line: number;
}

export interface ThroughputFitPoint extends SweepPoint {
  /** the iteration latency n/tok_s, seconds */
  iter: number;
  /** the load term n·(ctx//2)/Lcal that multiplies H */
  load: number;
  modelTokS: number;
  /** (measured - model) / model */
  relResidual: number;
}

/**
 * W and H, or, when every point has the same load (capacity-bound sweeps have
 * n_max·ctx constant), only the combination W + H·load they determine.
 */
export interface ThroughputFit {
  /** undefined when the sweep cannot separate W from H and neither was fixed */
  W?: FittedParam;
  H?: FittedParam;
  /** W + H·load with its standard error, when all points share one load */
  combination?: { load: number; value: number; stderr: number };
  /** relative scatter of the throughput about the fit */
  sigma: number;
  points: ThroughputFitPoint[];
}

/** Loads within this relative spread count as one: the sweep holds no lever on H. */
const SAME_LOAD = 1e-9;

/**
 * Fits iter = W + H·load by weighted linear least squares, iter = n/tok_s and
 * load = n·(ctx//2)/Lcal (docs/model.md §2 at mean KV length ctx/2). Throughput noise is a
 * percentage of the reading, so iter carries the same relative noise; unweighted least
 * squares on iter would let the slowest iterations dominate, so each point is weighted by
 * 1/iter², taken from the model after a first pass (the measured iter would favour
 * points that happened to read fast). `fix` holds W or H the user measured elsewhere.
 */
export function fitThroughput(points: readonly SweepPoint[], Lcal: number,
  fix: { W?: number; H?: number } = {}, source = "throughput"): ThroughputFit {
  if (fix.W !== undefined && fix.H !== undefined) throw new InputError("--fix: give W or H, not both (nothing would be left to fit)");
  const iter = points.map((p) => p.nMax / p.tokS);
  const load = points.map((p) => (p.nMax * Math.floor(p.ctx / 2)) / Lcal);
  const spread = (maxOf(load) - minOf(load)) / maxOf(load);
  const sameLoad = spread <= SAME_LOAD;
  // With one load for every point only c = W + H·load is determined: unless W or H is
  // fixed, c is fitted in W's (constant) column and W, H are not reported.
  const onlyCombination = sameLoad && fix.W === undefined && fix.H === undefined;
  const free = onlyCombination ? ["W"] : (["W", "H"] as const).filter((name) => fix[name] === undefined);
  const minPoints = free.length + 1;
  if (points.length < minPoints) {
    throw new InputError(`${source}: fitting ${onlyCombination ? "W + H·load" : free.join(" and ")} needs at least ${minPoints} points `
      + `(one more than the parameters, for the standard errors), got ${points.length}`);
  }
  // Columns of the design: W multiplies 1, H multiplies the load; fixed terms move to y.
  const design = load.map((x) => free.map((name) => (name === "W" ? 1 : x)));
  const y = iter.map((it, i) => it - (fix.W ?? 0) - (fix.H ?? 0) * load[i]);
  let weights = iter.map((it) => 1 / (it * it));
  let theta = solveWls(design, weights, y);
  const predict = (t: number[]) => design.map((row) => row.reduce((s, d, j) => s + d * t[j], 0));
  weights = predict(theta).map((f, i) => 1 / (f + iter[i] - y[i]) ** 2);
  theta = solveWls(design, weights, y);
  const fitted = predict(theta);
  const r = y.map((yi, i) => yi - fitted[i]);
  const sigma2 = residualVariance(weights, r, free.length);
  const inv = inverseNormalMatrix(design, weights);
  if (!inv) throw new InputError(`${source}: the sweep does not determine ${free.join(" and ")}`);
  const param = (name: "W" | "H"): FittedParam | undefined => {
    const j = free.indexOf(name);
    if (j >= 0) return { name, unit: "s", value: theta[j], stderr: Math.sqrt(inv[j][j] * sigma2) };
    const v = fix[name];
    return v === undefined ? undefined : { name, unit: "s", value: v, stderr: 0, fixed: true };
  };
  const W = onlyCombination ? undefined : param("W");
  const H = param("H");
  const combination = sameLoad ? {
    load: load[0],
    value: W && H ? W.value + H.value * load[0] : theta[0],
    // with W fixed the fitted parameter is H, and c moves by load per unit of H
    stderr: Math.sqrt(inv[0][0] * sigma2) * (fix.W !== undefined ? load[0] : 1),
  } : undefined;
  const modelIter = fitted.map((f, i) => f + iter[i] - y[i]);
  return {
    W,
    H,
    combination,
    sigma: Math.sqrt(sigma2),
    points: points.map((p, i) => {
      const modelTokS = p.nMax / modelIter[i];
      return { ...p, iter: iter[i], load: load[i], modelTokS, relResidual: (p.tokS - modelTokS) / modelTokS };
    }),
  };
}

function solveWls(design: number[][], w: readonly number[], y: readonly number[]): number[] {
  const { a, g } = normalEquations(design, w, y);
  const l = cholesky(a);
  if (!l) throw new InputError("the sweep's points do not determine the throughput parameters");
  return choleskySolve(l, g);
}

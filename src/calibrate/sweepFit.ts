// W and H (and, as an opt-in extension, a per-sequence term C) from a context sweep at the
// server's concurrency: iter = n / tok_s against iter = W + H·load [+ C·n] with
// load = n·(ctx//2)/Lcal (docs/model.md §2), every term non-negative (a negative latency is
// not physics). Non-negative least squares with two or three parameters is solved exactly
// by trying every set of parameters pinned at zero and keeping the best feasible fit.
import { InputError } from "../errors.ts";
import { inverseNormalMatrix } from "./levenbergMarquardt.ts";
import { cholesky, choleskySolve, normalEquations } from "../numeric/linalg.ts";
import type { FittedParam } from "./types.ts";

/** "roofline": the paper's iter = W + H·load; "per-sequence": plus C·n (the extension of docs/measurements.md). */
export type IterationModel = "roofline" | "per-sequence";
export const ITERATION_MODELS: readonly IterationModel[] = ["roofline", "per-sequence"];

export interface IterationPoint {
  line: number;
  ctx: number;
  n: number;
  tokS: number;
}

export interface BoundedParam extends FittedParam {
  /** pinned at 0 by the bound (its stderr is then NaN: the fit did not estimate it) */
  atBound: boolean;
}

export interface IterationFitPoint extends IterationPoint {
  iter: number;
  load: number;
  modelTokS: number;
  /** (measured - model) / model */
  relResidual: number;
}

export interface IterationFit {
  model: IterationModel;
  /** W, H[, C] with the bounds applied */
  params: BoundedParam[];
  /** the same fit without bounds (stderr NaN when it is not determined), for the diagnosis */
  unconstrained: FittedParam[] | undefined;
  /** Σ w r² of the bounded fit, weights 1/iter² (relative residuals squared) */
  rss: number;
  /** parameters the bounded fit estimated (those not at a bound) */
  freeParams: number;
  /** relative scatter of the throughput about the fit */
  sigma: number;
  points: IterationFitPoint[];
}

const NAMES = { roofline: ["W", "H"], "per-sequence": ["W", "H", "C"] } as const;

interface Solved {
  theta: number[];
  cost: number;
  free: number[];
}

/** Weighted least squares on the columns `free` (the others held at 0); undefined if singular. */
function solveOn(design: number[][], w: readonly number[], y: readonly number[], free: number[]): Solved | undefined {
  const sub = design.map((row) => free.map((j) => row[j]));
  const { a, g } = normalEquations(sub, w, y);
  const l = cholesky(a);
  if (!l) return undefined;
  const beta = choleskySolve(l, g);
  const theta = design[0].map(() => 0);
  free.forEach((j, k) => (theta[j] = beta[k]));
  const cost = y.reduce((s, yi, i) => s + w[i] * (yi - design[i].reduce((t, d, j) => t + d * theta[j], 0)) ** 2, 0);
  return { theta, cost, free };
}

/** Every non-empty subset of 0..p-1. */
function subsets(p: number): number[][] {
  const out: number[][] = [];
  for (let mask = 1; mask < 1 << p; mask++) out.push([...Array(p).keys()].filter((j) => mask & (1 << j)));
  return out;
}

/** min Σ w (y - Xθ)² subject to θ >= 0: the best fit among the faces whose free coefficients are all >= 0. */
function nonNegative(design: number[][], w: readonly number[], y: readonly number[]): Solved | undefined {
  let best: Solved | undefined;
  for (const free of subsets(design[0].length)) {
    const s = solveOn(design, w, y, free);
    if (s && s.theta.every((t) => t >= 0) && (!best || s.cost < best.cost)) best = s;
  }
  return best;
}

function standardErrors(design: number[][], w: readonly number[], s: Solved, nParams: number): number[] {
  const dof = design.length - s.free.length;
  const sigma2 = s.cost / dof;
  const inv = inverseNormalMatrix(design.map((row) => s.free.map((j) => row[j])), w);
  const se = new Array<number>(nParams).fill(NaN);
  s.free.forEach((j, k) => (se[j] = inv && dof > 0 ? Math.sqrt(inv[k][k] * sigma2) : NaN));
  return se;
}

/**
 * Throughput noise is a percentage of the reading, so iter carries the same relative noise:
 * each point is weighted by 1/iter², from the measured iter on a first pass and from the
 * fitted one on the second (so points that happened to read fast are not favoured).
 */
export function fitIteration(points: readonly IterationPoint[], Lcal: number, model: IterationModel,
  source = "throughput"): IterationFit {
  const names = NAMES[model];
  if (points.length < names.length + 1) {
    throw new InputError(`${source}: fitting ${names.join(", ")} needs at least ${names.length + 1} rows `
      + `(one more than the parameters, for the standard errors), got ${points.length}`);
  }
  const iter = points.map((p) => p.n / p.tokS);
  const load = points.map((p) => (p.n * Math.floor(p.ctx / 2)) / Lcal);
  const design = points.map((p, i) => (model === "roofline" ? [1, load[i]] : [1, load[i], p.n]));
  let w = iter.map((it) => 1 / (it * it));
  let s = nonNegative(design, w, iter);
  if (!s) throw new InputError(`${source}: the rows do not determine ${names.join(", ")}`);
  const fitted = (t: number[]) => design.map((row) => row.reduce((a, d, j) => a + d * t[j], 0));
  w = fitted(s.theta).map((f) => 1 / (f * f));
  s = nonNegative(design, w, iter)!;
  const se = standardErrors(design, w, s, names.length);
  const all = names.map((_, j) => j);
  const open = solveOn(design, w, iter, all);
  const openSe = open && standardErrors(design, w, open, names.length);
  const f = fitted(s.theta);
  const dof = points.length - s.free.length;
  return {
    model,
    params: names.map((name, j) => ({ name, unit: "s", value: s.theta[j], stderr: se[j], atBound: !s.free.includes(j) })),
    unconstrained: open && names.map((name, j) => ({ name, unit: "s", value: open.theta[j], stderr: openSe![j] })),
    rss: s.cost,
    freeParams: s.free.length,
    sigma: Math.sqrt(s.cost / dof),
    points: points.map((p, i) => {
      const modelTokS = p.n / f[i];
      return { ...p, iter: iter[i], load: load[i], modelTokS, relResidual: (p.tokS - modelTokS) / modelTokS };
    }),
  };
}

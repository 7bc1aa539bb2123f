import { InputError } from "../errors.ts";
import type { LogisticPower } from "../model/index.ts";
import { inverseNormalMatrix, levenbergMarquardt, type LsqProblem } from "./levenbergMarquardt.ts";
import type { Matrix } from "../numeric/linalg.ts";
import { median, type FittedParam } from "./types.ts";

/** One measured (batch, watts) point; `line` is its line in the user's file. */
export interface PowerPoint {
  batch: number;
  watts: number;
  line: number;
}

/**
 * How the measurement noise scales: "relative" (a fixed percentage of the reading, as
 * for power meters and the synthetic data) weights each point by 1/P(n)²; "absolute"
 * (a fixed number of watts) weights them equally.
 */
export type NoiseModel = "relative" | "absolute";

export interface PowerFitPoint extends PowerPoint {
  model: number;
  /** watts - model */
  residual: number;
  /** residual in units of the robust noise scale */
  z: number;
  /** Huber weight in the final pass: 1 for ordinary points, < 1 for down-weighted ones */
  robustWeight: number;
  outlier: boolean;
}

export interface PowerFit {
  power: LogisticPower;
  /** P_idle, P_nom, k, x0 in that order */
  params: FittedParam[];
  cov: Matrix;
  /** residual scatter: a fraction of the reading (relative noise) or watts (absolute) */
  sigma: number;
  noise: NoiseModel;
  points: PowerFitPoint[];
  distinctBatches: number;
  iterations: number;
}

/** Four parameters need four distinct abscissae: repeats at one batch size only average noise. */
export const MIN_DISTINCT_BATCHES = 4;
/** One more point than parameters, so the residual variance (and so a standard error) exists. */
export const MIN_POWER_POINTS = 5;
/** Huber's tuning constant: 95 % efficiency when the noise is Gaussian. */
const HUBER_C = 1.345;
/** Points this many robust sigmas off the curve are reported as outliers. */
const OUTLIER_Z = 3.5;

/** log2 of the batch as the model sees it; idle (batch 0) is its own abscissa. */
function abscissa(batch: number): number {
  return batch <= 0 ? -Infinity : Math.log2(Math.max(1, batch));
}

/** P(n) and its gradient in (P_idle, P_nom, k, x0), docs/model.md §1 with k > 0. */
export function logisticWithGradient(theta: readonly number[], u: number): { f: number; grad: number[] } {
  const [pIdle, pNom, k, x0] = theta;
  if (u === -Infinity) return { f: pIdle, grad: [1, 0, 0, 0] };
  const s = 1 / (1 + Math.exp(-k * (u - x0)));
  const span = pNom - pIdle;
  const ds = span * s * (1 - s);
  return { f: pIdle + span * s, grad: [1 - s, s, ds * (u - x0), -ds * k] };
}

function powerProblem(us: readonly number[], watts: ArrayLike<number>): LsqProblem {
  return {
    y: watts,
    model: (t) => us.map((u) => logisticWithGradient(t, u).f),
    jacobian: (t) => us.map((u) => logisticWithGradient(t, u).grad),
    admissible: ([pIdle, pNom, k]) => pIdle > 0 && pNom > 0 && k > 0,
  };
}

/**
 * A start that one wild point cannot capture: the medians at each batch size, smoothed by
 * a running median of three (Tukey's end rule) so a lone wild batch size vanishes; the
 * plateaus from the two lowest and two highest, x0 where the curve crosses half-way and
 * k from the slope there (dP/dlog2 n = span·k/4 at x0).
 */
function initialGuess(us: readonly number[], watts: ArrayLike<number>): number[] {
  const groups = new Map<number, number[]>();
  us.forEach((u, i) => groups.set(u, [...(groups.get(u) ?? []), watts[i]]));
  const g = [...groups.entries()].sort((a, b) => a[0] - b[0]).map(([u, w]) => ({ u, p: median(w) }));
  const raw = g.map((q) => q.p);
  const last = raw.length - 1;
  const smooth = raw.map((p, i) => {
    if (i === 0) return median([p, raw[1], 3 * raw[1] - 2 * raw[2]]);
    if (i === last) return median([p, raw[last - 1], 3 * raw[last - 1] - 2 * raw[last - 2]]);
    return median([raw[i - 1], p, raw[i + 1]]);
  });
  const pIdle = (smooth[0] + smooth[1]) / 2;
  const pNom = (smooth[last] + smooth[last - 1]) / 2;
  const half = (pIdle + pNom) / 2;
  const finite = g.map((q, i) => ({ u: q.u, p: smooth[i] })).filter((q) => Number.isFinite(q.u));
  let x0 = (finite[0].u + finite[finite.length - 1].u) / 2;
  let k = 1;
  for (let i = 1; i < finite.length; i++) {
    const a = finite[i - 1];
    const b = finite[i];
    if ((a.p - half) * (b.p - half) <= 0 && a.p !== b.p) {
      x0 = a.u + ((half - a.p) / (b.p - a.p)) * (b.u - a.u);
      k = Math.min(4, Math.max(0.25, (4 * (b.p - a.p)) / (b.u - a.u) / (pNom - pIdle)));
      break;
    }
  }
  return [Math.max(pIdle, 1e-6), Math.max(pNom, 1e-6), k, x0];
}

function checkEnough(points: readonly PowerPoint[], distinct: number[], source: string): void {
  if (distinct.length < MIN_DISTINCT_BATCHES) {
    throw new InputError(`${source}: the power fit needs at least ${MIN_DISTINCT_BATCHES} distinct batch sizes `
      + `(4 parameters P_idle, P_nom, k, x0; repeats at one batch size only average noise), got ${distinct.length}: `
      + `${distinct.map((u) => (u === -Infinity ? 0 : 2 ** u)).join(", ")}`);
  }
  if (points.length < MIN_POWER_POINTS) {
    throw new InputError(`${source}: the power fit needs at least ${MIN_POWER_POINTS} points `
      + `(4 parameters plus one degree of freedom for the noise and standard errors), got ${points.length}`);
  }
}

/**
 * Weighted nonlinear least squares for the logistic power curve, made robust by Huber
 * IRLS: after a plain weighted fit, each pass re-weights points by min(1, c/|z|) with z
 * the residual over a MAD scale, and refits, until the parameters stop moving. Huber
 * rather than flag-and-drop because a wild reading keeps only the pull of a c-sigma one
 * (bounded influence) while no hard threshold decides which points exist: the fit moves
 * continuously with the data, and the MAD scale is not inflated by the outlier itself.
 * Points beyond 3.5 robust sigmas are reported as outliers.
 */
export function fitPowerCurve(points: readonly PowerPoint[], noise: NoiseModel = "relative", source = "power"): PowerFit {
  const us = points.map((p) => abscissa(p.batch));
  const distinct = [...new Set(us)].sort((a, b) => a - b);
  checkEnough(points, distinct, source);
  const watts = Float64Array.from(points, (p) => p.watts);
  const problem = powerProblem(us, watts);
  let theta = initialGuess(us, watts);
  let base: number[] = [];
  let robust: Float64Array = new Float64Array(points.length);
  let iterations = 0;
  let converged = false;
  // The start is robust, so its residuals already tell the wild points: no plain pass first.
  for (let pass = 0; pass < 100 && !converged; pass++) {
    const f = problem.model(theta);
    base = f.map((fi) => (noise === "relative" ? 1 / (fi * fi) : 1));
    robust = huberWeights(f.map((fi, i) => Math.sqrt(base[i]) * (watts[i] - fi)));
    const sol = levenbergMarquardt(problem, theta, Float64Array.from(base, (b, i) => b * robust[i]));
    if (!sol.converged) break;
    iterations += sol.iterations;
    converged = sol.theta.every((v, j) => Math.abs(v - theta[j]) <= 1e-9 * Math.abs(theta[j]));
    theta = sol.theta;
  }
  if (!converged) {
    throw new InputError(`${source}: the power fit did not converge; the points may not follow a logistic curve in log2(batch)`);
  }
  const f = problem.model(theta);
  const r = f.map((fi, i) => watts[i] - fi);
  const scaled = r.map((ri, i) => Math.sqrt(base[i]) * ri);
  const inv = inverseNormalMatrix(problem.jacobian(theta), base);
  if (!inv) {
    throw new InputError(`${source}: the batch sizes do not determine all four power parameters `
      + "(measure from batch 1 through saturation so both plateaus and the knee are covered)");
  }
  const scale = robustScale(scaled);
  const sigma2 = huberVariance(scaled.map((u) => u / scale), scale, 4);
  const cov = inv.map((row) => row.map((v) => v * sigma2));
  const names: Array<[string, string]> = [["P_idle", "W"], ["P_nom", "W"], ["k", "1/doubling"], ["x0", "log2(batch)"]];
  return {
    power: { kind: "logistic", pIdle: theta[0], pNom: theta[1], k: theta[2], x0: theta[3] },
    params: names.map(([name, unit], j) => ({ name, unit, value: theta[j], stderr: Math.sqrt(cov[j][j]) })),
    cov,
    sigma: Math.sqrt(sigma2),
    noise,
    points: points.map((p, i) => {
      const z = scale > 0 ? scaled[i] / scale : 0;
      return { ...p, model: f[i], residual: r[i], z, robustWeight: robust[i], outlier: Math.abs(z) > OUTLIER_Z };
    }),
    distinctBatches: distinct.length,
    iterations,
  };
}

/** 1.4826 · median |u|: the standard deviation of Gaussian noise, unmoved by a few wild points. */
function robustScale(u: readonly number[]): number {
  return 1.4826 * median(u.map(Math.abs));
}

/**
 * Noise variance for the covariance of a Huber fit (Huber 1981, §7.6, without the small
 * finite-sample factor): scale² · Σψ(z)²/(m-p) / (share of points with |z| < c)². A wild
 * point adds at most c², so it cannot blow up every standard error.
 */
function huberVariance(z: readonly number[], scale: number, nParams: number): number {
  if (!(scale > 0)) return 0;
  const psi2 = z.reduce((s, zi) => s + Math.min(zi * zi, HUBER_C * HUBER_C), 0);
  const inside = z.filter((zi) => Math.abs(zi) < HUBER_C).length / z.length;
  return (scale * scale * psi2) / (z.length - nParams) / (inside * inside);
}

function huberWeights(u: readonly number[]): Float64Array {
  const scale = robustScale(u);
  return Float64Array.from(u, (ui) => (scale > 0 && Math.abs(ui) > HUBER_C * scale ? (HUBER_C * scale) / Math.abs(ui) : 1));
}

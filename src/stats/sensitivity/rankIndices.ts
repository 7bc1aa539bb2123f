// Sampling-based sensitivity measures over input columns (k arrays of N values) and an output
// column (N values), e.g. from a Monte Carlo or Latin hypercube sweep:
//   Spearman  rank correlation of each input with the output;
//   PRCC      partial rank correlation: ranks of input i and of the output, each with the other
//             inputs' ranks regressed out by least squares, then correlated. That is the partial
//             correlation -P_iy / sqrt(P_ii P_yy) of P, the inverse of the rank correlation
//             matrix, which is how it is computed (one inversion instead of 2k regressions);
//   SRC       standardised regression coefficients b_i sd(x_i) / sd(y) of the least-squares
//             fit of y on the raw inputs, with its R^2 (SRC is meaningful when R^2 is near 1).
// Ties get average ranks. Intervals: correlations by Fisher's z with Bonett & Wright's (2000)
// variance for rank correlations, (1 + r^2/2) / (N - 3 - q), q the inputs held fixed (0 for
// Spearman, k - 1 for PRCC); SRC by a seeded bootstrap over rows (percentile intervals),
// which assumes nothing about residuals a deterministic model does not have.
import { badInput } from "../../errors.ts";
import { cholesky, choleskyInverse, choleskySolve, type Matrix } from "../../numeric/linalg.ts";
import { checkBootstrap, percentileEstimate, resampleCounts, type BootstrapOptions, type Estimate } from "./bootstrap.ts";
import { normalQuantile } from "../../definition/distributions.ts";

export interface CorrelationOptions {
  /** Two-sided confidence of the intervals (default 0.95). */
  confidence?: number;
}

export interface RegressionEstimate extends Estimate {
  /** Fraction of the output variance the linear fit explains. */
  readonly rSquared: number;
}

const SRC_STREAM = 0x5c5c;

/**
 * Ranks 1..N of x, ties sharing the average of the ranks they span: in the sorted values, x_t's
 * equal run is [first index >= x_t, first index > x_t), and its average rank is their mean + 1/2.
 */
export function averageRanks(x: Float64Array): Float64Array {
  const sorted = Float64Array.from(x).sort();
  const n = x.length;
  const ranks = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    const v = x[t];
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid] < v) lo = mid + 1;
      else hi = mid;
    }
    let end = lo + 1;
    if (end < n && sorted[end] === v) {
      hi = n;
      while (end < hi) {
        const mid = (end + hi) >>> 1;
        if (sorted[mid] <= v) end = mid + 1;
        else hi = mid;
      }
    }
    ranks[t] = (lo + end + 1) / 2;
  }
  return ranks;
}

/** Pearson correlation of two columns. */
export function pearson(x: Float64Array, y: Float64Array): number {
  const n = x.length;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i] / n;
    my += y[i] / n;
  }
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i] - mx;
    const dy = y[i] - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy))); // rounding can step past +-1
}

/** Spearman's rank correlation of each input with the output, with Fisher-z intervals. */
export function spearman(inputs: readonly Float64Array[], output: Float64Array, options: CorrelationOptions = {}): Estimate {
  checkColumns(inputs, output, "spearman");
  const ry = averageRanks(output);
  const value = Float64Array.from(inputs, (x) => pearson(averageRanks(x), ry));
  return fisherIntervals(value, output.length, 0, options, "spearman");
}

/** Partial rank correlation of each input with the output, the other inputs held fixed. */
export function prcc(inputs: readonly Float64Array[], output: Float64Array, options: CorrelationOptions = {}): Estimate {
  checkColumns(inputs, output, "prcc");
  const k = inputs.length;
  const ranked = [...inputs, output].map(averageRanks);
  const factor = cholesky(correlationMatrix(ranked));
  if (factor === undefined) badInput("prcc", "inputs", k, "their ranks are collinear, so no partial correlation is defined");
  const P = choleskyInverse(factor);
  const value = Float64Array.from({ length: k }, (_, i) => Math.max(-1, Math.min(1, -P[i][k] / Math.sqrt(P[i][i] * P[k][k]))));
  return fisherIntervals(value, output.length, k - 1, options, "prcc");
}

/** Standardised regression coefficients with bootstrap percentile intervals, and R^2. */
export function src(inputs: readonly Float64Array[], output: Float64Array, options: BootstrapOptions): RegressionEstimate {
  checkColumns(inputs, output, "src");
  const boot = checkBootstrap(options, "src");
  const k = inputs.length;
  const n = output.length;
  const z = standardisedRows([...inputs, output]);
  const fit = regression(z, k, null, n);
  if (fit === undefined) badInput("src", "inputs", k, "they are collinear, so the regression has no unique coefficients");
  const replicates = new Float64Array(boot.resamples * k);
  const counts = new Float64Array(n);
  const tally = new Int32Array(n);
  for (let b = 0; b < boot.resamples; b++) {
    const again = regression(z, k, resampleCounts(boot, SRC_STREAM, b, n, counts, tally), n);
    // A resample can repeat rows until the inputs are collinear; with k << N it never does.
    if (again === undefined) badInput("src", "bootstrap resample", b, "left collinear inputs; use more rows");
    replicates.set(again.beta, b * k);
  }
  return { ...percentileEstimate(Float64Array.from(fit.beta), replicates, boot.confidence), rSquared: fit.rSquared };
}

/**
 * Least squares of the last column on the first k, rows of `z` being (k+1)-vectors with zero
 * mean and unit variance over the whole sample; row t counts weights[t] times (null: once).
 * Solves the normal equations in correlation form C_xx beta = c_xy, so beta is the SRC.
 */
function regression(z: Float64Array, k: number, weights: Float64Array | null, n: number): { beta: number[]; rSquared: number } | undefined {
  const w = k + 1;
  const sum = new Float64Array(w);
  const cross = new Float64Array((w * (w + 1)) / 2); // lower triangle, row a from a(a+1)/2
  for (let t = 0; t < n; t++) {
    const times = weights === null ? 1 : weights[t];
    if (times === 0) continue;
    const o = t * w;
    for (let a = 0, at = 0; a < w; a++) {
      const za = times * z[o + a];
      sum[a] += za;
      for (let b = 0; b <= a; b++) cross[at++] += za * z[o + b];
    }
  }
  const cov = (a: number, b: number) => cross[a >= b ? (a * (a + 1)) / 2 + b : (b * (b + 1)) / 2 + a] / n - (sum[a] / n) * (sum[b] / n);
  const sd = Array.from({ length: w }, (_, a) => Math.sqrt(cov(a, a)));
  const C: Matrix = Array.from({ length: k }, (_, a) => Array.from({ length: k }, (_, b) => cov(a, b) / (sd[a] * sd[b])));
  const c = Array.from({ length: k }, (_, a) => cov(a, k) / (sd[a] * sd[k]));
  const factor = cholesky(C);
  if (factor === undefined) return undefined;
  const beta = choleskySolve(factor, c);
  return { beta, rSquared: beta.reduce((s, b, a) => s + b * c[a], 0) };
}

/** Correlation matrix of columns. */
function correlationMatrix(columns: readonly Float64Array[]): Matrix {
  const z = standardisedRows(columns);
  const w = columns.length;
  const n = columns[0].length;
  const C: Matrix = Array.from({ length: w }, () => new Array<number>(w).fill(0));
  for (let t = 0; t < n; t++) {
    for (let a = 0; a < w; a++) for (let b = 0; b <= a; b++) C[a][b] += z[t * w + a] * z[t * w + b] / n;
  }
  for (let a = 0; a < w; a++) for (let b = a + 1; b < w; b++) C[a][b] = C[b][a];
  return C;
}

/** Columns centred and scaled to unit variance, packed row-major (row t, column a at t*w + a). */
function standardisedRows(columns: readonly Float64Array[]): Float64Array {
  const w = columns.length;
  const n = columns[0].length;
  const z = new Float64Array(n * w);
  columns.forEach((x, a) => {
    let mean = 0;
    for (let t = 0; t < n; t++) mean += x[t] / n;
    let variance = 0;
    for (let t = 0; t < n; t++) variance += (x[t] - mean) ** 2 / n;
    const sd = Math.sqrt(variance);
    for (let t = 0; t < n; t++) z[t * w + a] = (x[t] - mean) / sd;
  });
  return z;
}

function fisherIntervals(value: Float64Array, n: number, held: number, options: CorrelationOptions, where: string): Estimate {
  const { confidence = 0.95 } = options;
  if (!(confidence > 0 && confidence < 1)) badInput(where, "confidence", confidence, "must lie strictly between 0 and 1");
  const dof = n - 3 - held;
  if (dof < 1) badInput(where, "rows", n, `need at least ${4 + held} for an interval`);
  const zq = normalQuantile((1 + confidence) / 2);
  const low = new Float64Array(value.length);
  const high = new Float64Array(value.length);
  value.forEach((r, i) => {
    const z = Math.atanh(r);
    const se = Math.sqrt((1 + (r * r) / 2) / dof);
    low[i] = Math.tanh(z - zq * se);
    high[i] = Math.tanh(z + zq * se);
  });
  return { value, low, high };
}

function checkColumns(inputs: readonly Float64Array[], output: Float64Array, where: string): void {
  if (inputs.length < 1) badInput(where, "inputs", inputs.length, "need at least one input column");
  const n = output.length;
  [...inputs, output].forEach((x, a) => {
    const name = a < inputs.length ? `input ${a}` : "output";
    if (x.length !== n) badInput(where, `${name} length`, x.length, `must equal the output's ${n}`);
    for (let t = 0; t < n; t++) if (!Number.isFinite(x[t])) badInput(where, `${name} row ${t}`, x[t], "must be a finite number");
    let same = true;
    for (let t = 1; t < n && same; t++) same = x[t] === x[0];
    if (same) badInput(where, name, x[0], "is constant, so no correlation is defined");
  });
}

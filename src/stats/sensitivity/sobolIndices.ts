// Sobol' indices from model outputs on Saltelli's design (src/sample/saltelli.ts gives the
// row order: per base row n a block A, AB_0..AB_k-1, [BA_0..BA_k-1,] B).
//
// With f centred by the mean m of f(A) and f(B), V the variance of f(A) and f(B) together:
//   first order  S_i  = mean( f(B) (f(AB_i) - f(A)) ) / V                (Saltelli et al. 2010)
//   total        ST_i = mean( (f(A) - f(AB_i))^2 ) / (2V)                  (Jansen 1999)
//   second order S_ij = mean( f(BA_i) f(AB_j) - f(A) f(B) ) / V - S_i - S_j (Saltelli 2002)
// BA_i and AB_j share exactly inputs i and j, so E[f(BA_i) f(AB_j)] - E[f(A) f(B)] is the
// closed variance of {i, j}: V_i + V_j + V_ij. Centring leaves the expectations alone but
// removes the large m * (f(AB_i) - f(A)) noise an uncentred mean would add.
// Intervals: the bootstrap resamples whole base rows (blocks), as the estimators pair them.
// It treats base rows as independent draws, which scrambled Sobol' rows beat, so on smooth
// models the intervals are wider than the estimates' actual error (conservative).
import { badInput } from "../../errors.ts";
import { checkBootstrap, percentileEstimate, resampleCounts, type Bootstrap, type BootstrapOptions, type Estimate } from "./bootstrap.ts";

/** How the outputs are laid out; a SaltelliDesign is one. */
export interface SobolLayout {
  readonly inputs: number;
  readonly baseRows: number;
  readonly secondOrder: boolean;
}

export interface SecondOrder extends Estimate {
  /** Input pairs (i < j) in the order of value/low/high: (0,1), (0,2), .., (k-2,k-1). */
  readonly pairs: ReadonlyArray<readonly [number, number]>;
}

export interface SobolIndices {
  readonly inputs: number;
  readonly baseRows: number;
  /** Mean and variance of f over the A and B rows. */
  readonly mean: number;
  readonly variance: number;
  readonly first: Estimate;
  readonly total: Estimate;
  /** Present when the layout has the BA blocks. */
  readonly second: SecondOrder | null;
}

const BOOTSTRAP_STREAM = 0x5a17e111;
const WHERE = "sobol indices";

/** Pairs (i < j) of k inputs in row-major order. */
export function inputPairs(k: number): Array<[number, number]> {
  const pairs: Array<[number, number]> = [];
  for (let i = 0; i < k; i++) for (let j = i + 1; j < k; j++) pairs.push([i, j]);
  return pairs;
}

/** Statistics per sample: S_i (k), ST_i (k), then S_ij per pair when second order. */
export function statisticCount(layout: SobolLayout): number {
  const k = layout.inputs;
  return 2 * k + (layout.secondOrder ? (k * (k - 1)) / 2 : 0);
}

/**
 * The indices of one sample of base rows, into `out` as [S_i.., ST_i.., S_ij..]: `weights`
 * gives each base row's multiplicity (a bootstrap replicate), or null for each row once.
 * Returns m and V too.
 */
export function sobolStatistics(y: Float64Array, layout: SobolLayout, weights: Int32Array | null,
  out = new Float64Array(statisticCount(layout))): { mean: number; variance: number; values: Float64Array } {
  const k = layout.inputs;
  const N = layout.baseRows;
  const R = layout.secondOrder ? 2 * k + 2 : k + 2;
  let sum = 0;
  for (let n = 0; n < N; n++) {
    const w = weights === null ? 1 : weights[n];
    if (w !== 0) sum += w * (y[n * R] + y[n * R + R - 1]);
  }
  const m = sum / (2 * N);
  let squares = 0;
  let cross = 0;
  const ab = new Float64Array(k);
  out.fill(0);
  for (let n = 0; n < N; n++) {
    const w = weights === null ? 1 : weights[n];
    if (w === 0) continue;
    const o = n * R;
    const a = y[o] - m;
    const b = y[o + R - 1] - m;
    squares += w * (a * a + b * b);
    for (let i = 0; i < k; i++) {
      const d = y[o + 1 + i] - y[o];
      out[i] += w * b * d;
      out[k + i] += w * d * d;
    }
    if (layout.secondOrder) {
      cross += w * a * b;
      for (let j = 0; j < k; j++) ab[j] = y[o + 1 + j] - m;
      for (let i = 0, p = 2 * k; i < k; i++) {
        const ba = w * (y[o + 1 + k + i] - m);
        for (let j = i + 1; j < k; j++) out[p++] += ba * ab[j];
      }
    }
  }
  const V = squares / (2 * N);
  for (let i = 0; i < k; i++) {
    out[i] /= N * V;
    out[k + i] /= 2 * N * V;
  }
  if (layout.secondOrder) {
    for (let i = 0, p = 2 * k; i < k; i++) {
      for (let j = i + 1; j < k; j++, p++) out[p] = (out[p] - cross) / (N * V) - out[i] - out[j];
    }
  }
  return { mean: m, variance: V, values: out };
}

/** Bootstrap replicate b (a pure function of the seed and b), into `out`. */
export function sobolReplicate(y: Float64Array, layout: SobolLayout, boot: Bootstrap, b: number,
  out = new Float64Array(statisticCount(layout)), counts = new Int32Array(layout.baseRows)): Float64Array {
  return sobolStatistics(y, layout, resampleCounts(boot, BOOTSTRAP_STREAM, b, layout.baseRows, counts), out).values;
}

/** First, total (and second-order) indices with bootstrap percentile intervals. */
export function sobolIndices(y: Float64Array, layout: SobolLayout, options: BootstrapOptions): SobolIndices {
  checkOutputs(y, layout);
  const boot = checkBootstrap(options, WHERE);
  const { mean, variance, values } = sobolStatistics(y, layout, null);
  if (!(variance > 0)) badInput(WHERE, "output variance", variance, "the output is constant, so no index is defined");
  const m = values.length;
  const replicates = new Float64Array(boot.resamples * m);
  const counts = new Int32Array(layout.baseRows);
  for (let b = 0; b < boot.resamples; b++) sobolReplicate(y, layout, boot, b, replicates.subarray(b * m, (b + 1) * m), counts);
  const all = percentileEstimate(values, replicates, boot.confidence);
  const k = layout.inputs;
  const part = (from: number, to: number): Estimate =>
    ({ value: all.value.slice(from, to), low: all.low.slice(from, to), high: all.high.slice(from, to) });
  return {
    inputs: k, baseRows: layout.baseRows, mean, variance,
    first: part(0, k),
    total: part(k, 2 * k),
    second: layout.secondOrder ? { ...part(2 * k, m), pairs: inputPairs(k) } : null,
  };
}

function checkOutputs(y: Float64Array, layout: SobolLayout): void {
  const R = layout.secondOrder ? 2 * layout.inputs + 2 : layout.inputs + 2;
  if (y.length !== layout.baseRows * R) {
    badInput(WHERE, "outputs", y.length, `expected ${layout.baseRows * R} (${layout.baseRows} base rows x ${R})`);
  }
  for (let r = 0; r < y.length; r++) {
    if (!Number.isFinite(y[r])) badInput(WHERE, `output of row ${r}`, y[r], "must be a finite number");
  }
}

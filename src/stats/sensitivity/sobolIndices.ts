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
// Speed: every statistic of a (re)sample is a weighted sum of per-row terms computed once
// (sobolTerms), so a replicate is a few streaming sums, and the outputs of one design share
// each replicate's row counts (sobolIndicesOf).
import { badInput } from "../../errors.ts";
import { checkBootstrap, percentileEstimate, resampleCounts, type Bootstrap, type BootstrapOptions, type Estimate } from "./bootstrap.ts";
import { centredWeights, weightedSums } from "./weightedSums.ts";

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
export function statisticCount(layout: Pick<SobolLayout, "inputs" | "secondOrder">): number {
  const k = layout.inputs;
  return 2 * k + (layout.secondOrder ? (k * (k - 1)) / 2 : 0);
}

/**
 * One output column as the per-row terms every statistic is a weighted sum of, column-major
 * (term c of row r at c * N + r). With m0 the mean of f(A) and f(B) over all rows,
 * a = f(A) - m0, b = f(B) - m0, d_i = f(AB_i) - f(A), the columns are:
 *   summed with the replicate's weights w: f(A) + f(B), a^2 + b^2, d_i^2 (k);
 *   b, then d_i (k) and with second order a, summed with w (b - delta), delta the
 *   replicate's mean minus m0;
 *   with second order, BA_i = f(BA_i) - m0 (k) and AB_i = f(AB_i) - m0 (k): AB_j is summed
 *   with w (BA_i - delta) for j > i.
 * Centring at m0 leaves every sum a difference of small numbers; the replicate's own mean then
 * enters through delta alone (see replicateInto).
 */
export interface SobolTerms {
  readonly inputs: number;
  readonly baseRows: number;
  readonly secondOrder: boolean;
  readonly m0: number;
  readonly t: Float64Array;
}

/** Scratch a replicate reuses: the sums, and the N weights of the products. */
interface Scratch {
  readonly sums: Float64Array;
  readonly v: Float64Array;
}

/** Columns of N terms an output's terms hold on the layout. */
function termColumns(layout: SobolLayout): number {
  return layout.secondOrder ? 4 + 4 * layout.inputs : 3 + 2 * layout.inputs;
}

/** The terms of outputs y on the layout. */
export function sobolTerms(y: Float64Array, layout: SobolLayout): SobolTerms {
  const k = layout.inputs;
  const N = layout.baseRows;
  const R = layout.secondOrder ? 2 * k + 2 : k + 2;
  const t = new Float64Array(termColumns(layout) * N);
  for (let n = 0; n < N; n++) t[n] = y[n * R] + y[n * R + R - 1];
  // summed as replicateInto sums it with unit weights, so the point estimate's delta is exactly 0
  const total = new Float64Array(1);
  weightedSums(new Float64Array(N).fill(1), t, 0, 1, N, total, 0);
  const m0 = total[0] / (2 * N);
  const bAt = (2 + k) * N;
  for (let n = 0; n < N; n++) {
    const o = n * R;
    const a = y[o] - m0;
    const b = y[o + R - 1] - m0;
    t[N + n] = a * a + b * b;
    t[bAt + n] = b;
    for (let i = 0; i < k; i++) {
      const d = y[o + 1 + i] - y[o];
      t[(2 + i) * N + n] = d * d;
      t[bAt + (1 + i) * N + n] = d;
    }
    if (layout.secondOrder) {
      t[bAt + (1 + k) * N + n] = a;
      for (let i = 0; i < k; i++) {
        t[bAt + (2 + k + i) * N + n] = y[o + 1 + k + i] - m0;
        t[bAt + (2 + 2 * k + i) * N + n] = y[o + 1 + i] - m0;
      }
    }
  }
  return { inputs: k, baseRows: N, secondOrder: layout.secondOrder, m0, t };
}

function scratchFor(terms: SobolTerms): Scratch {
  const k = terms.inputs;
  return { sums: new Float64Array(3 + 2 * k + (k * (k - 1)) / 2), v: new Float64Array(terms.baseRows) };
}

/**
 * The statistics [S_i.., ST_i.., S_ij..] of the base rows counted w[n] times (each sums to N),
 * into `out`; returns the sample's mean m and variance V. With delta = m - m0 and
 * u = w (b - delta), over the weighted rows: V = mean(a^2 + b^2) / 2 - delta^2; the S_i
 * numerator sum w (f(B) - m) d_i = sum u d_i; with second order, sum w (f(A) - m)(f(B) - m)
 * = sum u a - delta sum u, and with v = w (BA_i - delta), sum w (f(BA_i) - m)(f(AB_j) - m)
 * = sum v AB_j - delta sum v.
 */
function replicateInto(terms: SobolTerms, w: Float64Array, out: Float64Array, { sums, v }: Scratch): { mean: number; variance: number } {
  const { inputs: k, baseRows: N, t } = terms;
  const W = 2 + k;
  weightedSums(w, t, 0, W, N, sums, 0);
  const mean = sums[0] / (2 * N);
  const delta = mean - terms.m0;
  const V = sums[1] / (2 * N) - delta * delta;
  const sumU = centredWeights(w, t, W * N, delta, N, v);
  weightedSums(v, t, W + 1, terms.secondOrder ? k + 1 : k, N, sums, W);
  for (let i = 0; i < k; i++) {
    out[i] = sums[W + i] / (N * V);
    out[k + i] = sums[2 + i] / (2 * N * V);
  }
  if (terms.secondOrder) {
    const cross = sums[W + k] - delta * sumU;
    for (let i = 0, p = 0; i < k; i++) {
      const sumV = centredWeights(w, t, (W + 2 + k + i) * N, delta, N, v);
      const at = W + k + 1 + p;
      weightedSums(v, t, W + 2 + 2 * k + i + 1, k - 1 - i, N, sums, at);
      for (let j = i + 1; j < k; j++, p++) {
        out[2 * k + p] = (sums[at + j - i - 1] - delta * sumV - cross) / (N * V) - out[i] - out[j];
      }
    }
  }
  return { mean, variance: V };
}

/**
 * The indices of one sample of base rows, into `out` as [S_i.., ST_i.., S_ij..]: `weights`
 * gives each base row's multiplicity (a bootstrap replicate), or null for each row once.
 * Returns m and V too.
 */
export function sobolStatistics(terms: SobolTerms, weights: Float64Array | null,
  out = new Float64Array(statisticCount(terms))): { mean: number; variance: number; values: Float64Array } {
  const w = weights ?? new Float64Array(terms.baseRows).fill(1);
  return { ...replicateInto(terms, w, out, scratchFor(terms)), values: out };
}

/** Bootstrap replicate b (a pure function of the seed and b), into `out`. */
export function sobolReplicate(terms: SobolTerms, boot: Bootstrap, b: number, out = new Float64Array(statisticCount(terms))): Float64Array {
  replicateInto(terms, resampleCounts(boot, BOOTSTRAP_STREAM, b, terms.baseRows), out, scratchFor(terms));
  return out;
}

/** First, total (and second-order) indices with bootstrap percentile intervals. */
export function sobolIndices(y: Float64Array, layout: SobolLayout, options: BootstrapOptions): SobolIndices {
  return sobolIndicesOf([y], layout, options)[0];
}

/**
 * sobolIndices of several outputs on the same design and bootstrap (e.g. every column of a
 * sweep's points): each replicate's row counts are drawn once for a batch of them, the batch
 * holding at most BATCH_DOUBLES of terms and replicates. Each output's result is the same bits
 * as alone, whatever the batch.
 */
export function sobolIndicesOf(ys: readonly Float64Array[], layout: SobolLayout, options: BootstrapOptions): SobolIndices[] {
  for (const y of ys) checkOutputs(y, layout);
  const boot = checkBootstrap(options, WHERE);
  const perOutput = termColumns(layout) * layout.baseRows + boot.resamples * statisticCount(layout);
  const batch = Math.max(1, Math.floor(BATCH_DOUBLES / perOutput));
  const results: SobolIndices[] = [];
  for (let from = 0; from < ys.length; from += batch) results.push(...batchIndices(ys.slice(from, from + batch), layout, boot));
  return results;
}

/** Doubles of terms and replicates a batch of outputs may hold (32 MB). */
const BATCH_DOUBLES = 1 << 22;

function batchIndices(ys: readonly Float64Array[], layout: SobolLayout, boot: Bootstrap): SobolIndices[] {
  const terms = ys.map((y) => sobolTerms(y, layout));
  const points = terms.map((t) => {
    const point = sobolStatistics(t, null);
    if (!(point.variance > 0)) badInput(WHERE, "output variance", point.variance, "the output is constant, so no index is defined");
    return point;
  });
  const m = statisticCount(layout);
  const replicates = ys.map(() => new Float64Array(boot.resamples * m));
  const counts = new Float64Array(layout.baseRows);
  const tally = new Int32Array(layout.baseRows);
  const scratch = terms.map(scratchFor);
  for (let b = 0; b < boot.resamples; b++) {
    resampleCounts(boot, BOOTSTRAP_STREAM, b, layout.baseRows, counts, tally);
    terms.forEach((t, c) => replicateInto(t, counts, replicates[c].subarray(b * m, (b + 1) * m), scratch[c]));
  }
  const k = layout.inputs;
  return points.map(({ mean, variance, values }, c) => {
    const all = percentileEstimate(values, replicates[c], boot.confidence);
    const part = (from: number, to: number): Estimate =>
      ({ value: all.value.slice(from, to), low: all.low.slice(from, to), high: all.high.slice(from, to) });
    return {
      inputs: k, baseRows: layout.baseRows, mean, variance,
      first: part(0, k),
      total: part(k, 2 * k),
      second: layout.secondOrder ? { ...part(2 * k, m), pairs: inputPairs(k) } : null,
    };
  });
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

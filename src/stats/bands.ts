// Exact summary statistics of one group's samples. Quantiles follow the linear
// interpolation rule (Hyndman & Fan type 7, numpy's default): q(p) = x[h] + (h - floor h)
// * (x[floor h + 1] - x[floor h]) with h = (n - 1) p on the ascending sort. sd is the
// sample standard deviation (n - 1 in the denominator; 0 for a single sample).
import { guessedOrder, orderEligible, orderStatisticsByKeptOrder, readAlong, readGuessed, type SampleOrder } from "./sampleOrders.ts";

export const BAND_STATS = ["mean", "sd", "min", "p5", "p25", "p50", "p75", "p95", "max"] as const;
export const QUANTILE_RULE = "linear interpolation between order statistics (Hyndman-Fan type 7, numpy default); sd with n-1";
const PROBS = [0.05, 0.25, 0.5, 0.75, 0.95];

// Order statistics by bucketing: a monotone map of each value to one of BUCKETS equal-width
// buckets between min and max keeps buckets in value order, so the k-th smallest value is
// the (k - values in lower buckets)-th smallest of its bucket. Two branch-light passes and a
// sort of the few small buckets that hold wanted positions: exact, like a full sort, and
// several times faster than quickselect on random data (whose compares mispredict).
const BUCKETS = 2048;
const counts = new Int32Array(BUCKETS);
/** per bucket: index of its wanted segment in `gather`, or -1 */
const wanted = new Int32Array(BUCKETS).fill(-1);
let gather = new Float64Array(1024);

/** Bucket of v in [min, max] under `scale` = BUCKETS / (max - min); monotone in v. */
function bucketOf(v: number, min: number, scale: number): number {
  const b = ((v - min) * scale) | 0; // >= 0 as v >= min; NaN or overflow (tiny max - min) gives 0
  return b < BUCKETS ? b : BUCKETS - 1;
}

/** Writes the ks[i]-th smallest of values (ks ascending, no NaN, min < max) to stat[i]. */
function orderStatistics(values: Float64Array, min: number, max: number, ks: readonly number[], stat: Float64Array): void {
  const n = values.length;
  const scale = BUCKETS / (max - min);
  counts.fill(0);
  for (let i = 0; i < n; i++) counts[bucketOf(values[i], min, scale)]++;
  // the bucket of each wanted position, and where each wanted bucket's values go in `gather`
  const bucketOfK = new Int32Array(ks.length);
  const firstRank = new Int32Array(ks.length);
  const starts: number[] = [];
  let below = 0;
  let size = 0;
  for (let b = 0, k = 0; b < BUCKETS && k < ks.length; b++) {
    const above = below + counts[b];
    if (ks[k] < above) {
      wanted[b] = starts.length;
      starts.push(size);
      size += counts[b];
      for (; k < ks.length && ks[k] < above; k++) {
        bucketOfK[k] = b;
        firstRank[k] = below;
      }
    }
    below = above;
  }
  if (gather.length < size) gather = new Float64Array(size);
  const fill = Int32Array.from(starts);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    const w = wanted[bucketOf(v, min, scale)];
    if (w >= 0) gather[fill[w]++] = v;
  }
  for (let w = 0; w < starts.length; w++) gather.subarray(starts[w], fill[w]).sort();
  for (let k = 0; k < ks.length; k++) {
    const w = wanted[bucketOfK[k]];
    stat[k] = gather[starts[w] + ks[k] - firstRank[k]];
  }
  for (let k = 0; k < ks.length; k++) wanted[bucketOfK[k]] = -1;
}

/**
 * Up to this many values a sorted copy (about n log n compares) gives the order statistics
 * instead of bucketing, whose passes cover all BUCKETS whatever the count.
 */
const SORT_MAX = 128;
const sortScratch = new Float64Array(SORT_MAX);

/** Writes the ks[i]-th smallest of values (at most SORT_MAX) to stat[i], from a sorted copy. */
function sortedStatistics(values: Float64Array, ks: readonly number[], stat: Float64Array): void {
  const sorted = sortScratch.subarray(0, values.length);
  sorted.set(values);
  sorted.sort();
  for (let k = 0; k < ks.length; k++) stat[k] = sorted[ks[k]];
}

/** Sorted positions the type-7 quantiles of n values read. */
function quantilePositions(n: number): number[] {
  const ks = new Set<number>();
  for (const p of PROBS) {
    const h = (n - 1) * p;
    ks.add(Math.floor(h));
    if (h > Math.floor(h)) ks.add(Math.floor(h) + 1);
  }
  return [...ks].sort((a, b) => a - b);
}

let cachedN = -1;
let cachedKs: number[] = [];
let cachedStat = new Float64Array(0);

/** Type-7 quantile p of n values from their order statistics `stat` at positions `ks`. */
function quantileOf(stat: Float64Array, ks: readonly number[], n: number, p: number): number {
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const x = stat[ks.indexOf(lo)];
  return h === lo ? x : x + (h - lo) * (stat[ks.indexOf(lo + 1)] - x);
}

/** Writes the 9 BAND_STATS of a column whose every value is `value` (finite) to out[at..at+9): the value, and sd 0. */
export function constantBands(value: number, out: Float64Array, at: number): void {
  out.fill(value, at, at + BAND_STATS.length);
  out[at + 1] = 0;
}

/** What columnPass found in a column: the sums of its deviations from its first value and of their squares, its min and its max. */
const pass = new Float64Array(4);
const RISES = 1;
const FALLS = 2;

/**
 * One pass over a column, into `pass` (shifted sums: equal values give an exact mean and sd 0,
 * and a band ±20 % wide loses no digits); with `guess`, returns whether its values rise
 * (RISES) or fall (FALLS) along that order, checked in the same pass. Even and odd samples sum
 * apart, two chains of adds side by side, four samples a step: the guess's check, a gather over
 * the column, then runs a quarter as many steps. A function of its own, ending in its loops: in
 * bandStats, the code compiled while the loop ran (on-stack replacement) met code after it with
 * no type feedback yet and was thrown away there on call after call (`node --trace-deopt`).
 */
function columnPass(values: Float64Array, guess: Int32Array | null): number {
  const n = values.length;
  const first = values[0];
  let s1 = 0;
  let s2 = 0;
  let t1 = 0;
  let t2 = 0;
  let min = first;
  let max = first;
  let rises = false;
  let falls = false;
  let prev = guess === null ? 0 : values[guess[0]];
  const steps = n - (n & 3);
  for (let i = 0; i < steps; i += 4) {
    const v0 = values[i];
    const v1 = values[i + 1];
    const v2 = values[i + 2];
    const v3 = values[i + 3];
    const d0 = v0 - first;
    const d1 = v1 - first;
    const d2 = v2 - first;
    const d3 = v3 - first;
    s1 += d0;
    s2 += d0 * d0;
    t1 += d1;
    t2 += d1 * d1;
    s1 += d2;
    s2 += d2 * d2;
    t1 += d3;
    t2 += d3 * d3;
    if (v0 < min) min = v0;
    if (v0 > max) max = v0;
    if (v1 < min) min = v1;
    if (v1 > max) max = v1;
    if (v2 < min) min = v2;
    if (v2 > max) max = v2;
    if (v3 < min) min = v3;
    if (v3 > max) max = v3;
    if (guess !== null) {
      const w0 = values[guess[i]];
      const w1 = values[guess[i + 1]];
      const w2 = values[guess[i + 2]];
      const w3 = values[guess[i + 3]];
      if (w0 > prev || w1 > w0 || w2 > w1 || w3 > w2) rises = true;
      if (w0 < prev || w1 < w0 || w2 < w1 || w3 < w2) falls = true;
      prev = w3;
    }
  }
  // the last samples one at a time, each into its parity's sums
  for (let i = steps; i < n; i++) {
    const v = values[i];
    const d = v - first;
    if ((i & 1) === 0) {
      s1 += d;
      s2 += d * d;
    } else {
      t1 += d;
      t2 += d * d;
    }
    if (v < min) min = v;
    if (v > max) max = v;
    if (guess !== null) {
      const w = values[guess[i]];
      if (w > prev) rises = true;
      if (w < prev) falls = true;
      prev = w;
    }
  }
  pass[0] = s1 + t1;
  pass[1] = s2 + t2;
  pass[2] = min;
  pass[3] = max;
  return (rises ? RISES : 0) | (falls ? FALLS : 0);
}

/**
 * Writes the 9 BAND_STATS of `values` to out[at..at+9); `values` is left as it was. `hint`
 * names the column's place in a sweep's blocks (see sampleOrders.ts): the sample order that
 * fitted the last column with that hint is then checked in the summing pass itself. `along`:
 * an order the caller knows the values rise or fall along (as a quotient with one numerator
 * falls along its denominator's order), read with no check. Returns the order the quantiles
 * were read along, or null.
 */
export function bandStats(values: Float64Array, out: Float64Array, at: number, hint?: number, along?: SampleOrder | null): SampleOrder | null {
  const n = values.length;
  const first = values[0];
  // A finite constant column (a quantity no draw moves, such as n_max under power draws) is found by
  // one memcmp of the column against itself shifted by a value; its statistics are the value
  // and sd 0, as columnPass's sums give (and give for a mix of -0 and +0, whose bits differ).
  const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  if (first - first === 0 && Buffer.compare(bytes.subarray(0, bytes.length - 8), bytes.subarray(8)) === 0) {
    constantBands(first, out, at);
    return null;
  }
  const guess = along || hint === undefined ? null : guessedOrder(hint, n);
  const trend = columnPass(values, guess);
  const s1 = pass[0];
  const s2 = pass[1];
  let min = pass[2];
  let max = pass[3];
  const rises = (trend & RISES) !== 0;
  const falls = (trend & FALLS) !== 0;
  if (min === max && s1 === s1) {
    constantBands(min, out, at);
    return null;
  }
  if (n !== cachedN) {
    cachedN = n;
    cachedKs = quantilePositions(n);
    cachedStat = new Float64Array(cachedKs.length);
  }
  let read: SampleOrder | null = null;
  if (s1 !== s1 || first !== first) {
    // NaN somewhere (or +Inf and -Inf): a sort puts NaN last and keeps every statistic defined
    const sorted = Float64Array.from(values).sort();
    min = sorted[0];
    max = sorted[n - 1];
    for (let k = 0; k < cachedKs.length; k++) cachedStat[k] = sorted[cachedKs[k]];
  } else if (along) {
    readAlong(values, along.order, along.dir, cachedKs, cachedStat);
    read = along;
  } else if (guess !== null && !(rises && falls) && orderEligible(n, min, max)) {
    read = readGuessed(values, hint!, falls ? -1 : 1, cachedKs, cachedStat);
  } else if ((read = orderStatisticsByKeptOrder(values, min, max, cachedKs, cachedStat, hint)) === null) {
    if (n <= SORT_MAX) sortedStatistics(values, cachedKs, cachedStat);
    else orderStatistics(values, min, max, cachedKs, cachedStat);
  }
  out[at] = first + s1 / n;
  out[at + 1] = n > 1 ? Math.sqrt(Math.max(0, s2 - (s1 * s1) / n) / (n - 1)) : 0;
  out[at + 2] = min;
  for (let q = 0; q < PROBS.length; q++) out[at + 3 + q] = quantileOf(cachedStat, cachedKs, n, PROBS[q]);
  out[at + 8] = max;
  return read;
}

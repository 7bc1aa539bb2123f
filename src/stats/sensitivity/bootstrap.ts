// Seeded, deterministic bootstrap: replicate b draws its n indices from the counter-based
// hash at (seed, stream, b, draw), so a replicate is a pure function of (seed, b) and
// replicates can be split across workers without changing a bit. A replicate is kept as the
// multiplicity of each row, so estimators sweep their data in order (and skip the ~37 % of
// rows a resample leaves out). Intervals are percentile intervals of the replicate values.
import { badInput } from "../../errors.ts";
import { hashAt, indexFrom, seedKey, type SeedKey } from "../../sample/counterHash.ts";

/** A point estimate per index with its confidence interval. */
export interface Estimate {
  readonly value: Float64Array;
  readonly low: Float64Array;
  readonly high: Float64Array;
}

export interface BootstrapOptions {
  seed: number;
  /** Bootstrap replicates (default 1000). */
  resamples?: number;
  /** Two-sided confidence of the intervals (default 0.95). */
  confidence?: number;
}

export interface Bootstrap {
  readonly key: SeedKey;
  readonly resamples: number;
  readonly confidence: number;
}

/** Checks bootstrap options; `where` names the analysis in an error. */
export function checkBootstrap(options: BootstrapOptions, where: string): Bootstrap {
  const { seed, resamples = 1000, confidence = 0.95 } = options;
  if (!Number.isInteger(resamples) || resamples < 10) badInput(where, "resamples", resamples, "must be an integer >= 10");
  if (!(confidence > 0 && confidence < 1)) badInput(where, "confidence", confidence, "must lie strictly between 0 and 1");
  return { key: seedKey(seed, where), resamples, confidence };
}

/** Replicate b of n rows: how many times each row is drawn in n draws with replacement. */
export function resampleCounts(boot: Bootstrap, stream: number, b: number, n: number, out = new Int32Array(n)): Int32Array {
  const root = hashAt(boot.key, stream, b);
  out.fill(0);
  for (let i = 0; i < n; i++) out[indexFrom(root, i, n)]++;
  return out;
}

/** Linear-interpolation quantile q of ascending `sorted` (position q (n - 1)). */
export function sortedQuantile(sorted: Float64Array, q: number): number {
  const h = q * (sorted.length - 1);
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/**
 * Percentile intervals from replicate values laid out replicate-major (replicate b, statistic
 * s at b * m + s), with the point estimates they belong to.
 */
export function percentileEstimate(value: Float64Array, replicates: Float64Array, confidence: number): Estimate {
  const m = value.length;
  const B = replicates.length / m;
  const low = new Float64Array(m);
  const high = new Float64Array(m);
  const column = new Float64Array(B);
  for (let s = 0; s < m; s++) {
    for (let b = 0; b < B; b++) column[b] = replicates[b * m + s];
    column.sort();
    low[s] = sortedQuantile(column, (1 - confidence) / 2);
    high[s] = sortedQuantile(column, (1 + confidence) / 2);
  }
  return { value, low, high };
}

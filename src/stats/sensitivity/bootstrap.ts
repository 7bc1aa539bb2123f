// Seeded, deterministic bootstrap: replicate b is a pure function of (seed, stream, b), so
// replicates can be split across workers without changing a bit. Its n draws come from a
// small sequential generator (xoshiro128++) seeded by the counter-based hash of (seed,
// stream, b), not a hash per draw: drawing row hash(root ^ i) made two replicates whose roots
// differ only in the low bits (xor < n) draw the same rows. A replicate is kept as
// the multiplicity of each row, so estimators sweep their data in order, as weighted sums.
// Intervals are percentile intervals of the replicate values.
import { badInput } from "../../errors.ts";
import { hashAt, mix32, seedKey, type SeedKey } from "../../sample/counterHash.ts";

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

/**
 * Replicate b of n rows: how many times each row is drawn in n draws with replacement, as
 * doubles (the weights estimators multiply by). A draw maps xoshiro128++'s 32-bit output u
 * to row floor(u n / 2^32); each row's probability differs from 1/n by less than 2^-32.
 * The draws are tallied in the integer `tally`, then copied.
 */
export function resampleCounts(boot: Bootstrap, stream: number, b: number, n: number,
  out = new Float64Array(n), tally = new Int32Array(n)): Float64Array {
  const root = hashAt(boot.key, stream, b);
  // mix32 is a bijection with mix32(0) = 0, so at most one word is 0: never the all-zero state
  let s0 = mix32(root ^ 0x243f6a88);
  let s1 = mix32(root ^ 0x85a308d3);
  let s2 = mix32(root ^ 0x13198a2e);
  let s3 = mix32(root ^ 0x03707344);
  tally.fill(0);
  for (let i = 0; i < n; i++) {
    const sum = (s0 + s3) | 0;
    const u = (((sum << 7) | (sum >>> 25)) + s0) >>> 0;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = (s3 << 11) | (s3 >>> 21);
    tally[Math.floor(u * n * 2.3283064365386963e-10)]++;
  }
  for (let i = 0; i < n; i++) out[i] = tally[i];
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

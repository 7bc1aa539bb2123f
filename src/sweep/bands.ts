// Exact summary statistics of one group's samples. Quantiles follow the linear
// interpolation rule (Hyndman & Fan type 7, numpy's default): q(p) = x[h] + (h - floor h)
// * (x[floor h + 1] - x[floor h]) with h = (n - 1) p on the ascending sort. sd is the
// sample standard deviation (n - 1 in the denominator; 0 for a single sample).

export const BAND_STATS = ["mean", "sd", "min", "p5", "p25", "p50", "p75", "p95", "max"] as const;
export const QUANTILE_RULE = "linear interpolation between order statistics (Hyndman-Fan type 7, numpy default); sd with n-1";
const PROBS = [0.05, 0.25, 0.5, 0.75, 0.95];

function quantileSorted(x: Float64Array, p: number): number {
  const h = (x.length - 1) * p;
  const lo = Math.floor(h);
  const frac = h - lo;
  return frac === 0 ? x[lo] : x[lo] + frac * (x[lo + 1] - x[lo]);
}

/** Writes the 9 BAND_STATS of `values` to out[at..at+9). Sorts `values` in place. */
export function bandStats(values: Float64Array, out: Float64Array, at: number): void {
  const n = values.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i];
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (values[i] - mean) * (values[i] - mean);
  values.sort();
  out[at] = mean;
  out[at + 1] = n > 1 ? Math.sqrt(ss / (n - 1)) : 0;
  out[at + 2] = values[0];
  for (let q = 0; q < PROBS.length; q++) out[at + 3 + q] = quantileSorted(values, PROBS[q]);
  out[at + 8] = values[n - 1];
}

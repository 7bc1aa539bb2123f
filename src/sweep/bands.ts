// Exact summary statistics of one group's samples. Quantiles follow the linear
// interpolation rule (Hyndman & Fan type 7, numpy's default): q(p) = x[h] + (h - floor h)
// * (x[floor h + 1] - x[floor h]) with h = (n - 1) p on the ascending sort. sd is the
// sample standard deviation (n - 1 in the denominator; 0 for a single sample).

export const BAND_STATS = ["mean", "sd", "min", "p5", "p25", "p50", "p75", "p95", "max"] as const;
export const QUANTILE_RULE = "linear interpolation between order statistics (Hyndman-Fan type 7, numpy default); sd with n-1";
const PROBS = [0.05, 0.25, 0.5, 0.75, 0.95];

/**
 * Rearranges a[lo..hi] so that a[k] holds the k-th smallest value for every k in
 * ks[kLo..kHi) (ascending), like a sort would, by quickselect recursing only into the sides
 * that hold a wanted position: about 3n comparisons instead of a sort's n log n.
 */
function selectPositions(a: Float64Array, lo: number, hi: number, ks: readonly number[], kLo: number, kHi: number): void {
  while (kLo < kHi) {
    if (hi - lo < 16) {
      for (let x = lo + 1; x <= hi; x++) {
        const v = a[x];
        let y = x - 1;
        while (y >= lo && a[y] > v) a[y + 1] = a[y--];
        a[y + 1] = v;
      }
      return;
    }
    const mid = (lo + hi) >>> 1;
    const p1 = a[lo];
    const p2 = a[mid];
    const p3 = a[hi];
    const pivot = p1 < p2 ? (p2 < p3 ? p2 : p1 < p3 ? p3 : p1) : p1 < p3 ? p1 : p2 < p3 ? p3 : p2;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i++] = a[j];
        a[j--] = t;
      }
    }
    // now a[lo..j] <= pivot <= a[i..hi]; anything between j and i equals the pivot
    let m = kLo;
    while (m < kHi && ks[m] <= j) m++;
    let r = m;
    while (r < kHi && ks[r] < i) r++;
    selectPositions(a, lo, j, ks, kLo, m);
    lo = i;
    kLo = r;
  }
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

/** Type-7 quantile of x, which need only be sorted at the positions it reads. */
function quantileSorted(x: Float64Array, p: number): number {
  const h = (x.length - 1) * p;
  const lo = Math.floor(h);
  const frac = h - lo;
  return frac === 0 ? x[lo] : x[lo] + frac * (x[lo + 1] - x[lo]);
}

/** Writes the 9 BAND_STATS of `values` to out[at..at+9). Sorts `values` in place. */
export function bandStats(values: Float64Array, out: Float64Array, at: number): void {
  const n = values.length;
  // One pass over deviations from the first value (shifted sums: equal values give an exact
  // mean and sd 0, and a band ±20 % wide loses no digits), with min and max alongside.
  const first = values[0];
  let s1 = 0;
  let s2 = 0;
  let min = first;
  let max = first;
  for (let i = 1; i < n; i++) {
    const v = values[i];
    const d = v - first;
    s1 += d;
    s2 += d * d;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (s1 !== s1 || first !== first) {
    // NaN somewhere (or +Inf and -Inf): a sort puts NaN last and keeps every statistic defined
    values.sort();
    min = values[0];
    max = values[n - 1];
  } else if (min === max) {
    out.fill(min, at, at + BAND_STATS.length);
    out[at + 1] = 0;
    return;
  } else {
    if (n !== cachedN) {
      cachedN = n;
      cachedKs = quantilePositions(n);
    }
    selectPositions(values, 0, n - 1, cachedKs, 0, cachedKs.length);
  }
  out[at] = first + s1 / n;
  out[at + 1] = n > 1 ? Math.sqrt(Math.max(0, s2 - (s1 * s1) / n) / (n - 1)) : 0;
  out[at + 2] = min;
  for (let q = 0; q < PROBS.length; q++) out[at + 3 + q] = quantileSorted(values, PROBS[q]);
  out[at + 8] = max;
}

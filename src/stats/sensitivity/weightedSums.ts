// The inner loops of the bootstraps: sums of columns of per-row terms weighted by a replicate's
// row multiplicities, and weights built from them. Columns are laid out one after another (column c at c * n) and summed
// two at a time with two partial sums each, which halves the loads of the weights and keeps
// four independent additions in flight; the summation order is fixed, so a sum is the same
// bits whatever else is summed beside it.

/** out[at + j] = sum over rows r < n of w[r] * t[(first + j) n + r], for j < count. */
export function weightedSums(w: Float64Array, t: Float64Array, first: number, count: number, n: number,
  out: Float64Array, at: number): void {
  let j = 0;
  for (; j + 1 < count; j += 2) {
    const o0 = (first + j) * n;
    const o1 = o0 + n;
    let a0 = 0;
    let a1 = 0;
    let b0 = 0;
    let b1 = 0;
    let r = 0;
    for (; r + 1 < n; r += 2) {
      const u = w[r];
      const v = w[r + 1];
      a0 += u * t[o0 + r];
      b0 += u * t[o1 + r];
      a1 += v * t[o0 + r + 1];
      b1 += v * t[o1 + r + 1];
    }
    if (r < n) {
      a0 += w[r] * t[o0 + r];
      b0 += w[r] * t[o1 + r];
    }
    out[at + j] = a0 + a1;
    out[at + j + 1] = b0 + b1;
  }
  if (j < count) {
    const o = (first + j) * n;
    let a0 = 0;
    let a1 = 0;
    let r = 0;
    for (; r + 1 < n; r += 2) {
      a0 += w[r] * t[o + r];
      a1 += w[r + 1] * t[o + r + 1];
    }
    if (r < n) a0 += w[r] * t[o + r];
    out[at + j] = a0 + a1;
  }
}

/** v[r] = w[r] (t[at + r] - delta) for r < n; returns the sum of v (two partial sums, like weightedSums). */
export function centredWeights(w: Float64Array, t: Float64Array, at: number, delta: number, n: number, v: Float64Array): number {
  let s0 = 0;
  let s1 = 0;
  let r = 0;
  for (; r + 1 < n; r += 2) {
    const x = w[r] * (t[at + r] - delta);
    const y = w[r + 1] * (t[at + r + 1] - delta);
    v[r] = x;
    v[r + 1] = y;
    s0 += x;
    s1 += y;
  }
  if (r < n) {
    const x = w[r] * (t[at + r] - delta);
    v[r] = x;
    s0 += x;
  }
  return s0 + s1;
}

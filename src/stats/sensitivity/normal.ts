// Standard normal CDF and quantile, as needed for Fisher-z intervals.

/**
 * Phi(x) = (1 + erf(x / sqrt 2)) / 2, with erf(z) = 2/sqrt(pi) e^(-z^2) sum_n 2^n z^(2n+1) /
 * (1 * 3 * .. * (2n+1)): every term is positive, so the sum keeps full precision.
 */
export function normalCdf(x: number): number {
  if (Math.abs(x) > 9) return x > 0 ? 1 : 0; // 1 - Phi(9) < 2^-60
  const z = Math.abs(x) / Math.SQRT2;
  let term = z;
  let sum = z;
  for (let n = 0; term > 1e-17 * sum; n++) {
    term *= (2 * z * z) / (2 * n + 3);
    sum += term;
  }
  const erf = (2 / Math.sqrt(Math.PI)) * Math.exp(-z * z) * sum;
  return x >= 0 ? 0.5 + erf / 2 : 0.5 - erf / 2;
}

/** z with Phi(z) = p, for p in (0, 1), by bisection (Phi is monotone; 2^-60 of the bracket). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`normal quantile of ${p}`);
  let lo = -9;
  let hi = 9;
  for (let i = 0; i < 64; i++) {
    const mid = (lo + hi) / 2;
    if (normalCdf(mid) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

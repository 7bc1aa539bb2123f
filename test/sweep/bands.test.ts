import { describe, expect, it } from "vitest";
import { BAND_STATS, bandStats } from "../../src/stats/bands.ts";
import { uniformAt } from "../../src/sample/rng.ts";

/** numpy's default quantile (type 7) on a fully sorted copy: the definition the bands follow. */
function reference(values: number[]): number[] {
  const s = [...values].sort((a, b) => a - b);
  const n = s.length;
  const q = (p: number) => {
    const h = (n - 1) * p;
    const lo = Math.floor(h);
    return h === lo ? s[lo] : s[lo] + (h - lo) * (s[lo + 1] - s[lo]);
  };
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const sd = n > 1 ? Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1)) : 0;
  return [mean, sd, s[0], q(0.05), q(0.25), q(0.5), q(0.75), q(0.95), s[n - 1]];
}

describe("exact bands", () => {
  it("match a full sort for many sizes, with ties, and for constant input", () => {
    for (let trial = 0; trial < 1500; trial++) {
      const n = 1 + (trial % 150) * (trial % 7 === 0 ? 29 : 1);
      const values = Array.from({ length: n }, (_, i) => {
        const u = uniformAt(trial, 0, 0, 0, i);
        return trial % 3 === 0 ? Math.floor(u * 4) : trial % 5 === 0 ? 2.5 : u * 100 - 30;
      });
      const out = new Float64Array(BAND_STATS.length);
      bandStats(Float64Array.from(values), out, 0);
      const ref = reference(values);
      // order statistics: bit-exact (one expect for the seven: 1500 trials × 9 expects cost a second)
      expect(Array.from(out.subarray(2)), `trial ${trial}`).toEqual(ref.slice(2));
      expect(out[0]).toBeCloseTo(ref[0], 10);
      expect(out[1]).toBeCloseTo(ref[1], 10);
    }
  });

  it("match a full sort for large and heavy-tailed samples (most values in one bucket) and with infinities", () => {
    const shapes: Array<(u: number, i: number) => number> = [
      (u) => Math.exp(60 * u), // spans 26 orders of magnitude: nearly all values share the lowest bucket
      (u) => (u < 0.999 ? u : 1e300), // one huge value
      (u, i) => (i === 3 ? Infinity : u), // +Infinity as the maximum
      (u, i) => (i === 5 ? -Infinity : u * 1e-300), // -Infinity and subnormal-scale spread
    ];
    shapes.forEach((shape, t) => {
      for (const n of [20_000, 9_999]) {
        const values = Array.from({ length: n }, (_, i) => shape(uniformAt(t, 1, 0, 0, i), i));
        const out = new Float64Array(BAND_STATS.length);
        bandStats(Float64Array.from(values), out, 0);
        const ref = reference(values);
        for (let k = 2; k < 9; k++) expect(out[k], `shape ${t}, n ${n}, stat ${BAND_STATS[k]}`).toBe(ref[k]);
      }
    });
  });

  it("mean and sd are the sums of deviations from the first value, even and odd samples apart, to the bit", () => {
    // the association the files have always had: a band's bits must not change with how the pass is stepped
    // every size up to 200, every remainder of a step of four; values of two scales, so that
    // moving one sample to the other chain changes the rounded sums at some sizes
    for (let n = 2; n < 200; n++) {
      const values = Float64Array.from({ length: n }, (_, i) => 1e3 * (1 + uniformAt(n, 2, 0, 0, i)) * (i % 3 === 0 ? 1e-3 : 1));
      const sums = [0, 0, 0, 0]; // even s1, s2; odd t1, t2
      values.forEach((v, i) => {
        const d = v - values[0];
        sums[2 * (i & 1)] += d;
        sums[2 * (i & 1) + 1] += d * d;
      });
      const s1 = sums[0] + sums[2];
      const s2 = sums[1] + sums[3];
      const out = new Float64Array(BAND_STATS.length);
      bandStats(values, out, 0);
      expect(out[0], `n ${n}`).toBe(values[0] + s1 / n);
      expect(out[1], `n ${n}`).toBe(Math.sqrt(Math.max(0, s2 - (s1 * s1) / n) / (n - 1)));
    }
  });

  it("a constant column's statistics are its value and sd 0; a last different value or an infinite constant takes the full path", () => {
    const out = new Float64Array(9);
    bandStats(Float64Array.of(0, -0, 0, -0), out, 0);
    expect([...out]).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0]);
    const almost = new Float64Array(5000).fill(3.5);
    almost[4999] = 4;
    bandStats(almost, out, 0);
    const ref = reference([...almost]);
    expect(Array.from(out.subarray(2))).toEqual(ref.slice(2));
    expect(out[0]).toBeCloseTo(ref[0], 12);
    // infinities: what the sums give, as before (Inf - Inf is NaN)
    bandStats(new Float64Array(10).fill(Infinity), out, 0);
    expect([out[0], out[1], out[2], out[8]]).toEqual([NaN, NaN, Infinity, Infinity]);
  });

  it("the mean of equal values is that value; a single sample has sd 0", () => {
    const out = new Float64Array(9);
    bandStats(new Float64Array(1000).fill(0.02448), out, 0);
    expect([...out]).toEqual([0.02448, 0, 0.02448, 0.02448, 0.02448, 0.02448, 0.02448, 0.02448, 0.02448]);
    bandStats(Float64Array.of(1, NaN, 3), out, 0); // NaN sorts last: max NaN, quantiles defined
    expect([out[2], out[5], out[8]]).toEqual([1, 3, NaN]);
    bandStats(Float64Array.of(3), out, 0);
    expect(out[1]).toBe(0);
    expect(out[5]).toBe(3);
  });
});

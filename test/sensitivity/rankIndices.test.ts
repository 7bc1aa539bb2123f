import { describe, expect, it } from "vitest";
import { averageRanks, pearson, prcc, spearman, src } from "../../src/stats/sensitivity/rankIndices.ts";
import { uniformAt, seedKey } from "../../src/sample/counterHash.ts";
import { cholesky, choleskySolve } from "../../src/numeric/linalg.ts";
import { InputError } from "../../src/errors.ts";

const KEY = seedKey(20240601, "test");
/** Column `c` of n independent U(0,1) draws. */
const uniforms = (c: number, n: number) => Float64Array.from({ length: n }, (_, t) => uniformAt(KEY, c, t));
/** Column `c` of n independent standard normals (Box-Muller on two uniform streams). */
const normals = (c: number, n: number) =>
  Float64Array.from({ length: n }, (_, t) => Math.sqrt(-2 * Math.log(1 - uniformAt(KEY, 1000 + c, t))) * Math.cos(2 * Math.PI * uniformAt(KEY, 2000 + c, t)));

/** Residuals of the least-squares fit (with intercept) of y on the columns `on`. */
function residuals(y: Float64Array, on: Float64Array[]): Float64Array {
  const n = y.length;
  const design = (t: number) => [1, ...on.map((c) => c[t])];
  const p = on.length + 1;
  const a = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  const g = new Array<number>(p).fill(0);
  for (let t = 0; t < n; t++) {
    const row = design(t);
    for (let i = 0; i < p; i++) {
      g[i] += row[i] * y[t];
      for (let j = 0; j < p; j++) a[i][j] += row[i] * row[j];
    }
  }
  const beta = choleskySolve(cholesky(a)!, g);
  return y.map((v, t) => v - design(t).reduce((s, d, i) => s + d * beta[i], 0));
}

describe("ranks", () => {
  it("gives ties the average of the ranks they span", () => {
    expect(Array.from(averageRanks(Float64Array.from([3, 1, 4, 1, 5, 9, 2, 6, 5])))).toEqual([4, 1.5, 5, 1.5, 6.5, 9, 3, 8, 6.5]);
  });
});

describe("Spearman and PRCC", () => {
  const n = 20_000;
  const x1 = normals(1, n);
  const x2 = normals(2, n);
  const x3 = uniforms(3, n);
  const noise = normals(4, n);
  const y = x1.map((v, t) => v + noise[t]); // corr(x1, y) = 1/sqrt(2); x2, x3 irrelevant
  const rhoS = (6 / Math.PI) * Math.asin(1 / Math.SQRT2 / 2); // Spearman of a bivariate normal

  it("Spearman of monotone transforms is exactly +-1", () => {
    const u = uniforms(5, 1000);
    const s = spearman([u, u], Float64Array.from(u, (v) => Math.exp(3 * v)));
    expect(Array.from(s.value)).toEqual([1, 1]);
    expect(spearman([u], Float64Array.from(u, (v) => -(v ** 3))).value[0]).toBe(-1);
  });

  it("Spearman of a bivariate normal is (6/pi) asin(r/2); irrelevant inputs give 0, inside the intervals", () => {
    const s = spearman([x1, x2, x3], y);
    expect(Math.abs(s.value[0] - rhoS)).toBeLessThan(0.015);
    for (const [i, exact] of [[0, rhoS], [1, 0], [2, 0]] as const) {
      expect(s.low[i] <= exact && exact <= s.high[i], `input ${i + 1}: [${s.low[i]}, ${s.high[i]}] covers ${exact}`).toBe(true);
    }
    expect(s.high[0] - s.low[0]).toBeLessThan(0.02);
  });

  it("PRCC with independent extra inputs tends to the Spearman value; irrelevant inputs to 0", () => {
    const p = prcc([x1, x2, x3], y);
    expect(Math.abs(p.value[0] - rhoS)).toBeLessThan(0.015);
    for (const [i, exact] of [[0, rhoS], [1, 0], [2, 0]] as const) {
      expect(p.low[i] <= exact && exact <= p.high[i], `input ${i + 1}: [${p.low[i]}, ${p.high[i]}] covers ${exact}`).toBe(true);
    }
  });

  it("PRCC equals the correlation of rank residuals after regressing out the other inputs", () => {
    const m = 500;
    const u = [uniforms(6, m), uniforms(7, m), uniforms(8, m)];
    const e = normals(9, m);
    const out = u[0].map((a, t) => a + u[1][t] ** 2 + 2 * a * u[2][t] + 0.3 * e[t]);
    const p = prcc(u, out);
    const ranked = u.map(averageRanks);
    const ry = averageRanks(out);
    for (let i = 0; i < 3; i++) {
      const others = ranked.filter((_, j) => j !== i);
      expect(p.value[i]).toBeCloseTo(pearson(residuals(ranked[i], others), residuals(ry, others)), 12);
    }
    // Ranks only: monotone transforms of inputs and output change nothing.
    const q = prcc(u.map((c) => c.map(Math.exp)), out.map((v) => v ** 3 + v));
    expect(q.value).toEqual(p.value);
  });
});

describe("SRC", () => {
  it("a linear model with noise: SRC_i -> c_i sd_i / sd_Y and R^2 -> 1 - var(noise)/var(Y), inside the intervals", () => {
    const m = 5000;
    const x = [uniforms(10, m), uniforms(11, m).map((v) => 2 * v), uniforms(12, m)];
    const c = [2, -1, 0.5];
    const sd = [Math.sqrt(1 / 12), Math.sqrt(4 / 12), Math.sqrt(1 / 12)];
    const e = normals(13, m);
    const y = x[0].map((_, t) => c.reduce((s, ci, i) => s + ci * x[i][t], 0) + 0.2 * e[t]);
    const sdY = Math.sqrt(c.reduce((s, ci, i) => s + (ci * sd[i]) ** 2, 0) + 0.04);
    const r = src(x, y, { seed: 3, resamples: 400 });
    c.forEach((ci, i) => {
      const exact = (ci * sd[i]) / sdY;
      expect(Math.abs(r.value[i] - exact), `SRC_${i + 1} = ${r.value[i]} vs ${exact}`).toBeLessThan(0.02);
      expect(r.low[i] <= exact && exact <= r.high[i], `SRC_${i + 1} interval`).toBe(true);
    });
    expect(r.rSquared).toBeCloseTo(1 - 0.04 / sdY ** 2, 2);
  });

  it("without noise the regression is exact: SRC_i = c_i s_i / s_Y for the sample, R^2 = 1", () => {
    const m = 300;
    const x = [uniforms(20, m), normals(21, m), uniforms(22, m).map((v) => 10 * v)];
    const c = [3, 0.5, -0.2];
    const y = x[0].map((_, t) => 7 + c.reduce((s, ci, i) => s + ci * x[i][t], 0));
    const sdOf = (v: Float64Array) => {
      const mean = v.reduce((a, b) => a + b, 0) / v.length;
      return Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length);
    };
    const r = src(x, y, { seed: 1, resamples: 50 });
    c.forEach((ci, i) => expect(r.value[i]).toBeCloseTo((ci * sdOf(x[i])) / sdOf(y), 10));
    expect(r.rSquared).toBeCloseTo(1, 10);
  });

  it("is deterministic in the seed", () => {
    const x = [uniforms(30, 200), uniforms(31, 200)];
    const y = x[0].map((v, t) => v * v + x[1][t]);
    const a = src(x, y, { seed: 4, resamples: 100 });
    const b = src(x, y, { seed: 4, resamples: 100 });
    expect(Buffer.from(a.low.buffer).equals(Buffer.from(b.low.buffer))).toBe(true);
    expect(Buffer.from(a.high.buffer).equals(Buffer.from(b.high.buffer))).toBe(true);
  });
});

describe("bad input", () => {
  it("names the column and value", () => {
    const u = uniforms(40, 50);
    expect(() => spearman([u], u.subarray(0, 49))).toThrow(/input 0 length = 50/);
    const bad = u.slice();
    bad[3] = NaN;
    expect(() => prcc([bad], u)).toThrow(/input 0 row 3 = NaN/);
    expect(() => spearman([new Float64Array(50).fill(2)], u)).toThrow(/constant/);
    expect(() => prcc([u, u.slice()], u.map((v) => v * v))).toThrow(/collinear/);
    expect(() => src([u], u, { seed: 1, resamples: 5 })).toThrow(InputError);
    expect(() => spearman([u], u, { confidence: 1 })).toThrow(/confidence = 1/);
  });
});

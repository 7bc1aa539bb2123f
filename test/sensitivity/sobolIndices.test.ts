import { describe, expect, it } from "vitest";
import { saltelliColumns, saltelliDesign, type SaltelliDesign } from "../../src/sample/saltelli.ts";
import {
  sobolIndices, sobolIndicesOf, sobolReplicate, sobolStatistics, sobolTerms, statisticCount, type SobolIndices, type SobolLayout,
} from "../../src/stats/sensitivity/sobolIndices.ts";
import { checkBootstrap, percentileEstimate, resampleCounts } from "../../src/stats/sensitivity/bootstrap.ts";
import {
  ishigami, ishigamiIndices, linearIndices, linearModel, sobolG, sobolGIndices, type AnalyticIndices,
} from "../../src/stats/sensitivity/testFunctions.ts";
import { InputError } from "../../src/errors.ts";

type Model = (x: Float64Array[]) => Float64Array;
const toPi = (x: Float64Array[]) => x.map((c) => c.map((u) => -Math.PI + 2 * Math.PI * u));
const ISHIGAMI: Model = (x) => ishigami(toPi(x));
const G_A = [0, 1, 4.5, 9, 99, 99];
const C = [1, -2, 3, 0.5];

function analyse(model: Model, k: number, N: number, seed: number, secondOrder = false, resamples = 300): { design: SaltelliDesign; y: Float64Array; result: SobolIndices } {
  const design = saltelliDesign({ inputs: k, baseRows: N, seed, secondOrder });
  const y = model(saltelliColumns(design, 0, design.rows));
  return { design, y, result: sobolIndices(y, design, { seed, resamples }) };
}

/**
 * Every estimate within `tol` of the analytic value and, when `covers`, its interval covering
 * it (a 95 % interval misses 1 time in 20, so only for a handful of indices at a fixed seed).
 */
function expectIndices(r: SobolIndices, truth: AnalyticIndices, tol: { first: number; total: number; second?: number }, covers: boolean): void {
  for (let i = 0; i < r.inputs; i++) {
    for (const [name, est, exact, t] of [["S", r.first, truth.first[i], tol.first], ["ST", r.total, truth.total[i], tol.total]] as const) {
      expect(Math.abs(est.value[i] - exact), `${name}_${i + 1} = ${est.value[i]} vs ${exact}`).toBeLessThan(t);
      if (covers) expect(est.low[i] <= exact && exact <= est.high[i], `${name}_${i + 1} interval [${est.low[i]}, ${est.high[i]}] covers ${exact}`).toBe(true);
    }
  }
  r.second?.pairs.forEach(([i, j], p) => {
    const exact = truth.second(i, j);
    expect(Math.abs(r.second!.value[p] - exact), `S_${i + 1}${j + 1} = ${r.second!.value[p]} vs ${exact}`).toBeLessThan(tol.second!);
    if (covers) expect(r.second!.low[p] <= exact && exact <= r.second!.high[p], `S_${i + 1}${j + 1} interval`).toBe(true);
  });
}

describe("test functions", () => {
  it("Ishigami's analytic indices are the published ones", () => {
    const t = ishigamiIndices();
    expect(t.first.map((s) => +s.toFixed(4))).toEqual([0.3139, 0.4424, 0]);
    expect(t.total.map((s) => +s.toFixed(4))).toEqual([0.5576, 0.4424, 0.2437]);
    expect(+t.second(0, 2).toFixed(4)).toBe(0.2437);
  });

  it("G's indices: V_i = 1/(3(1+a_i)^2) by quadrature, ST_i V = V - V_(~i)", () => {
    const t = sobolGIndices(G_A);
    const n = 200_000;
    G_A.forEach((a, i) => {
      let v = 0;
      for (let q = 0; q < n; q++) v += ((Math.abs(4 * ((q + 0.5) / n) - 2) + a) / (1 + a) - 1) ** 2 / n;
      expect(v).toBeCloseTo(1 / (3 * (1 + a) ** 2), 9);
    });
    const Vi = G_A.map((a) => 1 / (3 * (1 + a) ** 2));
    const V = Vi.reduce((p, v) => p * (1 + v), 1) - 1;
    Vi.forEach((_, i) => {
      const withoutI = Vi.reduce((p, v, j) => (j === i ? p : p * (1 + v)), 1) - 1;
      expect(t.total[i] * V).toBeCloseTo(V - withoutI, 14);
    });
  });
});

describe("Sobol' indices", () => {
  it("Ishigami at N = 4096: S within 0.03, ST within 0.01, S_13 = 0.2437 within 0.02, intervals cover", () => {
    const { result } = analyse(ISHIGAMI, 3, 4096, 2024, true);
    expectIndices(result, ishigamiIndices(), { first: 0.03, total: 0.01, second: 0.02 }, true);
  });

  it("Ishigami: the 95 % intervals cover the analytic values for at least 45 of 50 seeds (N = 1024)", () => {
    const truth = ishigamiIndices();
    const covered = new Array(6).fill(0);
    for (let seed = 0; seed < 50; seed++) {
      const { result } = analyse(ISHIGAMI, 3, 1024, seed, false, 300);
      for (let i = 0; i < 3; i++) {
        if (result.first.low[i] <= truth.first[i] && truth.first[i] <= result.first.high[i]) covered[i]++;
        if (result.total.low[i] <= truth.total[i] && truth.total[i] <= result.total.high[i]) covered[3 + i]++;
      }
    }
    for (const c of covered) expect(c).toBeGreaterThanOrEqual(45);
  });

  it("Sobol's G (a = 0, 1, 4.5, 9, 99, 99) at N = 4096: S, ST, S_ij within 0.01", () => {
    const { result } = analyse((x) => sobolG(x, G_A), 6, 4096, 31, true);
    expectIndices(result, sobolGIndices(G_A), { first: 0.01, total: 0.01, second: 0.01 }, false);
  });

  it("linear model: S = ST = c_i^2 / sum c^2 and S_ij = 0 within 0.001 (N = 4096)", () => {
    const { result } = analyse((x) => linearModel(x, C), 4, 4096, 8, true);
    expectIndices(result, linearIndices(C), { first: 0.001, total: 0.001, second: 0.001 }, false);
  });

  it("is deterministic: same seed, identical arrays; another bootstrap seed moves only the intervals", () => {
    const a = analyse(ISHIGAMI, 3, 512, 4, true).result;
    const b = analyse(ISHIGAMI, 3, 512, 4, true).result;
    for (const key of ["first", "total", "second"] as const) {
      for (const part of ["value", "low", "high"] as const) {
        expect(Buffer.from(a[key]![part].buffer).equals(Buffer.from(b[key]![part].buffer))).toBe(true);
      }
    }
    const { design, y } = analyse(ISHIGAMI, 3, 512, 4, true);
    const c = sobolIndices(y, design, { seed: 5, resamples: 300 });
    expect(c.first.value).toEqual(a.first.value);
    expect(c.first.low).not.toEqual(a.first.low);
  });

  it("bootstrap replicates split over two workers give the same intervals as one pass", () => {
    const { design, y, result } = analyse(ISHIGAMI, 3, 256, 6, true, 100);
    const m = statisticCount(design);
    const boot = checkBootstrap({ seed: 6, resamples: 100 }, "test");
    const replicates = new Float64Array(100 * m);
    for (const [from, to] of [[60, 100], [0, 60]]) {
      for (let b = from; b < to; b++) replicates.set(sobolReplicate(sobolTerms(y, design), boot, b), b * m);
    }
    const merged = percentileEstimate(sobolStatistics(sobolTerms(y, design), null).values, replicates, 0.95);
    expect(merged.low.subarray(0, 3)).toEqual(result.first.low);
    expect(merged.high.subarray(3, 6)).toEqual(result.total.high);
    expect(merged.low.subarray(6)).toEqual(result.second!.low);
  });

  it("a resample's statistics are the textbook formulas on the explicitly repeated rows (to 1e-11)", () => {
    // y offset by 1000 so that centring matters; counts from a bootstrap, with repeats and gaps
    const design = saltelliDesign({ inputs: 4, baseRows: 300, seed: 3, secondOrder: true });
    const y = sobolG(saltelliColumns(design, 0, design.rows), [0, 1, 4.5, 9]).map((v) => v + 1000);
    const counts = resampleCounts(checkBootstrap({ seed: 9 }, "test"), 1, 0, design.baseRows);
    const got = sobolStatistics(sobolTerms(y, design), counts);
    const want = textbook(y, design, counts);
    expect(got.mean).toBeCloseTo(want.mean, 9);
    expect(got.variance).toBeCloseTo(want.variance, 11);
    want.values.forEach((v, s) => expect(got.values[s], `statistic ${s}`).toBeCloseTo(v, 11));
  });

  it("several outputs on one design: each result is the same bits as alone", () => {
    const design = saltelliDesign({ inputs: 3, baseRows: 512, seed: 7, secondOrder: true });
    const x = saltelliColumns(design, 0, design.rows);
    const ys = [ISHIGAMI(x), sobolG(x, [0, 1, 9]), linearModel(x, [1, -2, 3])];
    const together = sobolIndicesOf(ys, design, { seed: 7, resamples: 200 });
    ys.forEach((y, c) => expect(together[c], `output ${c}`).toEqual(sobolIndices(y, design, { seed: 7, resamples: 200 })));
    expect(together[0].first.low).not.toEqual(together[1].first.low);
  });

  it("rejects outputs of the wrong length, non-finite or constant", () => {
    const design = saltelliDesign({ inputs: 2, baseRows: 8, seed: 1 });
    expect(() => sobolIndices(new Float64Array(31), design, { seed: 1 })).toThrow(/outputs = 31: expected 32/);
    const y = Float64Array.from({ length: 32 }, (_, r) => r);
    y[7] = NaN;
    expect(() => sobolIndices(y, design, { seed: 1 })).toThrow(/output of row 7 = NaN/);
    expect(() => sobolIndices(new Float64Array(32).fill(3), design, { seed: 1 })).toThrow(InputError);
    expect(() => sobolIndices(new Float64Array(32).map(Math.random), design, { seed: 1, confidence: 95 })).toThrow(/confidence = 95/);
  });
});

/** The estimators of the header of sobolIndices.ts, on base row n repeated counts[n] times. */
function textbook(y: Float64Array, layout: SobolLayout, counts: Float64Array): { mean: number; variance: number; values: number[] } {
  const k = layout.inputs;
  const R = 2 * k + 2;
  const rows: number[] = [];
  counts.forEach((c, n) => { for (let t = 0; t < c; t++) rows.push(n); });
  const f = (n: number, at: number) => y[n * R + at];
  const mean = (g: (n: number) => number) => rows.reduce((s, n) => s + g(n), 0) / rows.length;
  const m = mean((n) => (f(n, 0) + f(n, R - 1)) / 2);
  const V = mean((n) => ((f(n, 0) - m) ** 2 + (f(n, R - 1) - m) ** 2) / 2);
  const first = Array.from({ length: k }, (_, i) => mean((n) => (f(n, R - 1) - m) * (f(n, 1 + i) - f(n, 0))) / V);
  const total = Array.from({ length: k }, (_, i) => mean((n) => (f(n, 0) - f(n, 1 + i)) ** 2) / (2 * V));
  const second: number[] = [];
  for (let i = 0; i < k; i++) {
    for (let j = i + 1; j < k; j++) {
      const closed = mean((n) => (f(n, 1 + k + i) - m) * (f(n, 1 + j) - m) - (f(n, 0) - m) * (f(n, R - 1) - m)) / V;
      second.push(closed - first[i] - first[j]);
    }
  }
  return { mean: m, variance: V, values: [...first, ...total, ...second] };
}

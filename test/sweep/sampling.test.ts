import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { checkDistribution, logUniform, normal, normalQuantile, quantileOf, quantilesOf, triangular, uniform } from "../../src/definition/distributions.ts";
import { planSweep } from "../../src/sweep/index.ts";
import { DrawCache, fillDraws, uniformColumn } from "../../src/sample/draws.ts";
import { hash5, hashPrefix, uniformAt, uniformOfPrefix } from "../../src/sample/rng.ts";
import { defineSweep, log2Range, profiles, ratio, replicates } from "../../src/index.ts";
import { coord } from "../../src/plan/index.ts";

describe("counter-based generator", () => {
  it("keeps its values: every seeded result depends on them (the values of an earlier release)", () => {
    expect(hash5(1, 2, 3, 4, 5)).toBe(3558943945);
    expect(hash5(0xffffffff, 7, 0x40000001, 123456789, 9999)).toBe(2793988250);
    expect(uniformAt(42, 0, 1, 0, 0)).toBe(0.7352875741349043);
    expect(uniformAt(2024, 3, 0x20000005, 0xdeadbeef, 65535)).toBe(0.36669234113965204);
    // a column's draws from its shared prefix are the same numbers
    const prefix = hashPrefix(2024, 3, 0x20000005, 0xdeadbeef);
    for (const counter of [0, 1, 65535, 2 ** 31, 2 ** 32 - 1]) expect(uniformOfPrefix(prefix, counter)).toBe(uniformAt(2024, 3, 0x20000005, 0xdeadbeef, counter));
  });

  it("is a pure function of its coordinates, in (0, 1), and roughly uniform", () => {
    expect(uniformAt(1, 2, 3, 4, 5)).toBe(uniformAt(1, 2, 3, 4, 5));
    expect(uniformAt(1, 2, 3, 4, 5)).not.toBe(uniformAt(1, 2, 3, 5, 4));
    expect(hash5(0, 0, 0, 0, 1)).not.toBe(hash5(0, 0, 0, 1, 0));
    const n = 200_000;
    let sum = 0;
    let sq = 0;
    let [min, max] = [Infinity, -Infinity];
    const bins = new Array(10).fill(0);
    for (let i = 0; i < n; i++) {
      const u = uniformAt(42, 0, 1, 0, i);
      min = Math.min(min, u);
      max = Math.max(max, u);
      sum += u;
      sq += u * u;
      bins[Math.floor(u * 10)]++;
    }
    // one check after the loop: an expect() per draw costs seconds
    expect(min).toBeGreaterThan(0);
    expect(max).toBeLessThan(1);
    expect(sum / n).toBeCloseTo(0.5, 2);
    expect(sq / n - (sum / n) ** 2).toBeCloseTo(1 / 12, 3);
    for (const b of bins) expect(Math.abs(b - n / 10)).toBeLessThan(5 * Math.sqrt(n / 10));
  });
});

describe("distributions", () => {
  it("quantilesOf gives a column quantileOf's numbers, bit for bit, for every kind", () => {
    const u = Float64Array.from({ length: 1000 }, (_, i) => uniformAt(5, 0, 2, 0, i));
    for (const d of [uniform(0.85, 1.15), logUniform(0.01, 100), normal(2, 0.3), triangular(0, 1, 4), { kind: "fixed" as const, value: 3 }]) {
      const column = Float64Array.from(u);
      quantilesOf(d, column);
      expect(column, d.kind).toEqual(Float64Array.from(u, (x) => quantileOf(d, x)));
    }
  });

  it("inverse CDFs", () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963985, 8);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232306, 8);
    expect(normalQuantile(0.5)).toBe(0);
    expect(quantileOf(uniform(2, 4), 0.25)).toBe(2.5);
    expect(quantileOf({ kind: "logUniform", min: 1, max: 100 }, 0.5)).toBeCloseTo(10, 12);
    const t = triangular(0, 1, 4);
    expect(quantileOf(t, 0.25)).toBeCloseTo(1, 12); // mode at CDF 1/4
    expect(quantileOf(t, 0.999999)).toBeLessThan(4);
    expect(quantileOf({ kind: "fixed", value: 3 }, 0.9)).toBe(3);
  });

  it("rejects bad parameters with the field named", () => {
    expect(() => checkDistribution(uniform(2, 1), "f.ts: uncertain.x.dist")).toThrow("f.ts: uncertain.x.dist: min = 2: greater than max (1)");
    expect(() => checkDistribution({ kind: "normal", mean: 0, sd: -1 }, "w")).toThrow("sd = -1");
    expect(() => checkDistribution({ kind: "logUniform", min: 0, max: 1 }, "w")).toThrow("positive");
    expect(() => checkDistribution({ kind: "beta" }, "w")).toThrow("not a distribution");
    expect(() => checkDistribution(triangular(0, 5, 4), "w")).toThrow("mode = 5");
  });
});

describe("sampling plans", () => {
  const def = (method: "monteCarlo" | "latinHypercube", vary: "shared" | "perGpu" | "perPoint") => planSweep(defineSweep({
    name: "s", grid: { ctx: log2Range(2048, 8192), gpu: profiles("h100-80gb", "b200-projected") },
    // set, not scale: the draws are the uniforms themselves (a scale must stay above 0)
    uncertain: { f: { target: "power_scale", dist: uniform(0, 1), vary, apply: "set" } }, samples: 500, method, seed: 3,
  }), "test");

  it("Latin hypercube puts exactly one sample in each of the S strata", () => {
    const plan = def("latinHypercube", "shared");
    const u = new Float64Array(plan.samples);
    uniformColumn(plan, 0, 0, u);
    expect(new Set(Array.from(u, (x) => Math.floor(x * plan.samples))).size).toBe(plan.samples);
    const other = new Float64Array(plan.samples);
    uniformColumn(plan, 0, 1, other);
    expect(other).not.toEqual(u); // another stream, another permutation
  });

  it("keeps a Latin hypercube column and its order: every seeded result depends on them (the values of an earlier release, c7282b0)", () => {
    const plan = def("latinHypercube", "perGpu");
    const u = new Float64Array(plan.samples);
    const order = new Int32Array(plan.samples);
    uniformColumn(plan, 0, 7, u, order);
    expect([u[0], u[1], u[499], order[0], order[499]]).toEqual([0.009769450707370187, 0.7689441184725292, 0.6406750568096101, 350, 380]);
    const sha = (a: Float64Array | Int32Array) => createHash("sha256").update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength)).digest("hex");
    expect(sha(u)).toBe("1d6667b6fe14fa8d07f90c9b18ea2728e6e764f67228b2f7cf9fa1cc15f47f87");
    expect(sha(order)).toBe("cc248565ff54c6a9e384aff0f09bf248219fce91f906df15b142a2cbe75942d3");
  });

  it("Latin hypercube gives its uniforms' ascending order from the strata, and a DrawCache that records orders hands them on once", () => {
    const plan = def("latinHypercube", "perGpu");
    const u = new Float64Array(plan.samples);
    const order = new Int32Array(plan.samples);
    expect(uniformColumn(plan, 0, 7, u, order)).toBe(true);
    expect(Array.from(order, (s) => u[s])).toEqual(Array.from(u).sort((a, b) => a - b));
    expect(new Set(order).size).toBe(plan.samples);
    expect(uniformColumn(def("monteCarlo", "perGpu"), 0, 7, u, order)).toBe(false); // Monte Carlo: no order without a sort
    const cache = DrawCache.forPlan(plan, true);
    const drawn = cache.get(plan, 0, 7);
    cache.get(plan, 0, 7); // kept: not drawn again
    const [taken, ...more] = cache.takeDrawnOrders();
    expect(more).toEqual([]);
    expect(Array.from(taken, (s) => drawn[s])).toEqual(Array.from(drawn).sort((a, b) => a - b));
    expect(cache.takeDrawnOrders()).toEqual([]);
    // a cache that does not record, and one of a Monte Carlo plan, hand on none
    for (const [p, record] of [[plan, false], [def("monteCarlo", "perGpu"), true]] as const) {
      const other = DrawCache.forPlan(p, record);
      other.get(p, 0, 8);
      expect(other.takeDrawnOrders()).toEqual([]);
    }
  });

  it("shared draws repeat across points, perGpu across contexts only, perPoint nowhere", () => {
    const draws = (vary: "shared" | "perGpu" | "perPoint") => {
      const plan = def("monteCarlo", vary);
      const out = new Float64Array(plan.points * plan.samples);
      fillDraws(plan, 0, 0, plan.points, out);
      return (p: number) => Array.from(out.subarray(p * plan.samples, (p + 1) * plan.samples));
    };
    // canonical order: ctx outer, gpu inner → points 0,2,4 are H100 at 2K, 4K, 8K
    const shared = draws("shared");
    expect(shared(1)).toEqual(shared(0));
    const perGpu = draws("perGpu");
    expect(perGpu(2)).toEqual(perGpu(0));
    expect(perGpu(1)).not.toEqual(perGpu(0));
    const perPoint = draws("perPoint");
    expect(perPoint(2)).not.toEqual(perPoint(0));
  });

  it("a range of samples draws the values of the whole column's slice, a per-point Monte Carlo one by itself, the rest through the cache", () => {
    for (const method of ["monteCarlo", "latinHypercube"] as const) {
      for (const vary of ["shared", "perGpu", "perPoint"] as const) {
        const plan = def(method, vary);
        const whole = new Float64Array(plan.points * plan.samples);
        fillDraws(plan, 0, 0, plan.points, whole);
        const [s0, s1] = [123, 321];
        const cache = new DrawCache();
        const range = new Float64Array(plan.points * (s1 - s0));
        fillDraws(plan, 0, 0, plan.points, range, cache, s0, s1);
        for (let p = 0; p < plan.points; p++) {
          expect(range.subarray(p * (s1 - s0), (p + 1) * (s1 - s0)), `${method} ${vary} point ${p}`).toEqual(whole.subarray(p * plan.samples + s0, p * plan.samples + s1));
        }
        // every stream's column is kept, per-point ones too (the point's other ranges follow), but a
        // per-point Monte Carlo stream's, drawn by range
        const streams = { shared: 1, perGpu: 2, perPoint: method === "monteCarlo" ? 0 : plan.points }[vary];
        expect(cache.held, `${method} ${vary}`).toBe(streams * plan.samples);
      }
    }
  });

  it("DrawCache.forPlan holds every stream of a block, however many samples (so a block's sample ranges need not draw them again)", () => {
    // a block (the B200/H100 ratio's two points) draws from 3 streams (H100 factor, B200 factor,
    // B200's own) of 2.7 M samples: 8.1 M values, past the default budget of 8 M
    const plan = planSweep(defineSweep({
      name: "big", grid: { ctx: [4096], gpu: profiles("h100-80gb", "b200-projected") },
      uncertain: {
        f: { target: "power_scale", dist: uniform(0.9, 1.1), vary: "perGpu" },
        b: { target: "power_scale", dist: uniform(0.8, 1.2), where: { gpu: "b200-projected" } },
      },
      derived: { gain: ratio("tok_per_w", { gpu: "b200-projected" }, { gpu: "h100-80gb" }) },
      samples: 2_700_000, method: "latinHypercube", seed: 1,
    }), "test");
    const cache = DrawCache.forPlan(plan);
    const range = new Float64Array(plan.points * 1000);
    plan.perturbations.forEach((_, j) => fillDraws(plan, j, 0, plan.points, range, cache, 1000, 2000));
    expect(cache.held).toBe(3 * plan.samples); // the default budget holds 2 of them: each range then draws the third again
  });

  it("DrawCache keeps the columns used last within its budget, and a column it dropped comes back the same", () => {
    const plan = def("latinHypercube", "perGpu");
    const cache = new DrawCache(2 * plan.samples); // two columns
    const [a, b] = [cache.get(plan, 0, 1), cache.get(plan, 0, 2)];
    const bValues = b.slice();
    expect(cache.get(plan, 0, 1)).toBe(a); // a hit, and now the most recent
    // makes room by dropping stream 2, the least recently used, and draws stream 3 into its memory
    expect(cache.get(plan, 0, 3)).toBe(b);
    expect(b).not.toEqual(bValues);
    expect(cache.get(plan, 0, 1)).toBe(a);
    expect(cache.get(plan, 0, 2)).toEqual(bValues); // drawn again, into the memory of stream 3 (dropped now)
    expect(cache.held).toBe(2 * plan.samples);
  });

  describe("replicates(n)", () => {
    const replicated = (vary: "shared" | "perGpu" | "perPoint", n = 3, method: "monteCarlo" | "latinHypercube" = "latinHypercube") => planSweep(defineSweep({
      name: "s", grid: { rep: replicates(n), ctx: log2Range(2048, 8192), gpu: profiles("h100-80gb", "b200-projected") },
      uncertain: { f: { target: "power_scale", dist: uniform(0, 1), vary, apply: "set" } }, samples: 500, method, seed: 3,
    }), "test");
    /** Point p's draws, and its grid values by dimension name. */
    const drawsOf = (plan: ReturnType<typeof replicated>) => {
      const out = new Float64Array(plan.points * plan.samples);
      fillDraws(plan, 0, 0, plan.points, out);
      const at = (p: number) => Object.fromEntries(plan.dims.map((d, i) => [d.name, d.values[coord(plan, p, i)]]));
      return { at, draws: (p: number) => Array.from(out.subarray(p * plan.samples, (p + 1) * plan.samples)) };
    };

    it("give each replicate draws of its own, shared within it as vary says", () => {
      for (const vary of ["shared", "perGpu"] as const) {
        const plan = replicated(vary);
        const { at, draws } = drawsOf(plan);
        for (let p = 0; p < plan.points; p++) {
          for (let q = 0; q < p; q++) {
            const same = at(p).rep === at(q).rep && (vary === "shared" || at(p).gpu === at(q).gpu);
            if (same) expect(draws(p), `${vary}: points ${q}, ${p}`).toEqual(draws(q));
            else expect(draws(p), `${vary}: points ${q}, ${p}`).not.toEqual(draws(q));
          }
        }
      }
      const perPoint = drawsOf(replicated("perPoint"));
      expect(new Set(Array.from({ length: 18 }, (_, p) => perPoint.draws(p)[0])).size).toBe(18);
    });

    it("keep each replicate a Latin hypercube, and replicate r's draws whatever n is (shared and per GPU)", () => {
      const plan = replicated("perGpu");
      const { at, draws } = drawsOf(plan);
      for (let p = 0; p < plan.points; p++) expect(new Set(draws(p).map((u) => Math.floor(u * plan.samples))).size).toBe(plan.samples);
      const find = (d: ReturnType<typeof drawsOf>, rep: number, gpu: string) => {
        const p = Array.from({ length: plan.points * 5 }, (_, q) => q).find((q) => d.at(q).rep === rep && d.at(q).gpu === gpu);
        expect(p, `rep ${rep}, ${gpu}`).toBeDefined();
        return d.draws(p!);
      };
      expect(find(drawsOf(replicated("perGpu", 5)), 3, "b200-projected")).toEqual(find({ at, draws }, 3, "b200-projected"));
      expect(find(drawsOf(replicated("shared", 5)), 3, "h100-80gb")).toEqual(find(drawsOf(replicated("shared")), 3, "h100-80gb"));
    });

    it("are refused where they cannot mean independent draws", () => {
      const base = { name: "s", grid: { rep: replicates(2), ctx: log2Range(2048, 4096), gpu: profiles("h100-80gb") }, samples: 8,
        uncertain: { f: { target: "power_scale" as const, dist: uniform(0.9, 1.1) } } };
      expect(() => planSweep(defineSweep({ ...base, method: "sobol" }), "t.ts")).toThrow('t.ts: grid.rep = "replicates": a sobol design is one fixed set of points');
      expect(() => planSweep(defineSweep({ ...base, grid: { ...base.grid, again: replicates(2) } }), "t.ts")).toThrow("a second replicates(...) dimension");
      expect(() => planSweep(defineSweep({ ...base, grid: { ...base.grid, rep: replicates(0) } }), "t.ts")).toThrow("grid.rep = []: empty dimension");
      expect(() => planSweep(defineSweep({ ...base, grid: { ...base.grid, rep: { kind: "replicate", values: [1, 2.5] } } }), "t.ts")).toThrow("not a replicate number");
    });
  });
});

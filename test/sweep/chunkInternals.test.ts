// One chunk as a worker computes it. A derived metric depends on its group only (the grid
// point without its `across` dimensions): it is evaluated once per group and sample, and every
// point of the group gets that value and those bands. Column buffers reused from chunk to
// chunk behave as fresh ones.
import { describe, expect, it } from "vitest";
import { fixed, log2Range, plusMinus, profiles, ratio, replicates, uniform } from "../../src/index.ts";
import { computeChunk } from "../../src/execute/chunk.ts";
import { bandedColumns, coord, type ChunkRunner } from "../../src/plan/index.ts";
import { BAND_STATS, bandStats } from "../../src/stats/bands.ts";
import { planSweep } from "../../src/sweep/index.ts";

describe("derived metrics per group", () => {
  it("are evaluated once per group and sample, and every point of the group gets the group's values and bands", () => {
    let calls = 0;
    const plan = planSweep({
      name: "groups", grid: { ctx: log2Range(2048, 8192), gpu: profiles("h100-80gb", "b200-projected") },
      uncertain: { f: { target: "power_scale", dist: plusMinus(0.15), vary: "perGpu" } }, samples: 40, method: "monteCarlo", seed: 5,
      metrics: ["tok_per_w"],
      derived: {
        gain: {
          across: ["gpu"],
          value: (cell) => {
            calls++;
            return cell({ gpu: "b200-projected" }).tok_per_w / cell({ gpu: "h100-80gb" }).tok_per_w;
          },
        },
      },
    }, "t.ts");
    const S = plan.samples;
    const res = computeChunk(plan, plan.evaluator.runner(plan), 0, plan.points, true);
    expect(calls).toBe(3 * S); // 3 ctx groups, not 6 points

    const names = bandedColumns(plan);
    const col = (name: string) => res.columns![plan.perturbations.length + names.indexOf(name)];
    const gd = plan.dims.findIndex((d) => d.name === "gpu");
    expect(plan.dims[gd].values).toEqual(["h100-80gb", "b200-projected"]);
    const isB200 = (p: number) => plan.dims[gd].values[coord(plan, p, gd)] === "b200-projected";
    const stride = names.length * BAND_STATS.length;
    for (let p = 0; p < plan.points; p++) {
      // the same ctx on the other gpu
      const other = p + (isB200(p) ? -1 : 1) * plan.strides[gd];
      const [b200, h100] = isB200(p) ? [p, other] : [other, p];
      for (let s = 0; s < S; s++) expect(col("gain")[p * S + s]).toBe(col("tok_per_w")[b200 * S + s] / col("tok_per_w")[h100 * S + s]);
      // the bands are those of the point's own samples, computed afresh
      const expected = new Float64Array(BAND_STATS.length);
      bandStats(col("gain").slice(p * S, (p + 1) * S), expected, 0);
      const at = p * stride + names.indexOf("gain") * BAND_STATS.length;
      expect(Array.from(res.bands.subarray(at, at + BAND_STATS.length))).toEqual(Array.from(expected));
    }
  });
});

describe("chunk buffers reused from one chunk to the next", () => {
  it("start as zeros for the evaluator's outputs, as fresh ones would", () => {
    // a model that adds to its output instead of setting it sees zeros in every chunk
    const plan = planSweep({
      name: "acc", grid: { c: [1, 2, 3] }, uncertain: { x: { dist: uniform(0, 1) } }, samples: 50, method: "monteCarlo", seed: 2,
      model: { outputs: { y: "1" }, evaluate: (i, o, rows) => { for (let r = 0; r < rows; r++) o.y[r] += i.x[r] * i.c[r]; } },
    }, "t.ts");
    const runner = plan.evaluator.runner(plan);
    const once = computeChunk(plan, runner, 0, plan.points, false);
    for (let rep = 0; rep < 3; rep++) {
      for (let p = 0; p < plan.points; p++) {
        const again = computeChunk(plan, runner, p, p + 1, false);
        expect(Array.from(again.bands)).toEqual(Array.from(once.bands.subarray(p * again.bands.length, (p + 1) * again.bands.length)));
      }
    }
  });
});

describe("metrics a runner marks constant at a point (written to its first row alone)", () => {
  // derived metrics of each kind: a ratio, which reads tok_per_w alone, and a function, which may read any metric
  const planWith = (derived: Parameters<typeof planSweep>[0]["derived"], gpus = profiles("h100-80gb", "b200-projected")) => planSweep({
    name: "constant", grid: { ctx: log2Range(2048, 16384), gpu: gpus },
    uncertain: { f: { target: "power_scale", dist: plusMinus(0.15), vary: "perGpu" } }, samples: 300, method: "latinHypercube", seed: 9, derived,
  }, "t.ts");
  const byRatio = planWith({ gain: ratio("tok_per_w", { gpu: "b200-projected" }, { gpu: "h100-80gb" }) });
  const byFunction = planWith({ slots: { across: ["gpu"], value: (cell) => cell({ gpu: "b200-projected" }).n_max / cell({ gpu: "h100-80gb" }).n_max } });

  it("are marked by the single-GPU runner: n_max, iter_s and tok_s when only the power is drawn", () => {
    const out = Object.keys(byRatio.evaluator.metrics).map(() => new Float64Array(2 * byRatio.samples));
    const draws = byRatio.perturbations.map(() => new Float64Array(2 * byRatio.samples).fill(1));
    const constant = new Uint8Array(2 * out.length);
    byRatio.evaluator.runner(byRatio).run(0, 2, draws, out, 0, constant);
    expect(Array.from(constant)).toEqual([1, 1, 1, 0, 0, 1, 1, 1, 0, 0]);
  });

  it("give the bands, columns and derived values of every row written, after chunks that left other values in the reused buffers", () => {
    // as many rows, other values in them: the GPUs the other way round
    const swapped = planWith({ gain: ratio("tok_per_w", { gpu: "b200-projected" }, { gpu: "h100-80gb" }) }, profiles("b200-projected", "h100-80gb"));
    const leaveBuffers = () => computeChunk(swapped, swapped.evaluator.runner(swapped), 0, swapped.points, false);
    for (const plan of [byRatio, byFunction]) {
      const runner = plan.evaluator.runner(plan);
      // the same runner, never told it may mark constants: it writes every row
      const writesAll: ChunkRunner = { run: (p0, p1, draws, out, s0) => runner.run(p0, p1, draws, out, s0) };
      for (const columns of [false, true]) {
        leaveBuffers();
        const expected = computeChunk(plan, writesAll, 0, plan.points, columns);
        leaveBuffers();
        const got = computeChunk(plan, runner, 0, plan.points, columns);
        expect(Array.from(got.bands), plan.derived[0].name).toEqual(Array.from(expected.bands));
        expect(got.columns?.map((c) => Array.from(c)) ?? null).toEqual(expected.columns?.map((c) => Array.from(c)) ?? null);
      }
    }
    const at = bandedColumns(byRatio).indexOf("n_max") * BAND_STATS.length;
    const res = computeChunk(byRatio, byRatio.evaluator.runner(byRatio), 0, byRatio.points, false);
    // a constant column's bands: its value, sd 0 (point 0, the H100 at 2K: min(256 · 8192 / 2048, 65536 / (2048 / 16)) = 512 slots)
    expect(Array.from(res.bands.subarray(at, at + BAND_STATS.length))).toEqual([512, 0, 512, 512, 512, 512, 512, 512, 512]);
  });

  it("are filled before a non-finite value is looked for: the message names it, not what a reused buffer held", () => {
    const grid = { ctx: log2Range(2048, 16384), gpu: profiles("h100-80gb", "b200-projected") };
    // leaves its buffers to the next chunk; its second draw, on the B200 only, is NaN on the H100's rows
    const stale = planSweep({
      name: "stale", grid, samples: 300, method: "monteCarlo", seed: 3,
      uncertain: { f: { target: "power_scale", dist: plusMinus(0.1) }, g: { target: "power_scale", dist: plusMinus(0.1), where: { gpu: "b200-projected" } } },
    }, "t.ts");
    computeChunk(stale, stale.evaluator.runner(stale), 0, stale.points, false);
    // four draws take the other buffers, so iter_s (constant) gets g's; beta = -65536 / 2048 makes the power
    // 0 at 2K (1 + beta · ctx / 65536 = 0), tok_per_w infinite
    const zero = planSweep({
      name: "zero", grid, samples: 300, method: "monteCarlo", seed: 3,
      uncertain: {
        f: { target: "power_scale", dist: plusMinus(0.1) }, h: { target: "power_scale", dist: plusMinus(0.1) },
        b1: { target: "beta", dist: uniform(0, 0.1) }, off: { target: "beta", dist: fixed(-32) },
      },
    }, "t.ts");
    expect(() => computeChunk(zero, zero.evaluator.runner(zero), 0, zero.points, false)).toThrow(/^tok_per_w = Infinity at point 0 \(ctx=2048, gpu=h100-80gb\), sample 0$/);
  });
});

describe("a chunk of several groups (GROUP_ROWS) whose bands alone leave it", () => {
  // 1000 samples, blocks of 2 points: groups of 16 points, so a chunk of 32 points or more holds several
  const planned = (derived: Parameters<typeof planSweep>[0]["derived"]) => planSweep({
    name: "groups", grid: { rep: replicates(4), ctx: log2Range(2048, 131072), gpu: profiles("h100-80gb", "b200-projected") },
    uncertain: { f: { target: "power_scale", dist: plusMinus(0.15), vary: "perGpu" }, b: { target: "beta", dist: uniform(0, 0.2) } },
    samples: 1000, method: "latinHypercube", seed: 4, derived,
  }, "t.ts");

  it("has the bands it has with every row kept, each group's rows in the same buffers", () => {
    const plans = [
      planned({ gain: ratio("tok_per_w", { gpu: "b200-projected" }, { gpu: "h100-80gb" }) }),
      planned({ slots: { across: ["gpu"], value: (cell) => cell({ gpu: "b200-projected" }).n_max / cell({ gpu: "h100-80gb" }).n_max } }),
    ];
    for (const plan of plans) {
      expect(plan.points).toBe(56);
      const runner = plan.evaluator.runner(plan);
      const kept = computeChunk(plan, runner, 0, plan.points, true);
      const reused = computeChunk(plan, runner, 0, plan.points, false);
      expect(reused.columns).toBeNull();
      expect(Array.from(reused.bands)).toEqual(Array.from(kept.bands));
      // and as chunks of one group each, whose rows are the kept columns' rows of their points
      const perPoint = kept.bands.length / plan.points;
      const S = plan.samples;
      for (let p0 = 0; p0 < plan.points; p0 += 16) {
        const p1 = Math.min(plan.points, p0 + 16);
        expect(Array.from(computeChunk(plan, runner, p0, p1, false).bands)).toEqual(Array.from(kept.bands.subarray(p0 * perPoint, p1 * perPoint)));
        const rows = computeChunk(plan, runner, p0, p1, true).columns!;
        rows.forEach((col, c) => expect(Array.from(col)).toEqual(Array.from(kept.columns![c].subarray(p0 * S, p1 * S))));
      }
    }
  });

  it("gives a model that adds to its outputs zeros in every group, and names a non-finite value in a later group by its point", () => {
    const plan = planSweep({
      name: "acc", grid: { c: Array.from({ length: 40 }, (_, i) => i + 1) }, uncertain: { x: { dist: uniform(0, 1) } }, samples: 1000, method: "monteCarlo", seed: 2,
      model: { outputs: { y: "1" }, evaluate: (i, o, rows) => { for (let r = 0; r < rows; r++) o.y[r] += i.x[r] * i.c[r]; } },
    }, "t.ts");
    const runner = plan.evaluator.runner(plan);
    const kept = computeChunk(plan, runner, 0, plan.points, true);
    expect(Array.from(computeChunk(plan, runner, 0, plan.points, false).bands)).toEqual(Array.from(kept.bands));
    // the mean of y at point p is c · mean(x), about (p + 1) / 2, in the last group as in the first
    const stride = BAND_STATS.length;
    const mean = BAND_STATS.indexOf("mean");
    expect(kept.bands[39 * stride + mean] / 20).toBeCloseTo(1, 1);

    const bad = planSweep({
      name: "bad", grid: { c: Array.from({ length: 40 }, (_, i) => i + 1) }, uncertain: { x: { dist: uniform(0, 1) } }, samples: 1000, method: "monteCarlo", seed: 2,
      model: { outputs: { y: "1" }, evaluate: (i, o, rows) => { for (let r = 0; r < rows; r++) o.y[r] = i.c[r] === 35 && r % 1000 === 7 ? NaN : i.x[r]; } },
    }, "t.ts");
    expect(() => computeChunk(bad, bad.evaluator.runner(bad), 0, bad.points, false)).toThrow(/^y = NaN at point 34 \(c=35\), sample 7$/);
  });
});

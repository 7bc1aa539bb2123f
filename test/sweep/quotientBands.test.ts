// A quotient metric (Evaluator.quotients: tok_per_w = tok_s / power_w, row by row) whose
// numerator is one value at a point falls as its denominator rises: pointBands reads its
// quantiles along the order the denominator's were read, reversed, with no check of its own.
// The bands are those of the same chunk banded without the declaration, bit for bit, wherever
// the numerator is one value, and where it is not.
import { describe, expect, it } from "vitest";
import { log2Range, plusMinus, profiles, ratio, uniform } from "../../src/index.ts";
import { computeChunk } from "../../src/execute/chunk.ts";
import type { ChunkRunner, Plan } from "../../src/plan/index.ts";
import { DrawCache } from "../../src/sample/draws.ts";
import { orderStatisticsByKeptOrder } from "../../src/stats/sampleOrders.ts";
import { bandsInProcess, planSweep } from "../../src/sweep/index.ts";

const grid = { ctx: log2Range(2048, 131072), gpu: profiles("h100-80gb", "b200-projected") };
const sweep = (name: string, uncertain: Parameters<typeof planSweep>[0]["uncertain"], method: "monteCarlo" | "latinHypercube") =>
  planSweep({ name, grid, uncertain, samples: 500, method, seed: 17, derived: { gain: ratio("tok_per_w", { gpu: "b200-projected" }, { gpu: "h100-80gb" }) } }, "t.ts");

/** The same plan with an evaluator that declares no quotient. */
const undeclared = (plan: Plan): Plan => ({ ...plan, evaluator: { ...plan.evaluator, quotients: undefined } });

const bandsOf = (plan: Plan) => Array.from(bandsInProcess(plan).values);

describe("quotient bands read along the denominator's order", () => {
  it("equal the bands found without the declaration, bit for bit", () => {
    const plans = [
      // Table 1's draws: the power scale per GPU, and the B200's own (a product of two draws)
      sweep("table1", { f: { target: "power_scale", dist: plusMinus(0.15), vary: "perGpu" }, b: { target: "power_scale", dist: plusMinus(0.2), where: { gpu: "b200-projected" } } }, "latinHypercube"),
      // a KV-correlated power slope drawn as well: the power still rises with one scale per sample
      sweep("beta", { f: { target: "power_scale", dist: plusMinus(0.15) }, beta: { target: "beta", dist: uniform(0, 0.2) } }, "monteCarlo"),
      // a slope that turns the power negative at long contexts for some samples (no order along values of both signs) ...
      sweep("mixed", { f: { target: "power_scale", dist: plusMinus(0.15) }, beta: { target: "beta", dist: uniform(-1.5, 0) } }, "monteCarlo"),
      // ... and for every sample (tok_per_w negative and falling as the negative power rises)
      sweep("negative", { f: { target: "power_scale", dist: plusMinus(0.15) }, beta: { target: "beta", dist: uniform(-3, -2.5) } }, "monteCarlo"),
      // the per-sequence latency drawn: tok_s varies by sample, so is not one value
      sweep("w", { f: { target: "power_scale", dist: plusMinus(0.15) }, w: { target: "w", dist: plusMinus(0.1) } }, "latinHypercube"),
    ];
    for (const plan of plans) expect(bandsOf(plan), plan.name).toEqual(bandsOf(undeclared(plan)));
  });

  it("are the same with the orders the Latin hypercube offers, as a worker's cache records them, and those orders are the ones kept", () => {
    const plan = sweep("offered", { f: { target: "power_scale", dist: plusMinus(0.15), vary: "perGpu" }, b: { target: "power_scale", dist: plusMinus(0.2), where: { gpu: "b200-projected" } } }, "latinHypercube");
    // the orders the chunk takes from the cache, seen on their way to the kept orders
    const offered: Int32Array[] = [];
    const cache = DrawCache.forPlan(plan, true);
    const take = cache.takeDrawnOrders.bind(cache);
    cache.takeDrawnOrders = () => {
      const orders = take();
      offered.push(...orders);
      return orders;
    };
    const withOffers = computeChunk(plan, plan.evaluator.runner(plan), 0, plan.points, true, cache);
    expect(Array.from(withOffers.bands)).toEqual(bandsOf(undeclared(plan)));
    // the H100's power at point 0 rises with its draws: the order read for it is the one offered, not one built
    const power = withOffers.columns![plan.perturbations.length + plan.metrics.indexOf("power_w")].subarray(0, plan.samples);
    const read = orderStatisticsByKeptOrder(power, Math.min(...power), Math.max(...power), [0], new Float64Array(1));
    expect(offered.filter((o) => o === read?.order)).toHaveLength(1);
  });

  it("are read that way, unchecked: a declaration that does not hold shows in the bands", () => {
    const plan = sweep("false", { f: { target: "power_scale", dist: plusMinus(0.15) } }, "latinHypercube");
    const runner = plan.evaluator.runner(plan);
    const tokPerW = Object.keys(plan.evaluator.metrics).indexOf("tok_per_w");
    // tok_per_w made to rise with the power: no longer tok_s / power_w, as the declaration says
    const lying: ChunkRunner = {
      ...runner,
      run(p0, p1, draws, out, s0, constant) {
        runner.run(p0, p1, draws, out, s0, constant);
        out[tokPerW].forEach((v, r) => (out[tokPerW][r] = -v));
      },
    };
    const bands = (p: Plan) => Array.from(computeChunk(p, lying, 0, p.points, false).bands);
    expect(bands(plan)).not.toEqual(bands(undeclared(plan)));
  });
});

// Sobol, Morris and user-model definitions that cannot work fail at plan time with one line
// naming the file, the field and the value; a model that reads a missing input at run time
// (a .js sweep has no types) is named too; the design's size and inputs; and one chunk's
// indices in process against a linear model's analytic ones.
import { describe, expect, it } from "vitest";
import { planSweep, uniform, normal, profiles, log2Range, type SweepDefinition } from "../../src/index.ts";
import { bandsInProcess } from "../../src/sweep/index.ts";

const model = (extra: Partial<SweepDefinition> = {}): SweepDefinition => ({
  name: "m",
  grid: { c: [1, 2], label: ["p", "q"] },
  uncertain: { x: { dist: uniform(0, 1) }, z: { dist: uniform(0, 1) } },
  model: { outputs: { y: "W" }, evaluate: (i, o, rows) => { for (let r = 0; r < rows; r++) o.y[r] = i.x[r] * i.c[r] + i.z[r]; } },
  method: "sobol",
  samples: 8,
  ...extra,
});

describe("sensitivity definitions", () => {
  const cases: Array<[string, SweepDefinition, string]> = [
    ["perPoint draws", model({ uncertain: { x: { dist: uniform(0, 1), vary: "perPoint" } } }),
      "f.ts: uncertain.x.vary = \"perPoint\": method sobol needs shared or perGpu draws"],
    ["an unbounded distribution for Morris", model({ method: "morris", uncertain: { x: { dist: normal(0, 1) } } }),
      "f.ts: uncertain.x.dist = \"normal\": Morris levels include 0 and 1, so method morris needs bounded distributions"],
    ["an unknown option", model({ sensitivity: { secondorder: true } as never }), "f.ts: sensitivity.secondorder = \"\": unknown option; valid: metrics"],
    ["second order for Morris", model({ method: "morris", sensitivity: { secondOrder: true } }), "f.ts: sensitivity.secondOrder = true: second-order indices need method sobol"],
    ["an unknown metric", model({ sensitivity: { metrics: ["yy"] } }), "f.ts: sensitivity.metrics = \"yy\": not a reported or derived metric; valid: y"],
    ["options without a sensitivity method", model({ method: "monteCarlo", sensitivity: {} }), "f.ts: sensitivity = \"\": options of methods sobol and morris only"],
    ["odd Morris levels", model({ method: "morris", sensitivity: { levels: 3 } }), "f.ts: sensitivity.levels = 3: must be an even integer in 2..64"],
    ["one base sample", model({ samples: 1 }), "f.ts: samples = 1: method sobol needs at least 2 base samples"],
    ["no uncertain parameter", model({ uncertain: {} }), "f.ts: uncertain = \"{}\": method sobol needs at least one uncertain parameter"],
    ["a model without outputs", model({ model: { outputs: {}, evaluate: () => undefined } }), "f.ts: model.outputs = {}: must name at least one output"],
    ["a model output that is not snake_case", model({ model: { outputs: { Y: "1" }, evaluate: () => undefined } }), "f.ts: model.outputs = \"Y\": names are snake_case (lower-case letters, digits, _), e.g. \"y\""],
    ["a model and an evaluator", model({ evaluator: "fleet" }), "f.ts: evaluator = \"fleet\": a sweep with its own model names no evaluator"],
    ["a profile dimension for a model", model({ grid: { gpu: profiles("h100-80gb") } }), "f.ts: grid.gpu = \"profile\": a user model reads numeric or label dimensions (and replicates) only"],
    ["a target that is not an input", model({ uncertain: { x: { target: "w", dist: uniform(0, 1) } } }), "f.ts: uncertain.x.target = \"w\": unknown parameter; valid: x"],
  ];
  for (const [what, def, message] of cases) {
    it(what, () => expect(() => planSweep(def, "f.ts")).toThrow(message));
  }

  it("sizes the design: N(k+2) rows, N(2k+2) with second order, r(k+1) for Morris; a perGpu parameter is one input per GPU it applies to", () => {
    expect(planSweep(model(), "f.ts").samples).toBe(8 * 4);
    expect(planSweep(model({ sensitivity: { secondOrder: true } }), "f.ts").samples).toBe(8 * 6);
    expect(planSweep(model({ method: "morris" }), "f.ts").samples).toBe(8 * 3);
    const plan = planSweep({
      name: "g", grid: { ctx: log2Range(2048, 4096), gpu: profiles("h100-80gb", "b200-projected", "a100-80gb") },
      uncertain: {
        power_factor: { target: "power_scale", dist: uniform(0.9, 1.1), vary: "perGpu", where: { gpu: ["h100-80gb", "b200-projected"] } },
        w: { target: "w", dist: uniform(0.9, 1.1) },
      },
      method: "sobol", samples: 4,
    }, "f.ts");
    expect(plan.design!.inputs.map((x) => x.name)).toEqual(["power_factor[h100-80gb]", "power_factor[b200-projected]", "w"]);
    expect(plan.samples).toBe(4 * 5);
  });

  it("a model reading an input that does not exist fails naming it and the valid ones", () => {
    const plan = planSweep(model({ model: { outputs: { y: "1" }, evaluate: (i, o) => o.y.set(i.w) } }), "f.ts");
    expect(() => bandsInProcess(plan)).toThrow("model.evaluate failed on points 0..3: reads input \"w\", which does not exist; inputs: x, z, c");
  });
});

describe("indices in process", () => {
  it("a linear model's S1 = ST = c_i² / Σc²; a constant output gets zeros and variance 0", async () => {
    const { computeChunk } = await import("../../src/execute/chunk.ts");
    const { SOBOL_STATS, indicesStride } = await import("../../src/stats/sensitivity/pointIndices.ts");
    const plan = planSweep({
      name: "lin", grid: { c: [1] },
      uncertain: { x: { dist: uniform(0, 1) }, z: { dist: uniform(0, 1) } },
      model: { outputs: { y: "1", k: "1" }, evaluate: (i, o, rows) => { for (let r = 0; r < rows; r++) { o.y[r] = 3 * i.x[r] + i.z[r]; o.k[r] = 1; } } },
      method: "sobol", samples: 2048, sensitivity: { resamples: 100 },
    }, "f.ts");
    const { indices } = computeChunk(plan, plan.evaluator.runner(plan), 0, 1, false);
    expect(indices.length).toBe(indicesStride(plan));
    const at = (column: number, input: number, stat: string) => indices[column * 2 * SOBOL_STATS.length + input * SOBOL_STATS.length + (SOBOL_STATS as readonly string[]).indexOf(stat)];
    for (const [i, share] of [[0, 0.9], [1, 0.1]]) {
      expect(at(0, i, "s1")).toBeCloseTo(share, 2);
      expect(at(0, i, "st")).toBeCloseTo(share, 2);
    }
    expect(at(0, 0, "variance")).toBeCloseTo(10 / 12, 2);
    for (const stat of SOBOL_STATS) for (const i of [0, 1]) expect(at(1, i, stat)).toBe(0);
  });
});

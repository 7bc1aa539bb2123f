// What a result depends on is what its hash and checks cover: the declared order of
// uncertain entries, the bytes of the files a grid reads; draws follow a parameter's name;
// and no NaN or ±Infinity passes as a number.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fixed, log2Range, plusMinus, profiles, ratio, uniform, type SweepDefinition } from "../../src/index.ts";
import { computeChunk } from "../../src/execute/chunk.ts";
import { mergeShards } from "../../src/output/merge.ts";
import { pointColumns } from "../../src/output/pointColumns.ts";
import { bandsInProcess, planSweep, runSweep } from "../../src/sweep/index.ts";
import { profileByName, writeProfileFile } from "../../src/model/index.ts";
import { sweepFile, tempDir } from "../sweep/helpers.ts";

const base = (uncertain: SweepDefinition["uncertain"]): SweepDefinition => ({
  name: "order", grid: { ctx: log2Range(2048, 8192), gpu: profiles("h100-80gb", "b200-projected") },
  uncertain, samples: 16, method: "monteCarlo", seed: 3,
});
const a = { target: "power_scale", dist: plusMinus(0.15) } as const;
const b = { target: "w", dist: uniform(0.9, 1.1) } as const;

/** Draw columns of a plan, by parameter name. */
function draws(def: SweepDefinition): Record<string, Float64Array> {
  const plan = planSweep(def, "t.ts");
  const res = computeChunk(plan, plan.evaluator.runner(plan), 0, plan.points, true);
  return Object.fromEntries(plan.perturbations.map((p, j) => [p.name, res.columns![j]]));
}

describe("the definition hash and the draws", () => {
  it("swapping two uncertain entries changes the hash, not any parameter's draws", () => {
    const ab = base({ a, b });
    const ba = base({ b, a });
    expect(planSweep(ab, "t.ts").hash).not.toBe(planSweep(ba, "t.ts").hash);
    const [x, y] = [draws(ab), draws(ba)];
    expect(x.a).toEqual(y.a);
    expect(x.b).toEqual(y.b);
    expect(x.a).not.toEqual(x.b);
  });

  it("adding a parameter leaves the others' draws alone", () => {
    expect(draws(base({ a, b })).a).toEqual(draws(base({ a })).a);
  });

  it("covers the bytes of a profile JSON file the grid reads", () => {
    const dir = tempDir();
    const file = join(dir, "h100.json");
    writeProfileFile(file, profileByName("h100-80gb"));
    const def = { ...base({ a }), grid: { ctx: [8192], gpu: profiles(file) } };
    const before = planSweep(def, "t.ts");
    writeFileSync(file, readFileSync(file, "utf8").replace(/"name": "[^"]*"/, '"name": "edited"'));
    const after = planSweep(def, "t.ts");
    expect(after.inputs[0].sha256).not.toBe(before.inputs[0].sha256);
    expect(after.hash).not.toBe(before.hash);
  });

  it("merge refuses shards whose profile file was edited in between, naming it", async () => {
    const dir = tempDir();
    const profile = join(dir, "h100.json");
    writeProfileFile(profile, profileByName("h100-80gb"));
    const file = sweepFile(dir, "s", `export default w.defineSweep({ name: "edit", grid: { ctx: w.log2Range(2048, 131072),
      gpu: w.profiles(${JSON.stringify(profile)}), rep: Array.from({ length: 4000 }, (_, i) => String(i)) }, samples: 20 });`);
    await runSweep({ file, out: join(dir, "1"), shard: [1, 2], workers: 1, progress: null });
    writeFileSync(profile, readFileSync(profile, "utf8").replace(/"name": "[^"]*"/, '"name": "edited"'));
    await runSweep({ file, out: join(dir, "2"), shard: [2, 2], workers: 1, progress: null });
    await expect(mergeShards([join(dir, "1"), join(dir, "2")], join(dir, "m"))).rejects.toThrow(/gpu ".*h100\.json" was read with other bytes/);
  });
});

describe("units of drawn columns", () => {
  it("a draw that scales W is a unitless factor; one that sets W is in seconds", () => {
    const scaled = planSweep(base({ b }), "t.ts");
    const set = planSweep(base({ b: { ...b, apply: "set" as const, dist: uniform(0.003, 0.005) } }), "t.ts");
    expect(pointColumns(scaled).find((c) => c.name === "b")!.unit).toBe("1");
    expect(pointColumns(set).find((c) => c.name === "b")!.unit).toBe("s");
  });
});

describe("no silent NaN", () => {
  it("a derived metric that yields NaN fails naming the metric, point and sample", () => {
    const plan = planSweep({ ...base({ a }), derived: { bad: { across: ["gpu"], value: (cell) => Math.sqrt(cell({ gpu: "h100-80gb" }).tok_per_w - 1e9) } } }, "t.ts");
    expect(() => bandsInProcess(plan)).toThrow(/bad = NaN at point 0 \(ctx=2048, gpu=h100-80gb\), sample 0/);
  });

  it("a misspelled metric inside a derived value is named", () => {
    const plan = planSweep({ ...base({ a }), derived: { gain: { across: ["gpu"], value: (cell) => cell({ gpu: "b200-projected" }).tokPerWatt } } }, "t.ts");
    expect(() => bandsInProcess(plan)).toThrow(/derived\.gain at point 0, sample 0: reads metric "tokPerWatt", which cells do not have; metrics: n_max, iter_s/);
  });

  it("an evaluator output of ±Infinity fails too", () => {
    const plan = planSweep({ ...base({ zero: { target: "power_scale", dist: fixed(0), apply: "set" } }) }, "t.ts");
    expect(() => bandsInProcess(plan)).toThrow(/tok_per_w = Infinity at point 0 \(ctx=2048, gpu=h100-80gb\), sample 0/);
  });

  it("finite derived ratios pass", () => {
    const plan = planSweep({ ...base({ a }), derived: { g: ratio("tok_per_w", { gpu: "b200-projected" }, { gpu: "h100-80gb" }) } }, "t.ts");
    expect(bandsInProcess(plan).stat(0, "g", "p50")).toBeGreaterThan(1);
  });
});

// models(...) × gpus(...): first-principles profiles (docs/model.md §5) through the sweep kernel.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { computedProfile, GPUS, MODELS, singleGpuPoint } from "../../src/model/index.ts";
import { runSweep } from "../../src/sweep/index.ts";
import { moduleDir, sweepFile, tempDir } from "./helpers.ts";

describe("a models(...) dimension", () => {
  it("evaluates each model on each GPU as its computed profile, with the serving it names", async () => {
    const dir = moduleDir();
    const file = sweepFile(dir, "models", `export default w.defineSweep({
  name: "models",
  grid: { ctx: [8192, 32768], gpu: w.gpus("h100", "h200", "b200"), model: w.models("llama-3.1-8b@tp1", "llama-3.1-70b", "deepseek-v3@tp8/fp8") },
  uncertain: { power_factor: { target: "power_scale", dist: w.plusMinus(0.1) } },
  samples: 20, seed: 3,
});`);
    const out = join(dir, "out");
    await runSweep({ file, out, workers: 2, progress: null });
    const [header, ...rows] = readFileSync(join(out, "bands.csv"), "utf8").trim().split("\n").map((l) => l.split(","));
    const at = (name: string) => header.indexOf(name);
    const serving: Record<string, { key: string; tp: number; dtype: number }> = {
      "llama-3.1-8b@tp1": { key: "llama-3.1-8b", tp: 1, dtype: 2 },
      "llama-3.1-70b": { key: "llama-3.1-70b", tp: 8, dtype: 2 },
      "deepseek-v3@tp8/fp8": { key: "deepseek-v3", tp: 8, dtype: 1 },
    };
    expect(rows).toHaveLength(18);
    for (const r of rows) {
      const s = serving[r[at("model")]];
      const p = computedProfile(GPUS[r[at("gpu")]], MODELS[s.key], { tp: s.tp, dtype: s.dtype, meanCtx: 4096 });
      const e = singleGpuPoint(p, Number(r[at("ctx")]));
      // power is perturbed, throughput is not: n and tok/s are the model's exactly
      expect(Number(r[at("n_max_min")])).toBe(e.nMax);
      expect(Number(r[at("tok_s_max")])).toBe(e.tokS);
      expect(Number(r[at("power_w_min")])).toBeGreaterThan(e.power * 0.9);
      expect(Number(r[at("power_w_max")])).toBeLessThan(e.power * 1.1);
    }
  });

  it("bad model values and misuse fail with one line naming the field", async () => {
    const dir = moduleDir();
    const run = (grid: string, evaluator = "") => runSweep({
      file: sweepFile(dir, `m${Math.random().toString(36).slice(2)}`, `export default w.defineSweep({ name: "m", ${evaluator} grid: ${grid} });`),
      out: join(dir, "out"), workers: 1, progress: null,
    });
    await expect(run(`{ ctx: [8192], gpu: w.gpus("h100"), model: w.models("gpt-9") }`)).rejects.toThrow(/grid\.model: unknown model "gpt-9"; valid: llama-3\.1-8b/);
    await expect(run(`{ ctx: [8192], gpu: w.gpus("h100"), model: w.models("llama-3.1-70b@tp3") }`)).rejects.toThrow(/tp = 3/);
    await expect(run(`{ ctx: [8192], gpu: w.gpus("h100"), model: w.models("llama-3.1-70b@tp8/fp6") }`)).rejects.toThrow(/unknown dtype fp6/);
    await expect(run(`{ ctx: [8192], gpu: w.profiles("h100-80gb"), model: w.models("llama-3.1-70b") }`)).rejects.toThrow(/served on gpus/);
    await expect(run(`{ gpu: w.gpus("h100"), workload: w.workloads("azure"), topology: w.topologies("homo"), model: w.models("llama-3.1-70b") }`, `evaluator: "fleet",`))
      .rejects.toThrow(/need the singleGpu evaluator/);
  });
});

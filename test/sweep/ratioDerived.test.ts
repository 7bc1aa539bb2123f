// ratio() derived metrics: every point of a group holds numerator / denominator of its
// group's two cells, sample by sample (computed at the group's first point, copied to the rest).
import { describe, expect, it } from "vitest";
import { log2Range, plusMinus, profiles, ratio } from "../../src/index.ts";
import { computeChunk } from "../../src/execute/chunk.ts";
import { planSweep } from "../../src/sweep/index.ts";

describe("ratio derived metrics", () => {
  it("equal the quotient of the two cells' metric at every point of the group, for every sample", () => {
    const plan = planSweep({
      name: "ratios", grid: { ctx: log2Range(2048, 16384), gpu: profiles("h100-80gb", "b200-projected", "a100-80gb") },
      uncertain: { f: { target: "power_scale", dist: plusMinus(0.15), vary: "perGpu" } }, samples: 50, method: "monteCarlo", seed: 9,
      metrics: ["tok_per_w"],
      derived: { gain: ratio("tok_per_w", { gpu: "b200-projected" }, { gpu: "h100-80gb" }) },
    }, "t.ts");
    const S = plan.samples;
    const res = computeChunk(plan, plan.evaluator.runner(plan), 0, plan.points, true);
    const cols = res.columns!;
    const tokPerW = cols[plan.perturbations.length];
    const gain = cols[cols.length - 1];
    // points are ctx-major, gpu fastest: h100, b200, a100 at each context window
    expect(plan.blockPoints).toBe(3);
    for (let block = 0; block < plan.points / 3; block++) {
      const [h100, b200] = [3 * block, 3 * block + 1];
      for (let q = 0; q < 3; q++) {
        for (let s = 0; s < S; s++) {
          expect(gain[(3 * block + q) * S + s], `block ${block}, gpu ${q}, sample ${s}`).toBe(tokPerW[b200 * S + s] / tokPerW[h100 * S + s]);
        }
      }
    }
  });
});

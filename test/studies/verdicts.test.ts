// The verdict rules on hand-made rows: claims are compared at the precision they are stated in.
import { describe, expect, it } from "vitest";
import type { GainRow } from "../../src/paper/studies/monteCarloResults.ts";
import type { AlphaRow } from "../../src/paper/studies/powerKvResults.ts";
import { alphaVerdicts, decimalsOf, gainVerdicts } from "../../src/paper/studies/verdicts.ts";

const alphaRow = (profile: string, beta: number, nominal: number, p5 = nominal, p95 = nominal): AlphaRow =>
  ({ profile, beta, range: "4K–64K", nominal, p5, p50: nominal, p95, min: p5, max: p95 });

const combined = (workload: string, p5: number, p95: number, routingDominant: number): GainRow =>
  ({ correlation: "independent", b200: "latency", workload, gain: "combined", nominal: 4, mean: 4, p5, p25: 4, p50: 4, p75: 4, p95, routingDominant });

describe("verdicts", () => {
  it("decimalsOf counts written decimals", () => {
    expect([decimalsOf(0.85), decimalsOf(1), decimalsOf(3.1), decimalsOf(0.8)]).toEqual([2, 0, 1, 1]);
  });

  it("alpha: in the claim at two decimals, the first beta outside, the direction", () => {
    const [a, b] = alphaVerdicts([
      alphaRow("a", 0, 0.9), alphaRow("a", 0.1, 1.004, 0.99, 1.02),
      alphaRow("b", 0, 0.95), alphaRow("b", 0.1, 0.99), alphaRow("b", 0.2, 1.006),
    ], [0.85, 1.0]);
    expect(a).toMatchObject({ nominalHolds: true, bandHolds: false, firstBetaOutside: null });
    expect(a.shift["4K–64K"]).toBeCloseTo(0.104, 12);
    expect(b).toMatchObject({ nominalHolds: false, firstBetaOutside: 0.2, nominalMin: 0.95, nominalMax: 1.006 });
  });

  it("combined gain: p5–p95 inside the range at one decimal; dominance strictly above the minimum", () => {
    const v = gainVerdicts([combined("x", 3.14, 5.44, 0.81), combined("y", 3.04, 5.2, 0.8)], [3.1, 5.4], 0.8);
    expect(v.map((r) => [r.rangeHolds, r.dominanceHolds])).toEqual([[true, true], [false, false]]);
  });
});

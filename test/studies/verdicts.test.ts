// The verdict rules on hand-made rows: claims are compared at the precision they are stated in.
import { describe, expect, it } from "vitest";
import type { GainRow } from "../../src/paper/studies/monteCarloResults.ts";
import type { AlphaRow } from "../../src/paper/studies/powerKvResults.ts";
import { alphaVerdicts, CLAIM_SCOPE, decimalsOf, gainVerdicts } from "../../src/paper/studies/verdicts.ts";
import { alphaAgainstClaim, measuredSection } from "../../src/paper/studies/measured.ts";
import { publishedV2 } from "../../src/paper/published.ts";
import { table3Gains, table3Rows } from "../../src/paper/table3.ts";
import type { AlphaEstimate } from "../../src/calibrate/alpha.ts";

const alphaRow = (profile: string, beta: number, nominal: number, p5 = nominal, p95 = nominal): AlphaRow =>
  ({ profile, beta, range: "4K–64K", nominal, p5, p50: nominal, p95, min: p5, max: p95 });

const combined = (workload: string, p5: number, p95: number, routing_dominant: number): GainRow =>
  ({ correlation: "independent", b200: "latency", workload, gain: "combined", nominal: 4, mean: 4, p5, p25: 4, p50: 4, p75: 4, p95, routing_dominant });

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

  it("claims are judged on their scope: azure gains, the v1 profiles' alpha; the rest are extensions", () => {
    const [a, b] = gainVerdicts([combined("azure", 3.2, 5.3, 0.9), combined("lmsys_multiturn", 2.1, 3.4, 0.6)], [3.1, 5.4], 0.8);
    expect([a.claimed, b.claimed]).toEqual([true, false]);
    expect(CLAIM_SCOPE.workload).toBe("azure");
    const av = alphaVerdicts([alphaRow("h100-80gb", 0, 0.9), alphaRow("b200-projected", 0, 0.95), alphaRow("b200-measured", 0, 1.05)], [0.85, 1.0]);
    expect(av.map((v) => v.claimed)).toEqual([true, true, false]);
  });

  it("v2's published 5.76× is what v2's B200 power gives under the paper's sampler, seed 42", () => {
    const v2 = table3Gains(table3Rows({ revision: "v2", sampler: "reference", seed: 42 })).find((g) => g.workload === "azure")!;
    expect(Number(v2.combined.toFixed(2))).toBe(publishedV2().headline_claims.combined_gain_azure);
  });

  it("a measured alpha's interval against the claimed one, at the claim's precision", () => {
    const est = (lo: number, hi: number): AlphaEstimate => ({ range: { label: "r", from: 1, to: 2 }, contexts: [], points: 5,
      value: (lo + hi) / 2, stderr: 0.01, ci95: [lo, hi] });
    expect(alphaAgainstClaim(est(0.86, 0.99), [0.85, 1.0])).toBe("inside the claim");
    expect(alphaAgainstClaim(est(0.846, 1.004), [0.85, 1.0])).toBe("inside the claim");
    expect(alphaAgainstClaim(est(0.80, 0.95), [0.85, 1.0])).toBe("overlaps the claim (not decisive)");
    expect(alphaAgainstClaim(est(1.02, 1.1), [0.85, 1.0])).toBe("**contradicts the claim**");
  });

  it("without measurements the report says its alpha and bands are the model's own", () => {
    expect(measuredSection(undefined).join("\n")).toMatch(/every alpha and every band in this report is the model's own/);
  });
});

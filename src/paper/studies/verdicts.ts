// Whether each claim of the rebuttal holds, decided from the computed rows. A claim's
// numbers are compared at the precision the claim is stated in, and a claim is judged only
// on the workload and profiles it was made for (CLAIM_SCOPE); the rest are extensions.
import type { AlphaRow } from "./powerKvResults.ts";
import type { GainRow } from "./monteCarloResults.ts";
import { B200_V1, H100 } from "./profiles.ts";

/**
 * What the paper (v1) and its rebuttal made their claims for: the gains on the azure
 * workload (the only one with published gains), alpha on the v1 profiles. lmsys_multiturn
 * and the v2 revision's B200 are shown beside them as extensions, not judged.
 */
export const CLAIM_SCOPE = { workload: "azure", alphaProfiles: [H100, B200_V1] as readonly string[] };

/** Decimal places of a number as written (3.1 → 1, 0.85 → 2). */
export function decimalsOf(x: number): number {
  const s = String(x);
  return s.includes(".") ? s.length - s.indexOf(".") - 1 : 0;
}

const roundTo = (x: number, d: number) => Number(x.toFixed(d));

export interface AlphaVerdict {
  profile: string;
  /** the claim was made for this profile (CLAIM_SCOPE) */
  claimed: boolean;
  /** extremes of the noise-free alpha over every beta and both ranges */
  nominalMin: number;
  nominalMax: number;
  /** extremes of the p5–p95 bands */
  bandMin: number;
  bandMax: number;
  /** the noise-free alpha stays in the claimed interval at every beta and range */
  nominalHolds: boolean;
  /** every p5–p95 band stays in it too */
  bandHolds: boolean;
  /** smallest beta at which the noise-free alpha leaves the interval (either range), or null */
  firstBetaOutside: number | null;
  /** alpha at the largest beta minus alpha at the smallest, per range label */
  shift: Record<string, number>;
}

export function alphaVerdicts(rows: readonly AlphaRow[], claim: readonly number[]): AlphaVerdict[] {
  const d = Math.max(decimalsOf(claim[0]), decimalsOf(claim[1]));
  const inside = (x: number) => roundTo(x, d) >= claim[0] && roundTo(x, d) <= claim[1];
  return [...new Set(rows.map((r) => r.profile))].map((profile) => {
    const mine = rows.filter((r) => r.profile === profile);
    const betas = [...new Set(mine.map((r) => r.beta))].sort((a, b) => a - b);
    const outside = betas.filter((b) => mine.some((r) => r.beta === b && !inside(r.nominal)));
    const shift: Record<string, number> = {};
    for (const range of new Set(mine.map((r) => r.range))) {
      const at = (b: number) => mine.find((r) => r.range === range && r.beta === b)!.nominal;
      shift[range] = at(betas[betas.length - 1]) - at(betas[0]);
    }
    return {
      profile, claimed: CLAIM_SCOPE.alphaProfiles.includes(profile),
      nominalMin: Math.min(...mine.map((r) => r.nominal)), nominalMax: Math.max(...mine.map((r) => r.nominal)),
      bandMin: Math.min(...mine.map((r) => r.p5)), bandMax: Math.max(...mine.map((r) => r.p95)),
      nominalHolds: mine.every((r) => inside(r.nominal)), bandHolds: mine.every((r) => inside(r.p5) && inside(r.p95)),
      firstBetaOutside: outside.length > 0 ? outside[0] : null, shift,
    };
  });
}

export interface GainVerdict {
  workload: string;
  /** the claim was made for this workload (CLAIM_SCOPE) */
  claimed: boolean;
  correlation: string;
  b200: string;
  p5: number;
  p50: number;
  p95: number;
  /** p5–p95 of the combined gain, at the claim's precision, lies inside the claimed range */
  rangeHolds: boolean;
  routing_dominant: number;
  /** the routing-dominant fraction exceeds the claimed minimum */
  dominanceHolds: boolean;
}

export function gainVerdicts(rows: readonly GainRow[], range: readonly number[], minFraction: number): GainVerdict[] {
  const d = Math.max(decimalsOf(range[0]), decimalsOf(range[1]));
  return rows.filter((r) => r.gain === "combined").map((r) => ({
    workload: r.workload, claimed: r.workload === CLAIM_SCOPE.workload, correlation: r.correlation, b200: r.b200,
    p5: r.p5, p50: r.p50, p95: r.p95,
    rangeHolds: roundTo(r.p5, d) >= range[0] && roundTo(r.p95, d) <= range[1],
    routing_dominant: r.routing_dominant, dominanceHolds: r.routing_dominant > minFraction,
  }));
}


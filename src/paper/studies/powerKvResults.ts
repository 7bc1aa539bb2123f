// Study 1's results: alpha per profile and nominal beta (the noise-free value beside the
// sweep's band), and tok/W per context window with its band (Table 1 with bands).
import { profileByName, singleGpuPoint } from "../../model/index.ts";
import { ALPHA_RANGES, alphaOf, rangeContexts } from "./alpha.ts";
import { only, stat, type BandRow } from "./bandRows.ts";

export interface AlphaRow {
  profile: string;
  beta: number;
  range: string;
  /** the unperturbed model at this beta */
  nominal: number;
  p5: number;
  p50: number;
  p95: number;
  min: number;
  max: number;
}

/** alpha of the noise-free model: tok/W from singleGpuPoint at each window of [from, to]. */
export function nominalAlpha(profile: string, beta: number, from: number, to: number): number {
  const p = profileByName(profile);
  const ctx = rangeContexts(from, to);
  return alphaOf(ctx, ctx.map((c) => singleGpuPoint(p, c, { beta }).tokPerW));
}

/** One row per (profile, beta, range); the derived alpha is repeated on every ctx row, read at the range's first window. */
export function alphaRows(bands: readonly BandRow[], profiles: readonly string[], betas: readonly number[]): AlphaRow[] {
  return profiles.flatMap((profile) => betas.flatMap((beta) => ALPHA_RANGES.map((r) => {
    const row = only(bands, { profile, beta, ctx: r.from });
    return {
      profile, beta, range: r.label, nominal: nominalAlpha(profile, beta, r.from, r.to),
      p5: stat(row, r.name, "p5"), p50: stat(row, r.name, "p50"), p95: stat(row, r.name, "p95"),
      min: stat(row, r.name, "min"), max: stat(row, r.name, "max"),
    };
  })));
}

export interface TokWRow {
  profile: string;
  beta: number;
  ctx: number;
  nominal: number;
  p5: number;
  p50: number;
  p95: number;
}

export function tokWRows(bands: readonly BandRow[]): TokWRow[] {
  return bands.map((row) => {
    const profile = row.profile as string;
    const beta = row.beta as number;
    const ctx = row.ctx as number;
    return {
      profile, beta, ctx, nominal: singleGpuPoint(profileByName(profile), ctx, { beta }).tokPerW,
      p5: stat(row, "tok_per_w", "p5"), p50: stat(row, "tok_per_w", "p50"), p95: stat(row, "tok_per_w", "p95"),
    };
  });
}

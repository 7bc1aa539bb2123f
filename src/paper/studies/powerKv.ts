// Study 1 (docs/model.md §11.1): power that rises with the per-sequence KV footprint,
// P'(n, ctx) = P(n) · kvPowerFactor(beta, ctx) (src/model/power.ts), and the exponent alpha of tok/W ∝ ctx^-alpha.
// beta is swept over a grid of nominal values and is itself uncertain around each (a
// relative factor per GPU); the power factor and the B200 projection's throughput
// uncertainty widen the tok/W bands (a constant power factor cannot move alpha).
import { B200_PROJECTION_UNCERTAINTY, POWER_CURVE_UNCERTAINTY } from "../../model/index.ts";
import { defineSweep, log2Range, plusMinus, profiles, type BuiltinUncertain, type Distribution, type SingleGpuTarget, type SweepDefinition } from "../../sweep/index.ts";
import { ALPHA_RANGES, alphaMetric } from "./alpha.ts";
import { B200_V1, B200_V2, H100 } from "./profiles.ts";

export interface PowerKvOptions {
  profiles: readonly string[];
  /** nominal KV-power slopes */
  betas: readonly number[];
  /** relative uncertainty of beta: beta = nominal × draw (per GPU, the same at every ctx of a sample) */
  betaFactor: Distribution;
  /** power factor per GPU type (scales the whole power curve) */
  powerFactor: Distribution;
  /** B200 projection: its W and H, each scaled by an independent draw */
  b200Factor: Distribution;
  samples: number;
  seed: number;
}

/** beta = 0, 0.025, ..., 0.20 */
export const PAPER_BETAS = Array.from({ length: 9 }, (_, i) => i / 40);

export const POWER_KV_DEFAULTS: PowerKvOptions = {
  profiles: [H100, B200_V1, B200_V2],
  betas: PAPER_BETAS,
  betaFactor: plusMinus(0.5),
  powerFactor: plusMinus(POWER_CURVE_UNCERTAINTY),
  b200Factor: plusMinus(B200_PROJECTION_UNCERTAINTY),
  samples: 3000,
  seed: 11,
};

export function powerKvSweep(options: Partial<PowerKvOptions> = {}): SweepDefinition {
  const o = { ...POWER_KV_DEFAULTS, ...options };
  const b200 = o.profiles.filter((p) => p === B200_V1 || p === B200_V2);
  const uncertain: Record<string, BuiltinUncertain<"singleGpu", "profile">> = {
    beta_factor: { target: "beta", dist: o.betaFactor, vary: "perGpu", apply: "scale" },
    power_factor: { target: "power_scale", dist: o.powerFactor, vary: "perGpu" },
  };
  const onB200 = (target: SingleGpuTarget) => ({ target, dist: o.b200Factor, vary: "perGpu" as const, where: { profile: b200 } });
  if (b200.length > 0) Object.assign(uncertain, { b200_w: onB200("w"), b200_h: onB200("h") });
  return defineSweep({
    name: "referee-power-kv",
    grid: { ctx: log2Range(2048, 131072), profile: profiles(...o.profiles), beta: [...o.betas] },
    uncertain,
    samples: o.samples,
    method: "latinHypercube",
    seed: o.seed,
    metrics: ["n_max", "power_w", "tok_per_w"],
    derived: Object.fromEntries(ALPHA_RANGES.map((r) => [r.name, alphaMetric(r.from, r.to)])),
  });
}

// Study 4: which uncertain input drives each result's variance (Sobol' indices, Saltelli's
// design on a scrambled Sobol' sequence). Two sweeps, as the evaluators differ:
// - the gains of Table 3 (fleet evaluator) with respect to every uncertain input of the
//   Monte Carlo study: the power factor per GPU (one input per GPU), and the B200
//   projection's W, H and power, all at once (the "latency+power" reading);
// - the exponent alpha (single-GPU kernel) with respect to beta and the power factor, each
//   drawn per GPU, and the B200 projection's W and H.
import { B200_PROJECTION_UNCERTAINTY, POWER_CURVE_UNCERTAINTY } from "../../model/index.ts";
import {
  defineSweep, log2Range, plusMinus, profiles, topologies, uniform, workloads, type Distribution, type FleetTarget, type SingleGpuTarget,
  type SweepDefinition,
} from "../../sweep/index.ts";
import { ALPHA_RANGES, alphaMetric } from "./alpha.ts";
import { GAIN_METRICS } from "./monteCarlo.ts";
import { B200_V1, H100 } from "./profiles.ts";

export interface SensitivityStudyOptions {
  /** base samples N: N (k + 2) evaluations per grid point */
  baseSamples: number;
  powerFactor: Distribution;
  b200Factor: Distribution;
  /** the KV-power slope, drawn per GPU (alpha study) */
  beta: Distribution;
  workloads: readonly string[];
  seed: number;
}

export const SENSITIVITY_DEFAULTS: SensitivityStudyOptions = {
  baseSamples: 8192,
  powerFactor: plusMinus(POWER_CURVE_UNCERTAINTY),
  b200Factor: plusMinus(B200_PROJECTION_UNCERTAINTY),
  beta: uniform(0, 0.2),
  workloads: ["azure", "lmsys_multiturn"],
  seed: 42,
};

export const GAINS = ["combined_gain", "routing_gain", "generation_gain"] as const;

/** Sobol' indices of Table 3's gains (homo and FleetOpt: the topologies the gains compare). */
export function sensitivitySweep(options: Partial<SensitivityStudyOptions> = {}): SweepDefinition {
  const o = { ...SENSITIVITY_DEFAULTS, ...options };
  const onB200 = (target: FleetTarget) => ({ target, dist: o.b200Factor, where: { gpu: B200_V1 } });
  return defineSweep({
    name: "referee-sensitivity",
    evaluator: "fleet",
    grid: { workload: workloads(...o.workloads), gpu: profiles(H100, B200_V1), topology: topologies("homo", "fleetopt") },
    uncertain: {
      power_factor: { target: "power_scale", dist: o.powerFactor, vary: "perGpu" },
      b200_w: onB200("w"),
      b200_h: onB200("h"),
      b200_power: onB200("power_scale"),
    },
    method: "sobol",
    samples: o.baseSamples,
    seed: o.seed,
    metrics: ["tok_per_w"],
    derived: Object.fromEntries(GAINS.map((g) => [g, GAIN_METRICS[g]])),
    sensitivity: { metrics: [...GAINS] },
  });
}

/** Sobol' indices of alpha over both fit ranges, for H100 and the projected B200. */
export function alphaSensitivitySweep(options: Partial<SensitivityStudyOptions> = {}): SweepDefinition {
  const o = { ...SENSITIVITY_DEFAULTS, ...options };
  const onB200 = (target: SingleGpuTarget) => ({ target, dist: o.b200Factor, where: { profile: B200_V1 } });
  return defineSweep({
    name: "referee-sensitivity-alpha",
    grid: { ctx: log2Range(2048, 131072), profile: profiles(H100, B200_V1) },
    uncertain: {
      beta: { target: "beta", dist: o.beta, vary: "perGpu", apply: "set" },
      power_factor: { target: "power_scale", dist: o.powerFactor, vary: "perGpu" },
      b200_w: onB200("w"),
      b200_h: onB200("h"),
    },
    method: "sobol",
    samples: o.baseSamples,
    seed: o.seed,
    metrics: ["tok_per_w"],
    derived: Object.fromEntries(ALPHA_RANGES.map((r) => [r.name, alphaMetric(r.from, r.to)])),
    sensitivity: { metrics: ALPHA_RANGES.map((r) => r.name) },
  });
}

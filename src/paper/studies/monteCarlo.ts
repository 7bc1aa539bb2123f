// Study 2 (docs/model.md §11.2): Table 3 under the power factor per GPU type and the B200
// projection's uncertainty, every fleet re-sized in every sample (the fleet evaluator).
// Two label dimensions make the modelling choices explicit and reported side by side:
// - correlation: the power factors of H100 and B200 drawn independently, or one shared draw;
// - b200: what "B200 uncertainty" perturbs: "latency" (the projected W and H, each by its
//   own draw: GPU counts change), "power" (the B200 power curve on top of its power
//   factor), or "latency+power".
import { B200_PROJECTION_UNCERTAINTY, B200_READINGS, POWER_CURVE_UNCERTAINTY, type B200Reading } from "../../model/index.ts";
import {
  defineSweep, plusMinus, profiles, ratio, topologies, workloads, type BuiltinUncertain, type Distribution, type FleetMetric, type FleetTarget,
  type GridDerivedMetric, type SweepDefinition,
} from "../../sweep/index.ts";
import { B200_V1, H100 } from "./profiles.ts";

export const CORRELATIONS = ["independent", "shared"] as const;
export type Correlation = (typeof CORRELATIONS)[number];

export interface MonteCarloOptions {
  powerFactor: Distribution;
  b200Factor: Distribution;
  correlations: readonly Correlation[];
  readings: readonly B200Reading[];
  workloads: readonly string[];
  samples: number;
  seed: number;
  /** the utilisation cap as an uncertain input (default: the paper's 0.85, fixed) */
  maxUtilisation?: Distribution;
}

export const MONTE_CARLO_DEFAULTS: MonteCarloOptions = {
  powerFactor: plusMinus(POWER_CURVE_UNCERTAINTY),
  b200Factor: plusMinus(B200_PROJECTION_UNCERTAINTY),
  correlations: CORRELATIONS,
  readings: ["latency", "power"],
  workloads: ["azure", "lmsys_multiturn"],
  samples: 20000,
  seed: 42,
};

/** Routing beats generation in a sample: H100 FleetOpt/Homo > B200/H100 on Homo, i.e. H100 FleetOpt out-yields B200 Homo. */
export const routingDominant: GridDerivedMetric<"gpu" | "topology", FleetMetric> = {
  across: ["gpu", "topology"],
  unit: "1",
  value: (cell) => (cell({ gpu: H100, topology: "fleetopt" }).tok_per_w > cell({ gpu: B200_V1, topology: "homo" }).tok_per_w ? 1 : 0),
};

/** Per-sample gains of Table 3 (docs/model.md §10); routing and generation are per GPU and per topology. */
export const GAIN_METRICS = {
  routing_gain: ratio("tok_per_w", { topology: "fleetopt" }, { topology: "homo" }),
  generation_gain: ratio("tok_per_w", { gpu: B200_V1 }, { gpu: H100 }),
  combined_gain: ratio("tok_per_w", { gpu: B200_V1, topology: "fleetopt" }, { gpu: H100, topology: "homo" }),
};

export function monteCarloSweep(options: Partial<MonteCarloOptions> = {}): SweepDefinition {
  const o = { ...MONTE_CARLO_DEFAULTS, ...options };
  const uncertain: Record<string, BuiltinUncertain<"fleet", "correlation" | "b200" | "gpu">> = {};
  const power = (c: Correlation): BuiltinUncertain<"fleet", "correlation"> =>
    ({ target: "power_scale", dist: o.powerFactor, vary: c === "shared" ? "shared" : "perGpu", where: { correlation: c } });
  for (const c of o.correlations) uncertain[`power_factor_${c}`] = power(c);
  // The B200 draws are shared streams: every correlation and reading sees the same B200 sample.
  const on = (target: string) => o.readings.filter((r) => (B200_READINGS[r] as readonly string[]).includes(target));
  const latency = on("w");
  const b200Power = on("power_scale");
  const b200 = (target: FleetTarget, readings: B200Reading[]): BuiltinUncertain<"fleet", "gpu" | "b200"> =>
    ({ target, dist: o.b200Factor, where: { gpu: B200_V1, b200: readings } });
  if (latency.length > 0) Object.assign(uncertain, { b200_w: b200("w", latency), b200_h: b200("h", latency) });
  if (b200Power.length > 0) uncertain.b200_power = b200("power_scale", b200Power);
  if (o.maxUtilisation) uncertain.max_utilisation = { target: "max_utilisation", dist: o.maxUtilisation };
  return defineSweep({
    name: "referee-montecarlo",
    evaluator: "fleet",
    grid: {
      correlation: [...o.correlations],
      b200: [...o.readings],
      workload: workloads(...o.workloads),
      gpu: profiles(H100, B200_V1),
      topology: topologies("homo", "pool", "fleetopt"),
    },
    uncertain,
    samples: o.samples,
    method: "latinHypercube",
    seed: o.seed,
    metrics: ["tok_per_w", "power_kw", "gpus", "slo_met"],
    derived: { ...GAIN_METRICS, routing_dominant: routingDominant },
  });
}

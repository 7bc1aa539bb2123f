// Study 3 (docs/model.md §11.3): the paper's own Monte Carlo noise. Table 3 with the 3000-draw
// CPython reference sampler at every seed of a range (the paper used 42); nothing else
// varies. The seed is a grid dimension, so each seed is one point, one sample.
import { defineSweep, profiles, range, topologies, workloads, type SweepDefinition } from "../../sweep/index.ts";
import { GAIN_METRICS } from "./monteCarlo.ts";
import { B200_V1, H100 } from "./profiles.ts";

export interface SamplerNoiseOptions {
  /** first and last seed, inclusive */
  seeds: readonly [number, number];
  workloads: readonly string[];
}

export const SAMPLER_NOISE_DEFAULTS: SamplerNoiseOptions = { seeds: [0, 199], workloads: ["azure", "lmsys_multiturn"] };

export function samplerNoiseSweep(options: Partial<SamplerNoiseOptions> = {}): SweepDefinition {
  const o = { ...SAMPLER_NOISE_DEFAULTS, ...options };
  return defineSweep({
    name: "sampler-noise",
    evaluator: "fleet",
    grid: {
      sampler_seed: range(o.seeds[0], o.seeds[1]),
      workload: workloads(...o.workloads),
      gpu: profiles(H100, B200_V1),
      topology: topologies("homo", "pool", "fleetopt"),
    },
    metrics: ["tok_per_w", "power_kw", "gpus"],
    derived: GAIN_METRICS,
  });
}

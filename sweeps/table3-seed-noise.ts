// Table 3's seed noise (docs/model.md §11.3): the paper's 3000-draw reference sampler with a
// different CPython seed in every sample, nothing else perturbed — a band on every cell.
import { defineSweep, profiles, ratio, topologies, uniform, workloads } from "wattsweep";

export default defineSweep({
  name: "table3-seed-noise",
  evaluator: "fleet",
  grid: {
    workload: workloads("azure", "lmsys_multiturn"),
    gpu: profiles("h100-80gb", "b200-projected"),
    topology: topologies("homo", "pool", "fleetopt"),
  },
  uncertain: {
    seed: { target: "sampler_seed", dist: uniform(0, 2 ** 31) },
  },
  samples: 200,
  seed: 1,
  derived: {
    combined_gain: ratio("tok_per_w", { gpu: "b200-projected", topology: "fleetopt" }, { gpu: "h100-80gb", topology: "homo" }),
  },
});

// Table 3 with error bars (docs/model.md §11.2): every sample re-sizes each fleet with the power
// factor ±15 % (independent per GPU) and the B200 projection's ±20 % (FAIR, §6), exact
// length moments. Derived per sample: routing gain (FleetOpt/Homo per GPU), generation gain
// (B200/H100 per topology), combined gain (B200 FleetOpt / H100 Homo), and whether routing
// beats generation (H100 routing gain > Homo generation gain; its mean is the fraction).
import { defineSweep, plusMinus, profiles, ratio, topologies, workloads } from "wattsweep";

const H100 = "h100-80gb";
const B200 = "b200-projected";

export default defineSweep({
  name: "table3-bands",
  evaluator: "fleet",
  grid: {
    workload: workloads("azure", "lmsys_multiturn"),
    gpu: profiles(H100, B200),
    topology: topologies("homo", "pool", "fleetopt"),
  },
  uncertain: {
    power_factor: { target: "power_scale", dist: plusMinus(0.15), vary: "perGpu" },
    b200_power: { target: "power_scale", dist: plusMinus(0.2), where: { gpu: B200 } },
  },
  samples: 2000,
  method: "latinHypercube",
  seed: 42,
  derived: {
    routing_gain: ratio("tok_per_w", { topology: "fleetopt" }, { topology: "homo" }),
    generation_gain: ratio("tok_per_w", { gpu: B200 }, { gpu: H100 }),
    combined_gain: ratio("tok_per_w", { gpu: B200, topology: "fleetopt" }, { gpu: H100, topology: "homo" }),
    routing_beats_generation: {
      across: ["gpu", "topology"],
      unit: "1",
      value: (cell) => {
        const homo = cell({ gpu: H100, topology: "homo" }).tok_per_w;
        const routing = cell({ gpu: H100, topology: "fleetopt" }).tok_per_w / homo;
        const generation = cell({ gpu: B200, topology: "homo" }).tok_per_w / homo;
        return routing > generation ? 1 : 0;
      },
    },
  },
});

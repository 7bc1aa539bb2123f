// Table 1 with error bars: tok/W by context window for H100 and the projected B200, with the
// referee's power uncertainty (±15 %, drawn independently per GPU) and the B200 projection's
// own ±20 % (FAIR quality, docs/model.md §6). `wattsweep run sweeps/table1-bands.ts --out results/t1`
import { defineSweep, log2Range, plusMinus, profiles, ratio } from "wattsweep";

export default defineSweep({
  name: "table1-bands",
  grid: {
    ctx: log2Range(2048, 131072),
    gpu: profiles("h100-80gb", "b200-projected"),
  },
  uncertain: {
    power_factor: { target: "power_scale", dist: plusMinus(0.15), vary: "perGpu" },
    b200_power: { target: "power_scale", dist: plusMinus(0.2), where: { gpu: "b200-projected" } },
  },
  samples: 10000,
  method: "latinHypercube",
  seed: 42,
  derived: {
    generation_gain: ratio("tok_per_w", { gpu: "b200-projected" }, { gpu: "h100-80gb" }),
  },
});

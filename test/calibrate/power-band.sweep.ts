// A band sweep for `validate --band-sweep` tests: the H100 profile with only its power curve
// uncertain (×U(0.8, 1.2), one shared draw), so the p5…p95 of power at any concurrency is
// 0.82…1.18 times the model's and tok/s has no band.
import { defineSweep, log2Range, plusMinus, profiles } from "../../src/index.ts";

export default defineSweep({
  name: "h100-power-band",
  grid: { ctx: log2Range(2048, 131072), gpu: profiles("h100-80gb") },
  uncertain: { power_factor: { target: "power_scale", dist: plusMinus(0.2), vary: "shared" } },
  samples: 2000,
  method: "latinHypercube",
  seed: 3,
});

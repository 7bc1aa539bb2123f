// A band sweep for `validate --band-sweep`: the projected B200 over the measured context
// windows with the projection's ±20 % on power and ±20 % on W and H, each drawn uniformly.
import { defineSweep, log2Range, plusMinus, profiles } from "../../src/index.ts";

export default defineSweep({
  name: "b200-validate-band",
  grid: { ctx: log2Range(2048, 131072), gpu: profiles("b200-projected") },
  uncertain: {
    power_factor: { target: "power_scale", dist: plusMinus(0.2), vary: "shared" },
    w_factor: { target: "w", dist: plusMinus(0.2), vary: "shared" },
    h_factor: { target: "h", dist: plusMinus(0.2), vary: "shared" },
  },
  samples: 2000,
  method: "latinHypercube",
  seed: 7,
});

// p5…p95 of a band sweep at a concurrency of our choosing. A sweep evaluates each context at
// its own n_max; a measurement ran at the server's concurrency, so comparing like with like
// means re-running the sweep's samples (the same draws, the same kernel) with n forced.
import { InputError } from "../errors.ts";
import { allocateColumns, evaluateSingleGpu, kernelInputOf, KERNEL_INPUTS, KERNEL_OUTPUTS, setProfileRow } from "../kernel/index.ts";
import type { Profile } from "../model/index.ts";
import { BAND_STATS, bandStats } from "../stats/bands.ts";
import { coord } from "../plan/index.ts";
import { fillDraws } from "../sample/draws.ts";
import { bandPoint, loadBandPlan } from "./sweepBand.ts";
import type { Bands, SweepBandFn } from "./sweepValidation.ts";

const P5 = BAND_STATS.indexOf("p5");
const P95 = BAND_STATS.indexOf("p95");

function p5p95(values: Float64Array): [number, number] {
  const out = new Float64Array(BAND_STATS.length);
  bandStats(values, out, 0);
  return [out[P5], out[P95]];
}

export interface SweepBandAtN {
  band: SweepBandFn;
  profileName: string;
  samples: number;
}

/**
 * For context ctx (a value of the sweep's ctx grid) and concurrency n: every sample's inputs
 * as the sweep's runner builds them (profile, numeric dimensions, then each draw scales or
 * sets its target), after which the slot rule is pinned to give exactly n sequences; the
 * kernel then evaluates tok/s, power and tok/W, and their p5 and p95 are the band.
 */
export async function loadSweepBandAtN(file: string, profile: Profile): Promise<SweepBandAtN> {
  const b = await loadBandPlan(file, profile);
  const { plan } = b;
  const base = b.profile;
  // A k = 0 power curve is linear in n / maxSlots, and pinning n goes through maxSlots.
  if (base.power.kind === "logistic" && base.power.k === 0) {
    throw new InputError(`${b.where}: profile ${base.name} has a linear (k = 0) power curve; bands at a given concurrency need k > 0`);
  }
  const S = plan.samples;
  const band: SweepBandFn = (ctx, n, line) => {
    const p = bandPoint(b, ctx, line);
    const inputs = allocateColumns(KERNEL_INPUTS, S);
    const one = allocateColumns(KERNEL_INPUTS, 1);
    setProfileRow(one, 0, base);
    one.powerScale[0] = 1;
    plan.dims.forEach((d, i) => {
      const input = d.kind === "number" ? kernelInputOf(d.name) : undefined;
      if (input !== undefined) one[input][0] = d.values[coord(plan, p, i)] as number;
    });
    for (const name of KERNEL_INPUTS) inputs[name].fill(one[name][0]);
    const draw = new Float64Array(S);
    plan.perturbations.forEach((u, j) => {
      fillDraws(plan, j, p, p + 1, draw);
      const col = inputs[kernelInputOf(u.target)!];
      for (let s = 0; s < S; s++) {
        if (Number.isNaN(draw[s])) continue;
        col[s] = u.apply === "scale" ? col[s] * draw[s] : draw[s];
      }
    });
    // computed slot rule, unbounded KV, cap n: the kernel then runs exactly n sequences
    inputs.slotRule.fill(1);
    inputs.kvBlocks.fill(Number.MAX_SAFE_INTEGER);
    inputs.maxSlots.fill(n);
    const out = allocateColumns(KERNEL_OUTPUTS, S);
    evaluateSingleGpu(inputs, out);
    const bands: Bands = { tok_per_w: p5p95(out.tokPerW), tok_s: p5p95(out.tokS), power_w: p5p95(out.power) };
    return bands;
  };
  return { band, profileName: b.profileName, samples: S };
}

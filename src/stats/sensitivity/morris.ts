// Morris screening measures from outputs on a Morris design (src/sample/morris.ts gives the row
// order). Step s of trajectory t moves input i = order[s-1] by direction_i * delta, so its
// elementary effect is EE = (y_s - y_{s-1}) / (direction_i * delta), per unit of the input's
// quantile scale. Per input over the r trajectories: mu = mean EE, mu* = mean |EE| (Campolongo
// et al. 2007, robust to effects of both signs), sigma = sample standard deviation of EE.
// mu* gets a percentile interval from a bootstrap over whole trajectories.
import { badInput } from "../../errors.ts";
import { morrisTrajectory, type MorrisDesign } from "../../sample/morris.ts";
import { checkBootstrap, percentileEstimate, resampleCounts, type BootstrapOptions, type Estimate } from "./bootstrap.ts";
import { weightedSums } from "./weightedSums.ts";

export interface MorrisIndices {
  readonly inputs: number;
  readonly trajectories: number;
  readonly mu: Float64Array;
  readonly muStar: Estimate;
  readonly sigma: Float64Array;
  /** Elementary effects, trajectory-major: effects[t * k + i]. */
  readonly effects: Float64Array;
}

const BOOTSTRAP_STREAM = 0x404415;
const WHERE = "morris indices";

/** The r x k elementary effects of outputs y on the design. */
export function elementaryEffects(y: Float64Array, design: MorrisDesign): Float64Array {
  const k = design.inputs;
  if (y.length !== design.rows) badInput(WHERE, "outputs", y.length, `expected ${design.rows} (${design.trajectories} trajectories x ${k + 1})`);
  for (let r = 0; r < y.length; r++) if (!Number.isFinite(y[r])) badInput(WHERE, `output of row ${r}`, y[r], "must be a finite number");
  const effects = new Float64Array(design.trajectories * k);
  for (let t = 0; t < design.trajectories; t++) {
    const { order, direction } = morrisTrajectory(design, t);
    const o = t * (k + 1);
    for (let s = 1; s <= k; s++) {
      const i = order[s - 1];
      effects[t * k + i] = (y[o + s] - y[o + s - 1]) / (direction[i] * design.delta);
    }
  }
  return effects;
}

/** mean |EE| per input, trajectory t counted w[t] times, into `out`, from |EE| input-major (absolute[i * r + t]). */
function meanAbsolute(absolute: Float64Array, k: number, w: Float64Array, r: number, out: Float64Array): Float64Array {
  weightedSums(w, absolute, 0, k, r, out, 0);
  for (let i = 0; i < k; i++) out[i] /= r;
  return out;
}

/** mu, mu* (with a bootstrap percentile interval) and sigma per input. */
export function morrisIndices(y: Float64Array, design: MorrisDesign, options: BootstrapOptions): MorrisIndices {
  const boot = checkBootstrap(options, WHERE);
  const effects = elementaryEffects(y, design);
  const k = design.inputs;
  const r = design.trajectories;
  const mu = new Float64Array(k);
  const sigma = new Float64Array(k);
  for (let t = 0; t < r; t++) for (let i = 0; i < k; i++) mu[i] += effects[t * k + i] / r;
  for (let t = 0; t < r; t++) for (let i = 0; i < k; i++) sigma[i] += (effects[t * k + i] - mu[i]) ** 2 / (r - 1);
  for (let i = 0; i < k; i++) sigma[i] = Math.sqrt(sigma[i]);
  const absolute = new Float64Array(k * r);
  for (let t = 0; t < r; t++) for (let i = 0; i < k; i++) absolute[i * r + t] = Math.abs(effects[t * k + i]);
  const replicates = new Float64Array(boot.resamples * k);
  const counts = new Float64Array(r);
  const tally = new Int32Array(r);
  for (let b = 0; b < boot.resamples; b++) {
    meanAbsolute(absolute, k, resampleCounts(boot, BOOTSTRAP_STREAM, b, r, counts, tally), r, replicates.subarray(b * k, (b + 1) * k));
  }
  const once = new Float64Array(r).fill(1);
  const muStar = percentileEstimate(meanAbsolute(absolute, k, once, r, new Float64Array(k)), replicates, boot.confidence);
  return { inputs: k, trajectories: r, mu, muStar, sigma, effects };
}

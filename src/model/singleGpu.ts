import { kvPowerFactor } from "./power.ts";
import { iterLatency, nSlots, powerAt, type Profile } from "./profile.ts";

/** A serving instance at its full batch for context window ctx (Table 1's cell). */
export interface SingleGpuPoint {
  nMax: number;
  iter: number;
  tokS: number;
  power: number;
  tokPerW: number;
}

export interface PowerPerturbation {
  /** multiplies the whole power curve (the referee's ±15 %) */
  powerScale?: number;
  /** KV-correlated slope: power grows by beta at ctx = BETA_REFERENCE_CTX (docs/model.md §3) */
  beta?: number;
}

/** Scalar form of the kernel: n = nSlots(ctx), latency at mean KV length ctx // 2. */
export function singleGpuPoint(p: Profile, ctx: number, perturb: PowerPerturbation = {}): SingleGpuPoint {
  const { powerScale = 1, beta = 0 } = perturb;
  const n = nSlots(p, ctx);
  const iter = iterLatency(p, n, Math.floor(ctx / 2));
  const tokS = n > 0 ? n / iter : 0;
  const power = powerAt(p, n, Math.floor(ctx / 2)) * powerScale * kvPowerFactor(beta, ctx);
  return { nMax: n, iter, tokS, power, tokPerW: tokS / power };
}

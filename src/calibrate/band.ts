import { iterLatency, powerAt, type PowerModel, type Profile } from "../model/index.ts";
import { maxOf, minOf } from "../numeric/extent.ts";

/**
 * Relative half-widths of a projection's claimed uncertainty: `power` scales the power
 * curve's levels (P_idle and P_nom, or the TDP of a computed model), `throughput` the
 * latency terms W and H (and C when the profile has one). The paper claims ±20 % for its projected B200 power.
 */
export interface Uncertainty {
  power: number;
  throughput: number;
}

function scaledPower(pw: PowerModel, f: number): PowerModel {
  return pw.kind === "logistic" ? { ...pw, pIdle: pw.pIdle * f, pNom: pw.pNom * f } : { ...pw, tdp: pw.tdp * f };
}

/**
 * The profile at every corner of the uncertainty box (and the nominal one). Power rises
 * with each of P_idle, P_nom and the TDP, and tok/s falls with each of W and H, so the
 * extremes over the box lie on its corners: min/max over these profiles is the exact band.
 */
export function cornerProfiles(p: Profile, u: Uncertainty): Profile[] {
  const out: Profile[] = [p];
  const factors = [1 - u.throughput, 1 + u.throughput];
  for (const fp of [1 - u.power, 1 + u.power]) {
    for (const fw of factors) {
      for (const fh of factors) {
        // the optional per-sequence term is a latency term too: its own corners when present
        for (const fc of p.C ? factors : [1]) {
          out.push({ ...p, W: p.W * fw, H: p.H * fh, ...(p.C ? { C: p.C * fc } : {}), power: scaledPower(p.power, fp) });
        }
      }
    }
  }
  return out;
}

export type Quantity = "power_w" | "tok_s";

/** A measured value of one quantity at batch n (and, for sweeps, context window ctx). */
export interface MeasuredPoint {
  line: number;
  quantity: Quantity;
  batch: number;
  /** 0 for power-vs-batch files */
  context: number;
  measured: number;
}

/** The model's value of a quantity; sweep points are at mean KV length ctx//2 (docs/model.md §7). */
export function modelValue(p: Profile, q: MeasuredPoint): number {
  const lbar = q.context > 0 ? Math.floor(q.context / 2) : undefined;
  if (q.quantity === "power_w") return powerAt(p, q.batch, lbar);
  return q.batch / iterLatency(p, q.batch, lbar);
}

/** The band [lo, hi] the model allows for a measured point. */
export type BandFn = (q: MeasuredPoint) => [number, number];

/** The band from the corners of the uncertainty box around profile p. */
export function cornerBand(p: Profile, u: Uncertainty): BandFn {
  const corners = cornerProfiles(p, u);
  return (q) => bandOf(corners, (c) => modelValue(c, q));
}

/** [min, max] of `value` over the corner profiles. */
export function bandOf(corners: readonly Profile[], value: (p: Profile) => number): [number, number] {
  const v = corners.map(value);
  return [minOf(v), maxOf(v)];
}

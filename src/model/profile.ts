import { InputError } from "../errors.ts";
import { computedPower, logisticPower, type PowerModel } from "./power.ts";
import { ceilDiv, floorDiv } from "./pymath.ts";

/**
 * What every command needs to know about one serving instance. `slotRule` says how the
 * concurrent-sequence limit is derived: "manual" profiles cap by maxSlots scaled with
 * Lcal/ctx (§2), "computed" ones by KV blocks alone with an optional hard cap (§5).
 */
export interface Profile {
  name: string;
  slotRule: "manual" | "computed";
  /** seconds of weight streaming per decode iteration */
  W: number;
  /** seconds per sequence per iteration at KV length Lcal */
  H: number;
  /**
   * Optional extension (docs/measurements.md): seconds per sequence per iteration that do not grow
   * with the KV length (the compute of each sequence's token), so iter = W + (H·Lbar/Lcal + C)·n.
   * Absent or 0 in the paper's model; `calibrate --iteration-model per-sequence` fits it.
   */
  C?: number;
  Lcal: number;
  chunk: number;
  blk: number;
  kvBlocks: number;
  maxSlots: number;
  costPerHour: number;
  power: PowerModel;
}

/** Concurrent sequences that fit at serving context window `ctx`. */
export function nSlots(p: Profile, ctx: number): number {
  const byKv = floorDiv(p.kvBlocks, ceilDiv(ctx, p.blk));
  if (p.slotRule === "manual") {
    return Math.min(floorDiv(p.maxSlots * p.Lcal, Math.max(ctx, 1)), byKv);
  }
  const n = Math.max(1, byKv);
  return p.maxSlots > 0 ? Math.min(n, p.maxSlots) : n;
}

/** Seconds per decode iteration with n sequences of mean KV length Lbar (default Lcal). */
export function iterLatency(p: Profile, n: number, Lbar?: number): number {
  const h = Lbar === undefined ? p.H : p.H * (Lbar / p.Lcal);
  // with C absent this adds +0, which leaves every value of the paper's model bit for bit
  return p.W + h * n + (p.C ?? 0) * n;
}

/** Seconds one request occupies a slot: chunked prefill plus decode, at the full batch. */
export function serviceTime(p: Profile, lin: number, lout: number, ctx: number): number {
  return (ceilDiv(lin, p.chunk) + lout) * iterLatency(p, nSlots(p, ctx), lin + lout);
}

/**
 * Per-GPU power in watts with n sequences in flight. `Lm` is the mean KV length the
 * computed power model assumes (default: the profile's calibration length).
 */
export function powerAt(p: Profile, n: number, Lm?: number): number {
  const pw = p.power;
  if (pw.kind === "computed") return computedPower(pw, p.W, (p.H * (Lm ?? p.Lcal)) / p.Lcal, n, p.C ?? 0);
  if (pw.pIdle <= 0 || pw.pNom <= 0) {
    throw new InputError(`profile ${p.name} has no power model (P_idle = ${pw.pIdle}, P_nom = ${pw.pNom})`);
  }
  return logisticPower(pw, n, p.maxSlots);
}

import { lookup } from "../errors.ts";
import { MODELS, type ModelSpec } from "./architecture.ts";
import { computedProfile } from "./computed.ts";
import { GPUS, type GpuSpec } from "./hardware.ts";
import { BUSY_TDP_FRACTION, IDLE_TDP_FRACTION, type LogisticPower } from "./power.ts";
import type { Profile } from "./profile.ts";
import { int } from "./pymath.ts";

/** A manual profile's calibrated numbers; the rest (Lcal 8192, block 16) is common to all three. */
interface ManualEntry {
  name: string;
  /** s of weight streaming per decode iteration */
  W: number;
  /** s per sequence per iteration at KV length Lcal */
  H: number;
  /** prefill chunk, tokens */
  chunk: number;
  /** KV blocks of 16 tokens on the instance */
  kvBlocks: number;
  /** concurrent sequences at Lcal */
  maxSlots: number;
  /** $ per instance-hour */
  costPerHour: number;
  /** W per GPU, idle and saturated; k per doubling of the batch; x0 in log2(batch) */
  power: { pIdle: number; pNom: number; k: number; x0: number };
  /** where the numbers come from */
  source: string;
}

function manual(e: ManualEntry): Profile {
  return {
    name: e.name, slotRule: "manual", W: e.W, H: e.H, Lcal: 8192, chunk: e.chunk, blk: 16, kvBlocks: e.kvBlocks,
    maxSlots: e.maxSlots, costPerHour: e.costPerHour, power: { kind: "logistic", ...e.power },
  };
}

const CALIBRATED = "the paper's calibrated profile (docs/model.md §2), as in the reference planner";

/** Empirically calibrated profiles (docs/model.md §2): Llama-3.1-70B TP8 on H100/A100, 7B class on A10G. */
export const MANUAL_PROFILES: Readonly<Record<string, Profile>> = {
  "h100-80gb": manual({
    name: "H100-80GB", W: 0.004, H: 0.00032, chunk: 1024, kvBlocks: 65536, maxSlots: 256, costPerHour: 4.02,
    power: { pIdle: 300, pNom: 600, k: 1.0, x0: 4.2 }, source: CALIBRATED,
  }),
  "a100-80gb": manual({
    name: "A100-80GB", W: 0.008, H: 0.00065, chunk: 512, kvBlocks: 65536, maxSlots: 128, costPerHour: 2.21,
    power: { pIdle: 175, pNom: 385, k: 1.0, x0: 2.5 }, source: CALIBRATED,
  }),
  a10g: manual({
    name: "A10G", W: 0.012, H: 0.0009, chunk: 256, kvBlocks: 32768, maxSlots: 64, costPerHour: 1.01,
    power: { pIdle: 75, pNom: 120, k: 0.7, x0: 3.0 }, source: CALIBRATED,
  }),
};

/** How trustworthy each manual profile's power curve is. */
export const POWER_QUALITY: Readonly<Record<string, string>> = {
  "h100-80gb": "HIGH", "a100-80gb": "FAIR", a10g: "LOW", "h200-computed": "first-principles (uncalibrated)",
};

export type PaperRevision = "v1" | "v2";

/** The paper's serving setup for its B200 projection: Llama-3.1-70B, TP8, fp16, meanCtx 4096. */
export const PAPER_SERVING = { tp: 8, dtype: 2, meanCtx: 4096, blk: 16 };

/** v2's B200 power, anchored to one measured serving point at batch 1 (docs/model.md §6). */
export function b200MeasuredPower(): LogisticPower {
  const pIdle = 251.33;
  const pNom = 606.33;
  const f = (512.91 - pIdle) / (pNom - pIdle);
  return { kind: "logistic", pIdle, pNom, k: 1, x0: Math.log(1 / f - 1) };
}

/** KV capacity of a B200 TP8 instance relative to H100 for Llama-3.1-70B. */
export function b200KvRatio(): number {
  const model = MODELS["llama-3.1-70b"];
  return computedProfile(GPUS.b200, model, PAPER_SERVING).kvBlocks / computedProfile(GPUS.h100, model, PAPER_SERVING).kvBlocks;
}

/** The paper's B200 profile: v1 projected power (FAIR, ±20 %), v2 measured-anchor power. */
export function b200Profile(revision: PaperRevision): Profile {
  const W = computedProfile(GPUS.b200, MODELS["llama-3.1-70b"], PAPER_SERVING).W;
  const H = (0.00032 * 3.35e12) / 8.0e12;
  const R = b200KvRatio();
  const power: LogisticPower = revision === "v2"
    ? b200MeasuredPower()
    : { kind: "logistic", pIdle: IDLE_TDP_FRACTION * GPUS.b200.tdp, pNom: BUSY_TDP_FRACTION * GPUS.b200.tdp, k: 1, x0: Math.log2(W / H) };
  return {
    name: revision === "v2" ? "B200-SXM-measured-anchor" : "B200-SXM-projected",
    slotRule: "manual", W, H, Lcal: 8192, chunk: 2048, blk: 16,
    kvBlocks: int(65536 * R), maxSlots: int(256 * R), costPerHour: 64.0, power,
  };
}

/** The referee's uncertainty of the projected B200 (FAIR): ±20 %, and of any GPU's power curve: ±15 %. */
export const B200_PROJECTION_UNCERTAINTY = 0.2;
export const POWER_CURVE_UNCERTAINTY = 0.15;

/**
 * What "the B200 projection is uncertain by ±20 %" perturbs, in each reading: the projected
 * speed (its W and H, so GPU counts change), its power curve, or both; the sweep targets
 * (`w`, `h`, `power_scale`) each reading scales.
 */
export const B200_READINGS = {
  latency: ["w", "h"],
  power: ["power_scale"],
  "latency+power": ["w", "h", "power_scale"],
} as const;
export type B200Reading = keyof typeof B200_READINGS;

/**
 * H200 has no calibrated profile: this is the first-principles one of the paper's Table 5 row
 * (docs/model.md §5 and §7: Llama-3.1-70B, TP8, fp16, meanCtx 4096, computed power from the
 * TDP), for comparing H200 measurements with what the model would predict.
 */
export function h200ComputedProfile(): Profile {
  return computedProfile(GPUS.h200, MODELS["llama-3.1-70b"], PAPER_SERVING);
}

/** Every named profile: the manual ones, the paper's B200 variants and the computed H200. */
export function namedProfiles(): Record<string, Profile> {
  return {
    ...MANUAL_PROFILES, "b200-projected": b200Profile("v1"), "b200-measured": b200Profile("v2"),
    "h200-computed": h200ComputedProfile(),
  };
}

export function profileByName(name: string): Profile {
  return lookup(namedProfiles(), name, "profile");
}

export function gpuByName(name: string): GpuSpec {
  return lookup(GPUS, name, "GPU");
}

export function modelByName(name: string): ModelSpec {
  return lookup(MODELS, name, "model");
}

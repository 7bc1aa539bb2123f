import { lookup } from "../errors.ts";
import { MODELS, type ModelSpec } from "./architecture.ts";
import { computedProfile } from "./computed.ts";
import { GPUS, type GpuSpec } from "./hardware.ts";
import type { LogisticPower, Profile } from "./profile.ts";
import { int } from "./pymath.ts";

function manual(name: string, W: number, H: number, chunk: number, kvBlocks: number, maxSlots: number,
  costPerHour: number, pIdle: number, pNom: number, k: number, x0: number): Profile {
  return {
    name, slotRule: "manual", W, H, Lcal: 8192, chunk, blk: 16, kvBlocks, maxSlots, costPerHour,
    power: { kind: "logistic", pIdle, pNom, k, x0 },
  };
}

/** Empirically calibrated profiles (MODEL.md §2): Llama-3.1-70B TP8 on H100/A100, 7B class on A10G. */
export const MANUAL_PROFILES: Readonly<Record<string, Profile>> = {
  "h100-80gb": manual("H100-80GB", 0.004, 0.00032, 1024, 65536, 256, 4.02, 300, 600, 1.0, 4.2),
  "a100-80gb": manual("A100-80GB", 0.008, 0.00065, 512, 65536, 128, 2.21, 175, 385, 1.0, 2.5),
  a10g: manual("A10G", 0.012, 0.0009, 256, 32768, 64, 1.01, 75, 120, 0.7, 3.0),
};

/** How trustworthy each manual profile's power curve is. */
export const POWER_QUALITY: Readonly<Record<string, string>> = {
  "h100-80gb": "HIGH", "a100-80gb": "FAIR", a10g: "LOW", "h200-computed": "first-principles (uncalibrated)",
};

export type PaperVersion = "v1" | "v2";

/** The paper's serving setup for its B200 projection: Llama-3.1-70B, TP8, fp16, meanCtx 4096. */
const PAPER_SERVING = { tp: 8, dtype: 2, meanCtx: 4096, blk: 16 };

/** v2's B200 power, anchored to one measured serving point at batch 1 (MODEL.md §6). */
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
export function b200Profile(version: PaperVersion): Profile {
  const W = computedProfile(GPUS.b200, MODELS["llama-3.1-70b"], PAPER_SERVING).W;
  const H = (0.00032 * 3.35e12) / 8.0e12;
  const R = b200KvRatio();
  const power: LogisticPower = version === "v2"
    ? b200MeasuredPower()
    : { kind: "logistic", pIdle: 0.43 * 1000, pNom: 0.86 * 1000, k: 1, x0: Math.log2(W / H) };
  return {
    name: version === "v2" ? "B200-SXM-measured-anchor" : "B200-SXM-projected",
    slotRule: "manual", W, H, Lcal: 8192, chunk: 2048, blk: 16,
    kvBlocks: int(65536 * R), maxSlots: int(256 * R), costPerHour: 64.0, power,
  };
}

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

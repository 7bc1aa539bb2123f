import { badInput } from "../errors.ts";
import { activeParamCount, headDim, isMoE, kvBytesPerToken, paramCount, type ModelSpec } from "./architecture.ts";
import { effectiveBandwidth, LAYER_OVERHEAD_S, NCCL_WORKSPACE, type GpuSpec } from "./hardware.ts";
import type { Profile } from "./profile.ts";
import { floorDiv, int } from "./pymath.ts";

/** How a model is served on a GPU type (docs/model.md §5). */
export interface ServingConfig {
  tp: number;
  /** bytes per weight and KV element: 2 fp16, 1 fp8, 0.5 int4 */
  dtype: number;
  chunk?: number;
  blk?: number;
  /** 0 = no cap on concurrent sequences */
  maxSlots?: number;
  /** representative KV length; becomes the profile's Lcal */
  meanCtx: number;
}

/** A first-principles profile, with the intermediate quantities it was built from. */
export interface ComputedProfile extends Profile {
  gpu: GpuSpec;
  model: ModelSpec;
  tp: number;
  dtype: number;
  paramCount: number;
  activeParamCount: number;
  kvBytesPerToken: number;
  bytesPerGpu: number;
}

export const DTYPES: Readonly<Record<string, number>> = { fp16: 2, bf16: 2, fp8: 1, int4: 0.5 };
const MEMORY_UTILISATION = 0.9;

export function dtypeName(dtype: number): string {
  return Object.entries(DTYPES).find(([, b]) => b === dtype)?.[0] ?? `${dtype}B`;
}

export function computedProfile(gpu: GpuSpec, model: ModelSpec, cfg: ServingConfig): ComputedProfile {
  const where = `profile ${gpu.key}/${model.key}`;
  if (!Number.isInteger(cfg.tp) || cfg.tp <= 0) badInput(where, "tp", cfg.tp, "must be a positive integer");
  if (NCCL_WORKSPACE[cfg.tp] === undefined) badInput(where, "tp", cfg.tp, `must be one of ${Object.keys(NCCL_WORKSPACE).join(", ")}`);
  if (!Object.values(DTYPES).includes(cfg.dtype)) badInput(where, "dtype", cfg.dtype, `must be one of ${Object.entries(DTYPES).map(([n, b]) => `${n} (${b})`).join(", ")}`);
  if (!(cfg.meanCtx > 0)) badInput(where, "meanCtx", cfg.meanCtx, "must be positive");
  const { tp, dtype } = cfg;
  const blk = cfg.blk ?? 16;
  const effBw = effectiveBandwidth(gpu);
  const params = paramCount(model);
  const kvBpt = kvBytesPerToken(model, dtype);
  const bytesPerGpu = (params * dtype) / tp;
  const W = isMoE(model) ? moeWeightTime(gpu, model, tp, dtype) : bytesPerGpu / effBw + LAYER_OVERHEAD_S * model.layers;
  const free = Math.max(0, int(gpu.memCapacity * MEMORY_UTILISATION) - bytesPerGpu - NCCL_WORKSPACE[tp]);
  const active = activeParamCount(model);
  return {
    name: `${gpu.name}/${model.name}/TP${tp}/${dtypeName(dtype)}`,
    slotRule: "computed",
    W,
    H: (cfg.meanCtx * kvBpt) / effBw / tp,
    Lcal: cfg.meanCtx,
    chunk: cfg.chunk ?? 512,
    blk,
    kvBlocks: floorDiv(free, kvBpt * blk),
    maxSlots: cfg.maxSlots ?? 0,
    costPerHour: gpu.costPerHour * tp,
    power: { kind: "computed", tdp: gpu.tdp, activeParams: active, tp, fp16Flops: gpu.fp16Flops },
    gpu,
    model,
    tp,
    dtype,
    paramCount: params,
    activeParamCount: active,
    kvBytesPerToken: kvBpt,
    bytesPerGpu,
  };
}

type KernelCurve = ReadonlyArray<readonly [tokens: number, ms: number]>;

/** Measured H100 MoE expert-kernel latency per layer, by (experts, topk, hidden, moe_inter), then dtype. */
const MOE_KERNEL_MS: Readonly<Record<string, Readonly<Record<number, KernelCurve>>>> = {
  "256,8,7168,2048": {
    2: [[1, 0.288], [8, 1.34], [32, 3.08], [128, 5.77], [512, 7.48]],
    1: [[1, 0.172], [8, 0.7], [32, 1.59], [128, 3.07], [512, 3.83]],
    0.5: [[1, 0.146], [8, 0.48], [32, 1.05], [128, 1.93], [512, 2.81]],
  },
  "128,8,4096,1536": {
    2: [[1, 0.144], [8, 0.48], [32, 1.28], [128, 1.54], [512, 1.9]],
    1: [[1, 0.087], [8, 0.28], [32, 0.67], [128, 0.845], [512, 1.05]],
    0.5: [[1, 0.088], [8, 0.234], [32, 0.495], [128, 0.615], [512, 0.78]],
  },
  "128,8,2048,768": {
    2: [[1, 0.072], [8, 0.24], [32, 0.64], [128, 0.77], [512, 0.95]],
    1: [[1, 0.044], [8, 0.14], [32, 0.335], [128, 0.423], [512, 0.525]],
    0.5: [[1, 0.044], [8, 0.117], [32, 0.248], [128, 0.308], [512, 0.39]],
  },
};
const MOE_DECODE_TOKENS = 8;
const H100_MEM_BW = 3.35e12;

/** Piecewise-linear interpolation in token count, clamped at both ends. */
export function interpolateCurve(curve: KernelCurve, tokens: number): number {
  if (tokens <= curve[0][0]) return curve[0][1];
  for (let i = 1; i < curve.length; i++) {
    const [t1, v1] = curve[i];
    if (tokens <= t1) {
      const [t0, v0] = curve[i - 1];
      return v0 + ((v1 - v0) * (tokens - t0)) / (t1 - t0);
    }
  }
  return curve[curve.length - 1][1];
}

/** Seconds per decode iteration spent on weights for an MoE model: expert kernels plus attention. */
function moeWeightTime(gpu: GpuSpec, m: ModelSpec, tp: number, dtype: number): number {
  const effBw = effectiveBandwidth(gpu);
  const byDtype = MOE_KERNEL_MS[`${m.experts},${m.topk},${m.hidden},${m.moeIntermediate}`];
  let perLayerS: number;
  if (byDtype) {
    const keys = Object.keys(byDtype).map(Number);
    const nearest = keys.reduce((best, k) => (Math.abs(k - dtype) < Math.abs(best - dtype) ? k : best));
    const ms = interpolateCurve(byDtype[nearest], MOE_DECODE_TOKENS);
    perLayerS = (ms / 1000) * (H100_MEM_BW / gpu.memBw) ** 0.7;
  } else {
    perLayerS = (m.topk * 2 * m.moeIntermediate * m.hidden * dtype) / effBw;
  }
  const hd = headDim(m);
  const attentionBytes = ((m.heads + 2 * m.kvHeads) * hd * m.hidden + m.hidden ** 2) * dtype * m.layers / tp;
  return perLayerS * m.layers + attentionBytes / effBw + LAYER_OVERHEAD_S * m.layers;
}

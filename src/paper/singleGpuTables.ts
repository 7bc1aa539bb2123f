// The paper's single-GPU tables (docs/model.md §7) as plain rows, computed from src/model.
import {
  b200MeasuredPower, b200Profile, computedProfile, GPUS, int, iterLatency, logisticPower, MANUAL_PROFILES, MODELS,
  nSlots, powerAt, singleGpuPoint, type ComputedProfile, type PaperRevision, type Profile,
} from "../model/index.ts";

/** 2K, 4K, ..., 128K tokens */
export const TABLE1_CONTEXTS = Array.from({ length: 7 }, (_, i) => 2048 * 2 ** i);
const TABLE_CTX = 8192;
/** Representative KV length of the computed profiles in Tables 2, 4 and 5. */
const MEAN_CTX = 4096;

export interface Table1Row { ctx: number; gpu: "H100" | "B200"; n_max: number; power_w: number; iter_s: number; tok_s: number; tok_per_w: number }

export function table1Rows(revision: PaperRevision): Table1Row[] {
  const gpus: Array<[Table1Row["gpu"], Profile]> = [["H100", MANUAL_PROFILES["h100-80gb"]], ["B200", b200Profile(revision)]];
  return TABLE1_CONTEXTS.flatMap((ctx) =>
    gpus.map(([gpu, p]) => {
      const r = singleGpuPoint(p, ctx);
      return { ctx, gpu, n_max: r.nMax, power_w: r.power, iter_s: r.iter, tok_s: r.tokS, tok_per_w: r.tokPerW };
    }),
  );
}

/** Sequences at 8K context for a computed profile, as Tables 2 and 5 count them. */
function nAt8k(p: ComputedProfile): number {
  return Math.max(1, int(Math.floor((p.kvBlocks * p.blk) / TABLE_CTX)));
}

/** Per-GPU power of a computed profile; in v2 the B200 rows use the measured-anchor logistic instead. */
function tablePower(p: ComputedProfile, n: number, revision: PaperRevision): number {
  if (revision === "v2" && p.gpu.key === "b200") return logisticPower(b200MeasuredPower(), n, p.maxSlots);
  return powerAt(p, n);
}

export interface Table2Model { key: string; tp: number; dtype: number; activeOverride?: number }

/** The five models of Table 2; MoE rows decode at an active-parameter override (docs/model.md §7). */
export const TABLE2_MODELS: Table2Model[] = [
  { key: "llama-3.1-8b", tp: 1, dtype: 2 },
  { key: "llama-3.1-70b", tp: 8, dtype: 2 },
  { key: "llama-3.1-405b", tp: 8, dtype: 2 },
  { key: "qwen3-235b-a22b", tp: 8, dtype: 2, activeOverride: 22e9 },
  { key: "deepseek-v3", tp: 8, dtype: 1, activeOverride: 37e9 },
];

export interface Table2Row {
  model: string; gpu: "H100" | "B200"; tp: number; dtype_bytes: number; w_used_s: number;
  n_max: number; tok_s: number; power_w: number; tok_per_w: number; profile: ComputedProfile;
}

export function table2Rows(revision: PaperRevision): Table2Row[] {
  return TABLE2_MODELS.flatMap((m) =>
    (["H100", "B200"] as const).map((gpu) => {
      const gpuSpec = GPUS[gpu.toLowerCase()];
      const p = computedProfile(gpuSpec, MODELS[m.key], { tp: m.tp, dtype: m.dtype, meanCtx: MEAN_CTX });
      const n = nAt8k(p);
      const wUsed = m.activeOverride === undefined ? p.W : (m.activeOverride * m.dtype) / m.tp / gpuSpec.memBw;
      const tokS = n / (wUsed + p.H * (MEAN_CTX / p.Lcal) * n);
      const power = tablePower(p, n, revision);
      return { model: MODELS[m.key].name, gpu, tp: m.tp, dtype_bytes: m.dtype, w_used_s: wUsed, n_max: n,
        tok_s: tokS, power_w: power, tok_per_w: tokS / power, profile: p };
    }),
  );
}

export interface Table4Row { pool: string; ctx: number; n_max: number; n_active: number; power_w: number; tok_per_w: number }

const TABLE4_RHO = 0.85;

/** Table 4: H100 pools at utilisation 0.85; the semantic-small pool serves Llama-3.1-8B on one GPU. */
export function table4Rows(): Table4Row[] {
  const h100 = MANUAL_PROFILES["h100-80gb"];
  const small = computedProfile(GPUS.h100, MODELS["llama-3.1-8b"], { tp: 1, dtype: 2, meanCtx: MEAN_CTX });
  const pools: Array<[string, Profile, number]> = [
    ["context-short-70B-8K", h100, 8192],
    ["context-long-70B-64K", h100, 64 * 1024],
    ["semantic-small-8B-8K", small, 8192],
    ["semantic-large-70B-64K", h100, 64 * 1024],
  ];
  return pools.map(([pool, p, ctx]) => {
    const nMax = nSlots(p, ctx);
    const nAct = Math.max(1, int(nMax * TABLE4_RHO));
    const power = powerAt(p, nAct);
    return { pool, ctx, n_max: nMax, n_active: nAct, power_w: power,
      tok_per_w: nAct / iterLatency(p, nAct, Math.floor(ctx / 2)) / power };
  });
}

export interface Table5Row {
  gpu: string; tdp_w: number; w_ms: number; n_max: number; p_sat_w: number; tok_s: number; tok_per_w: number;
  cost_per_hr: number; tok_per_dollar_m: number; profile: ComputedProfile;
}

/** Table 5's GPUs with the paper's label and $/h per TP8 instance. */
const TABLE5_GPUS: Array<[key: string, label: string, costPerHour: number]> = [
  ["h100", "H100-SXM5", 32.2], ["h200", "H200-SXM", 48.0], ["b200", "B200-SXM", 64.0], ["gb200", "GB200-NVL", 80.0],
];

export function table5Rows(revision: PaperRevision): Table5Row[] {
  return TABLE5_GPUS.map(([key, label, costPerHour]) => {
    const p = computedProfile(GPUS[key], MODELS["llama-3.1-70b"], { tp: 8, dtype: 2, meanCtx: MEAN_CTX });
    const n = nAt8k(p);
    const tokS = n / (p.W + p.H * (MEAN_CTX / p.Lcal) * n);
    const power = tablePower(p, n, revision);
    return { gpu: label, tdp_w: p.gpu.tdp, w_ms: p.W * 1000, n_max: n, p_sat_w: power, tok_s: tokS,
      tok_per_w: tokS / power, cost_per_hr: costPerHour, tok_per_dollar_m: tokS / (costPerHour / 3600) / 1e6, profile: p };
  });
}

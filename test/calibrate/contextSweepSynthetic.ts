// Context sweeps at the server's concurrency with known truth, written as a benchmark
// harness would: one row per context, the concurrency the server ran, the instance's
// decode tok/s, mean per-GPU power, the GPU count and a text column. In the model's
// family (a profile's own iteration time and power at that concurrency) or outside it
// (compute-bound short contexts: the iteration time is the larger of a memory roofline and
// a per-sequence compute time).
import { iterLatency, nSlots, powerAt, type Profile } from "../../src/model/index.ts";
import { normals } from "./synthetic.ts";

export const HEADER = "context_tokens,max_concurrency,node_decode_tok_s,per_gpu_power_w,gpus,notes";
export const COLUMNS = "context=context_tokens,concurrency=max_concurrency,tok_s=node_decode_tok_s,power=per_gpu_power_w,gpus=gpus";
export const CONTEXTS = [1024, 2048, 4096, 8192, 16384, 32768, 65536, 131072];

export interface Noise {
  tokS: number;
  power: number;
}

/** The ground truth in the model's family: a profile (its slot rule sets the concurrency). */
export function truthProfile(): Profile {
  return {
    name: "truth", slotRule: "computed", W: 0.006, H: 0.00004, Lcal: 4096, chunk: 512, blk: 16, kvBlocks: 286720,
    // a server's cap on concurrent sequences (vLLM's max-num-seqs): short contexts run at the cap, so the load varies
    maxSlots: 512, costPerHour: 48, power: { kind: "logistic", pIdle: 300, pNom: 700, k: 1, x0: 5 },
  };
}

function row(ctx: number, n: number, tokS: number, watts: number): string {
  return `${ctx},${n},${tokS.toFixed(3)},${watts.toFixed(3)},8,streams=${n} output_len=512`;
}

/** Rows at the profile's n_max per context, its tok/s and power with relative Gaussian noise. */
export function inFamilyCsv(p: Profile, contexts: readonly number[], noise: Noise, seed: number): string {
  const z = normals(seed);
  const rows = contexts.map((ctx) => {
    const n = nSlots(p, ctx);
    const lbar = Math.floor(ctx / 2);
    return row(ctx, n, (n / iterLatency(p, n, lbar)) * (1 + noise.tokS * z()), powerAt(p, n, lbar) * (1 + noise.power * z()));
  });
  return [HEADER, ...rows].join("\n") + "\n";
}

export interface ComputeBoundTruth {
  W: number;
  H: number;
  Lcal: number;
  /** seconds of compute per sequence per iteration */
  perSeq: number;
  /** "sum": iter = W + H·load + perSeq·n (the extension's family); "max": max(W + H·load, perSeq·n) (neither) */
  combine: "sum" | "max";
  /** admitted concurrency n(ctx) = floor(tokens / (ctx + overhead)) */
  kvTokens: number;
  overhead: number;
  watts: (ctx: number, n: number) => number;
}

export function computeBoundIter(t: ComputeBoundTruth, ctx: number, n: number): number {
  const memory = t.W + (t.H * n * Math.floor(ctx / 2)) / t.Lcal;
  return t.combine === "sum" ? memory + t.perSeq * n : Math.max(memory, t.perSeq * n);
}

/** Out of the roofline family: short contexts are compute-bound, so iter falls with context at nearly constant load. */
export function computeBoundCsv(t: ComputeBoundTruth, contexts: readonly number[], noise: Noise, seed: number): string {
  const z = normals(seed);
  const rows = contexts.map((ctx) => {
    const n = Math.floor(t.kvTokens / (ctx + t.overhead));
    return row(ctx, n, (n / computeBoundIter(t, ctx, n)) * (1 + noise.tokS * z()), t.watts(ctx, n) * (1 + noise.power * z()));
  });
  return [HEADER, ...rows].join("\n") + "\n";
}

/**
 * An H200-like compute-bound truth (a per-sequence compute term the roofline lacks); with
 * "max" the compute time is larger so that it dominates up to 2K.
 */
export function computeBoundTruth(combine: "sum" | "max"): ComputeBoundTruth {
  return {
    W: 0.008, H: 0.00012, Lcal: 4096, perSeq: combine === "sum" ? 0.000023 : 0.00004, combine, kvTokens: 4_600_000, overhead: 256,
    watts: (ctx, n) => (300 + 400 / (1 + Math.exp(-(Math.log2(n) - 4)))) * (1 + 0.02 * Math.log2(ctx / 2048)),
  };
}

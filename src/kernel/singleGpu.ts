// Struct-of-arrays kernel for the single-GPU quantities of MODEL.md §2 and §7 (Table 1),
// with the referee's KV-correlated power slope of §11. This is the hot path of every
// sweep: one pass over Float64Array columns, no allocation, objects or calls per point
// beyond Math. It computes exactly what src/model's scalar functions compute.

/** Per-point inputs: a manual profile with logistic power, a context window, and power perturbations. */
export const KERNEL_INPUTS = [
  "ctx", "W", "H", "Lcal", "blk", "kvBlocks", "maxSlots", "pIdle", "pNom", "k", "x0", "powerScale", "beta",
] as const;
export const KERNEL_OUTPUTS = ["nMax", "iter", "tokS", "power", "tokPerW"] as const;

export type KernelInputName = (typeof KERNEL_INPUTS)[number];
export type KernelOutputName = (typeof KERNEL_OUTPUTS)[number];
export type KernelInputs = Record<KernelInputName, Float64Array>;
export type KernelOutputs = Record<KernelOutputName, Float64Array>;

/** Context length at which the KV-correlated power term adds beta (MODEL.md §11). */
export const BETA_REFERENCE_CTX = 65536;

export function allocateColumns<N extends string>(names: readonly N[], length: number): Record<N, Float64Array> {
  const cols = {} as Record<N, Float64Array>;
  for (const name of names) cols[name] = new Float64Array(length);
  return cols;
}

/**
 * Fills outputs[start, end) from inputs: n = nSlots(ctx) at the full batch, iteration
 * latency at mean KV length ctx // 2, power P(n) * powerScale * (1 + beta * ctx / 65536).
 */
export function evaluateSingleGpu(inp: KernelInputs, out: KernelOutputs, start = 0, end = inp.ctx.length): void {
  const { ctx, W, H, Lcal, blk, kvBlocks, maxSlots, pIdle, pNom, k, x0, powerScale, beta } = inp;
  const { nMax, iter, tokS, power, tokPerW } = out;
  for (let i = start; i < end; i++) {
    const c = ctx[i];
    const lcal = Lcal[i];
    const bySlots = Math.floor((maxSlots[i] * lcal) / (c > 1 ? c : 1));
    const byKv = Math.floor(kvBlocks[i] / Math.ceil(c / blk[i]));
    const n = bySlots < byKv ? bySlots : byKv;
    const tau = W[i] + H[i] * (Math.floor(c / 2) / lcal) * n;
    const idle = pIdle[i];
    const kk = k[i];
    let p: number;
    if (n <= 0) p = idle;
    else if (kk > 0) p = idle + (pNom[i] - idle) / (1 + Math.exp(-kk * (Math.log2(n) - x0[i])));
    else p = idle + (pNom[i] - idle) * Math.min(1, n / maxSlots[i]);
    p = p * powerScale[i] * (1 + (beta[i] * c) / BETA_REFERENCE_CTX);
    const rate = n > 0 ? n / tau : 0;
    nMax[i] = n;
    iter[i] = tau;
    tokS[i] = rate;
    power[i] = p;
    tokPerW[i] = rate / p;
  }
}

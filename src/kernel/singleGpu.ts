// Struct-of-arrays kernel for the single-GPU quantities of docs/model.md §2 and §7 (Table 1),
// with the referee's KV-correlated power slope of §11. This is the hot path of every
// sweep: one pass over Float64Array columns, no allocation or objects per point, only small
// functions of numbers (slotCount, curvePower, storeRow). It repeats src/model's power
// functions in that form and computes bit for bit what src/model's singleGpuPoint computes
// (test/kernel checks both).
import { snakeCase } from "../io/columns.ts";
import { BETA_REFERENCE_CTX, BUSY_TDP_FRACTION, IDLE_TDP_FRACTION } from "../model/power.ts";

/**
 * Per-point inputs: a profile (with `C`, the optional per-sequence term of the iteration
 * time, 0 in the paper's model), a context window, and power perturbations. `slotRule` is 0
 * for manual profiles and 1 for computed ones (docs/model.md §2 vs §5); `tdp` > 0 selects the
 * computed power model (with `computeCoef` = 2 * activeParams / tp and `flops`), else the
 * logistic curve (pIdle, pNom, k, x0) applies.
 */
export const KERNEL_INPUTS = [
  "ctx", "W", "H", "C", "Lcal", "blk", "kvBlocks", "maxSlots", "pIdle", "pNom", "k", "x0", "powerScale", "beta",
  "slotRule", "tdp", "computeCoef", "flops",
] as const;
export const KERNEL_OUTPUTS = ["nMax", "iter", "tokS", "power", "tokPerW"] as const;

export type KernelInputName = (typeof KERNEL_INPUTS)[number];

/** The kernel inputs by the names sweeps give them (targets, numeric dimensions): snake_case, kvBlocks → kv_blocks, W → w. */
export const SWEEP_INPUT_NAMES: readonly string[] = KERNEL_INPUTS.map(snakeCase);

/** Position among KERNEL_INPUTS of the input a sweep's target or numeric dimension names, -1 if none. */
export function sweepInputIndex(sweepName: string): number {
  return SWEEP_INPUT_NAMES.indexOf(sweepName);
}

/** The kernel input a sweep's target or numeric dimension names, or undefined if none. */
export function kernelInputOf(sweepName: string): KernelInputName | undefined {
  const i = sweepInputIndex(sweepName);
  return i < 0 ? undefined : KERNEL_INPUTS[i];
}
export type KernelOutputName = (typeof KERNEL_OUTPUTS)[number];
/** Input columns; a column of length 1 holds one value for every point (it is not read per point). */
export type KernelInputs = Record<KernelInputName, Float64Array>;
export type KernelOutputs = Record<KernelOutputName, Float64Array>;

export function allocateColumns<N extends string>(names: readonly N[], length: number): Record<N, Float64Array> {
  const cols = {} as Record<N, Float64Array>;
  for (const name of names) cols[name] = new Float64Array(length);
  return cols;
}

// exp(-k (log2 n - x0)) depends only on (n, k, x0), and a sweep meets the same few slot
// counts over and over: a small direct-mapped memo turns two transcendental calls per point
// into three compares. It stores exact results, so outputs are unchanged.
const MEMO_SIZE = 512;
const memoN = new Float64Array(MEMO_SIZE).fill(-1);
const memoK = new Float64Array(MEMO_SIZE);
const memoX0 = new Float64Array(MEMO_SIZE);
const memoExp = new Float64Array(MEMO_SIZE);

/** Index mask for a column: 0 broadcasts a length-1 column, -1 (all bits) reads point i. */
const mask = (col: Float64Array): number => (col.length === 1 ? 0 : -1);

/** The inputs that only scale the power, last of all: with everything else fixed, so are n, the latency and P(n). */
const POWER_SCALES: readonly KernelInputName[] = ["powerScale", "beta"];
/** The inputs that may vary per row while one logistic-power profile holds: see evaluateByContext. */
const PER_CONTEXT: readonly KernelInputName[] = ["ctx", "W", ...POWER_SCALES];
/** Below this many rows the memo's reset costs more than it saves. */
const BY_CONTEXT_MIN_ROWS = 256;
const CTX_MEMO_SIZE = 256;
const memoCtx = new Float64Array(CTX_MEMO_SIZE);
const memoSlots = new Float64Array(CTX_MEMO_SIZE);
const memoKvTerm = new Float64Array(CTX_MEMO_SIZE);
const memoSeqTerm = new Float64Array(CTX_MEMO_SIZE);
const memoCurve = new Float64Array(CTX_MEMO_SIZE);

/**
 * Fills outputs[start, end) from inputs: n = nSlots(ctx) at the full batch, iteration
 * latency at mean KV length ctx // 2 (plus C per sequence), power P(n) * powerScale * kvPowerFactor(beta, ctx).
 * With `firstRowOnly`, an output that has one value in every row (n, the latency and the
 * throughput when only the power scales vary per row; every output when nothing does) may be
 * written to row `start` alone: the returned bit mask (bit o for KERNEL_OUTPUTS[o]) names those.
 */
export function evaluateSingleGpu(inp: KernelInputs, out: KernelOutputs, start = 0, end = out.tokPerW.length, firstRowOnly = false): number {
  if (end - start > 1 && KERNEL_INPUTS.every((name) => inp[name].length === 1 || POWER_SCALES.includes(name))) {
    return evaluateScaledOnly(inp, out, start, end, firstRowOnly);
  }
  if (end - start >= BY_CONTEXT_MIN_ROWS && !(inp.tdp[0] > 0) && KERNEL_INPUTS.every((name) => inp[name].length === 1 || PER_CONTEXT.includes(name))) {
    evaluateByContext(inp, out, start, end);
    return 0;
  }
  evaluatePoints(inp, out, start, end);
  return 0;
}

/** The bits of evaluateSingleGpu's mask for outputs that do not depend on the power scales, and for all outputs. */
const UNSCALED_OUTPUTS = 0b00111;
const ALL_OUTPUTS = 0b11111;

const one = { inputs: {} as KernelInputs, outputs: allocateColumns(KERNEL_OUTPUTS, 1) as KernelOutputs };
for (const name of KERNEL_INPUTS) one.inputs[name] = new Float64Array(1);

/**
 * The case of a sweep's grid point: only powerScale and beta vary per row (each a column or a
 * value). n, the latency, the throughput and P(n) are computed once, at powerScale 1 and beta
 * 0; each row then multiplies as evaluatePoints does, P(n) · powerScale · (1 + beta · ctx /
 * ref): P(n) · 1 · 1 is P(n) exactly, so the outputs are the same bits. Returns the mask of
 * outputs written to row `start` alone (see evaluateSingleGpu).
 */
function evaluateScaledOnly(inp: KernelInputs, out: KernelOutputs, start: number, end: number, firstRowOnly: boolean): number {
  for (const name of KERNEL_INPUTS) one.inputs[name][0] = inp[name][0];
  one.inputs.powerScale[0] = 1;
  one.inputs.beta[0] = 0;
  evaluatePoints(one.inputs, one.outputs, 0, 1);
  const n = one.outputs.nMax[0];
  const tau = one.outputs.iter[0];
  const rate = one.outputs.tokS[0];
  const p = one.outputs.power[0];
  const c = inp.ctx[0];
  const { powerScale, beta } = inp;
  const mP = mask(powerScale);
  const mBeta = mask(beta);
  const betaScale = 1 / BETA_REFERENCE_CTX;
  const { nMax, iter, tokS, power, tokPerW } = out;
  const unscaledEnd = firstRowOnly ? start + 1 : end;
  nMax.fill(n, start, unscaledEnd);
  iter.fill(tau, start, unscaledEnd);
  tokS.fill(rate, start, unscaledEnd);
  const constant = firstRowOnly ? UNSCALED_OUTPUTS : 0;
  if (mBeta === 0) {
    // one beta: its factor once, not read back per row (the stores below might alias it)
    const kvFactor = 1 + beta[0] * c * betaScale;
    const scaledEnd = mP === 0 && firstRowOnly ? start + 1 : end;
    for (let i = start; i < scaledEnd; i++) {
      const pi = p * powerScale[i & mP] * kvFactor;
      power[i] = pi;
      tokPerW[i] = rate / pi;
    }
    return scaledEnd < end ? ALL_OUTPUTS : constant;
  }
  for (let i = start; i < end; i++) {
    const pi = p * powerScale[i & mP] * (1 + beta[i & mBeta] * c * betaScale);
    power[i] = pi;
    tokPerW[i] = rate / pi;
  }
  return constant;
}

const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer); // [low, high] on the little-endian machines Node runs on

/**
 * 1 / x when x is a normal power of two, else 0. Dividing by such an x and multiplying by
 * 1 / x (exact) round the same real number, so they give the same bits; a multiply is several
 * times cheaper than a divide, the loop's bottleneck (Lcal = 8192 and blk = 16 in every profile shipped).
 */
function exactReciprocal(x: number): number {
  bits[0] = x;
  const exponent = words[1] & 0x7ff00000;
  const powerOfTwo = x > 0 && words[0] === 0 && (words[1] & 0x000fffff) === 0 && exponent !== 0 && exponent !== 0x7ff00000;
  return powerOfTwo ? 1 / x : 0;
}

/** n = nSlots(ctx) at the full batch: the slot rule of manual (0) or computed (1) profiles. */
function slotCount(c: number, lcal: number, slots: number, kv: number, blk: number, perBlk: number, rule: number): number {
  const bySlots = Math.floor((slots * lcal) / (c > 1 ? c : 1));
  const byKv = Math.floor(kv / Math.ceil(perBlk > 0 ? c * perBlk : c / blk));
  if (rule === 0) return bySlots < byKv ? bySlots : byKv;
  const n = byKv > 1 ? byKv : 1;
  return slots > 0 && n > slots ? slots : n;
}

/** P(n) of the logistic curve (linear in n when k = 0), before the power perturbations. */
function curvePower(n: number, idle: number, nom: number, kk: number, xx: number, slots: number): number {
  if (n <= 0) return idle;
  if (!(kk > 0)) return idle + (nom - idle) * Math.min(1, n / slots);
  const slot = (n * 40503) & (MEMO_SIZE - 1);
  let e: number;
  if (memoN[slot] === n && memoK[slot] === kk && memoX0[slot] === xx) e = memoExp[slot];
  else {
    e = Math.exp(-kk * (Math.log2(n) - xx));
    memoN[slot] = n;
    memoK[slot] = kk;
    memoX0[slot] = xx;
    memoExp[slot] = e;
  }
  return idle + (nom - idle) / (1 + e);
}

/**
 * One profile with a logistic power curve, and per row a context, W and power perturbations
 * (the single-GPU bench, or a sweep drawing W): n, the latency's KV term h · (ctx // 2 / Lcal)
 * · n and P(n) depend on the context alone, so a direct-mapped memo keyed by ctx computes them
 * once per distinct context. Each row then adds and multiplies as evaluatePoints does, in its
 * order, so the outputs are the same bits; only the two rates' divisions remain per row.
 */
function evaluateByContext(inp: KernelInputs, out: KernelOutputs, start: number, end: number): void {
  const { ctx, W, powerScale, beta } = inp;
  const lcal = inp.Lcal[0];
  const slots = inp.maxSlots[0];
  const kv = inp.kvBlocks[0];
  const blk = inp.blk[0];
  const rule = inp.slotRule[0];
  const h = inp.H[0];
  const perSeq = inp.C[0];
  const idle = inp.pIdle[0];
  const nom = inp.pNom[0];
  const kk = inp.k[0];
  const xx = inp.x0[0];
  const perLcal = exactReciprocal(lcal);
  const perBlk = exactReciprocal(blk);
  const mC = mask(ctx), mW = mask(W), mP = mask(powerScale), mBeta = mask(beta);
  const betaScale = 1 / BETA_REFERENCE_CTX;
  memoCtx.fill(NaN); // the profile may differ from the last call's
  for (let i = start; i < end; i++) {
    const c = ctx[i & mC];
    // Fibonacci hashing: contexts (often powers of two) spread over the memo; NaN or ±Infinity land on 0 and never match
    const g = c * 0.6180339887498949;
    const m = ((g - Math.floor(g)) * CTX_MEMO_SIZE) | 0;
    if (memoCtx[m] !== c) {
      const n = slotCount(c, lcal, slots, kv, blk, perBlk, rule);
      const half = Math.floor(c * 0.5);
      memoCtx[m] = c;
      memoSlots[m] = n;
      memoKvTerm[m] = h * (perLcal > 0 ? half * perLcal : half / lcal) * n;
      memoSeqTerm[m] = perSeq * n;
      memoCurve[m] = curvePower(n, idle, nom, kk, xx, slots);
    }
    const n = memoSlots[m];
    storeRow(out, i, n, W[i & mW] + memoKvTerm[m] + memoSeqTerm[m], memoCurve[m] * powerScale[i & mP] * (1 + beta[i & mBeta] * c * betaScale));
  }
}

/** Every input read per row (or broadcast from a length-1 column). */
function evaluatePoints(inp: KernelInputs, out: KernelOutputs, start: number, end: number): void {
  const { ctx, W, H, C, Lcal, blk, kvBlocks, maxSlots, pIdle, pNom, k, x0, powerScale, beta, slotRule, tdp, computeCoef, flops } = inp;
  const mC = mask(ctx), mW = mask(W), mH = mask(H), mSeq = mask(C), mL = mask(Lcal), mB = mask(blk), mKv = mask(kvBlocks);
  const mS = mask(maxSlots), mI = mask(pIdle), mN = mask(pNom), mK = mask(k), mX = mask(x0), mP = mask(powerScale);
  const mBeta = mask(beta), mR = mask(slotRule), mT = mask(tdp), mCc = mask(computeCoef), mF = mask(flops);
  const betaScale = 1 / BETA_REFERENCE_CTX; // a power of two: multiplying is exact
  // one Lcal or block size for every row, a power of two: multiply by its reciprocal (0: divide)
  const perLcal = mL === 0 ? exactReciprocal(Lcal[0]) : 0;
  const perBlk = mB === 0 ? exactReciprocal(blk[0]) : 0;
  for (let i = start; i < end; i++) {
    const c = ctx[i & mC];
    const lcal = Lcal[i & mL];
    const slots = maxSlots[i & mS];
    const n = slotCount(c, lcal, slots, kvBlocks[i & mKv], blk[i & mB], perBlk, slotRule[i & mR]);
    const w = W[i & mW];
    const h = H[i & mH];
    const perSeq = C[i & mSeq];
    const half = Math.floor(c * 0.5);
    const tau = w + h * (perLcal > 0 ? half * perLcal : half / lcal) * n + perSeq * n;
    const tdpW = tdp[i & mT];
    let p: number;
    if (tdpW > 0) {
      // first-principles power (docs/model.md §5) at mean KV length ctx // 2
      const hEff = (h * half) / lcal;
      const it = w + hEff * n + perSeq * n;
      const busy = (hEff * n) / it + (computeCoef[i & mCc] * n) / (it * flops[i & mF]);
      p = tdpW * (IDLE_TDP_FRACTION + (BUSY_TDP_FRACTION - IDLE_TDP_FRACTION) * Math.min(1, busy)); // busyPowerFraction
    } else p = curvePower(n, pIdle[i & mI], pNom[i & mN], k[i & mK], x0[i & mX], slots);
    storeRow(out, i, n, tau, p * powerScale[i & mP] * (1 + beta[i & mBeta] * c * betaScale));
  }
}

/** Row i's outputs from its slot count n, iteration latency tau and power p: throughput n / tau (0 with no slot). */
function storeRow(out: KernelOutputs, i: number, n: number, tau: number, p: number): void {
  const rate = n > 0 ? n / tau : 0;
  out.nMax[i] = n;
  out.iter[i] = tau;
  out.tokS[i] = rate;
  out.power[i] = p;
  out.tokPerW[i] = rate / p;
}

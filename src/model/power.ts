// Per-GPU power (docs/model.md §3): the logistic curve of the manual profiles, the
// first-principles power of computed profiles, and the referee's KV-correlated factor.
// The kernel (src/kernel) inlines these for speed; test/kernel keeps them bit-identical.

/**
 * Logistic power curve: idle power, saturation power, slope k per doubling of the batch
 * and midpoint x0 in log2(batch).
 */
export interface LogisticPower {
  kind: "logistic";
  /** W */
  pIdle: number;
  /** W */
  pNom: number;
  /** per doubling of the batch */
  k: number;
  /** log2(sequences) */
  x0: number;
}

/** First-principles power of a computed profile: from KV and compute busy fractions. */
export interface ComputedPower {
  kind: "computed";
  /** W */
  tdp: number;
  activeParams: number;
  tp: number;
  /** FLOP/s */
  fp16Flops: number;
}

export type PowerModel = LogisticPower | ComputedPower;

/** Computed power: fraction of TDP drawn when idle, and when memory and compute are fully busy. */
export const IDLE_TDP_FRACTION = 0.43;
export const BUSY_TDP_FRACTION = 0.86;

/** Context length (tokens) at which the KV-correlated power term adds beta (the referee's study 1). */
export const BETA_REFERENCE_CTX = 65536;

/** P(n) of a logistic curve; with k = 0 the curve is linear in n up to maxSlots. */
export function logisticPower(pw: LogisticPower, n: number, maxSlots: number): number {
  if (n <= 0) return pw.pIdle;
  const span = pw.pNom - pw.pIdle;
  if (pw.k > 0) return pw.pIdle + span / (1 + Math.exp(-pw.k * (Math.log2(Math.max(1, n)) - pw.x0)));
  return pw.pIdle + span * Math.min(1, Math.max(0, n / maxSlots));
}

/** TDP share for a busy fraction (KV streaming plus compute, capped at 1). */
export function busyPowerFraction(busy: number): number {
  return IDLE_TDP_FRACTION + (BUSY_TDP_FRACTION - IDLE_TDP_FRACTION) * Math.min(1, busy);
}

/**
 * Computed power with n sequences, iteration W + hEff·n + C·n where hEff is H at the mean
 * KV length and C the optional per-sequence term (0 in the paper's model: adding +0 leaves
 * every value bit for bit).
 */
export function computedPower(pw: ComputedPower, W: number, hEff: number, n: number, C = 0): number {
  const it = W + hEff * n + C * n;
  const kvFrac = (hEff * n) / it;
  const computeFrac = (((2 * pw.activeParams) / pw.tp) * n) / (it * pw.fp16Flops);
  return pw.tdp * busyPowerFraction(kvFrac + computeFrac);
}

/** The referee's KV-correlated power: P'(n, ctx) = P(n) · kvPowerFactor(beta, ctx). */
export function kvPowerFactor(beta: number, ctx: number): number {
  return 1 + (beta * ctx) / BETA_REFERENCE_CTX;
}

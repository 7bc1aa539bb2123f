import type { Plan } from "../plan/index.ts";

/** Points [p0, p1) × samples [s0, s1): one task for a worker. */
export interface ChunkSpec {
  p0: number;
  p1: number;
  s0: number;
  s1: number;
}

/** Points per chunk: whole blocks (derived metrics never leave a block), about `chunkRows` rows. */
export function chunkPointsFor(plan: Plan, chunkRows: number): number {
  return plan.blockPoints * Math.max(1, Math.round(chunkRows / (plan.samples * plan.blockPoints)));
}

/**
 * How points [from, to) are cut into about `chunkRows` rows each: whole blocks, or, when a
 * block holds far more rows than that (huge sample counts), one block × a range of samples.
 */
export function chunking(plan: Plan, from: number, to: number, chunkRows: number): { count: number; at: (c: number) => ChunkSpec } {
  const S = plan.samples;
  const bp = plan.blockPoints;
  if (bp * S <= 2 * chunkRows) {
    const cp = chunkPointsFor(plan, chunkRows);
    return { count: Math.ceil((to - from) / cp), at: (c) => ({ p0: from + c * cp, p1: Math.min(to, from + (c + 1) * cp), s0: 0, s1: S }) };
  }
  const step = Math.ceil(chunkRows / bp);
  const perBlock = Math.ceil(S / step);
  return {
    count: ((to - from) / bp) * perBlock,
    at: (c) => {
      const p0 = from + Math.floor(c / perBlock) * bp;
      const s0 = (c % perBlock) * step;
      return { p0, p1: p0 + bp, s0, s1: Math.min(S, s0 + step) };
    },
  };
}

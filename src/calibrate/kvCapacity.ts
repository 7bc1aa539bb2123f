import { InputError } from "../errors.ts";
import { ceilDiv, floorDiv } from "../model/index.ts";
import type { SweepPoint } from "./throughputFit.ts";

/**
 * The KV capacities (in blocks) consistent with every measured n_max. n_max =
 * min(maxSlots·Lcal//ctx, kvBlocks//ceil(ctx/blk)) is a step function of kvBlocks, so
 * the data fix an interval, not a value: a point where the KV term binds gives
 * n·b <= kvBlocks <= (n+1)·b - 1 with b = ceil(ctx/blk); one where the slot cap binds
 * only the lower bound.
 */
export interface KvBlocksInterval {
  lo: number;
  /** Infinity when no point bounds it from above */
  hi: number;
  /** the line of the point that sets each bound */
  loLine: number;
  hiLine?: number;
}

/** `maxSlots` undefined: the slot cap is unknown and the KV term is taken to bind everywhere. */
export function kvBlocksInterval(points: readonly SweepPoint[], blk: number, Lcal: number,
  maxSlots: number | undefined, source = "throughput"): KvBlocksInterval {
  let out: KvBlocksInterval = { lo: 0, hi: Infinity, loLine: points[0].line };
  for (const p of points) {
    const where = `${source}: line ${p.line}`;
    if (!Number.isInteger(p.nMax) || p.nMax < 1) throw new InputError(`${where}: n_max = ${p.nMax}: must be a whole number >= 1`);
    const b = ceilDiv(p.ctx, blk);
    const cap = maxSlots === undefined ? Infinity : floorDiv(maxSlots * Lcal, Math.max(p.ctx, 1));
    if (p.nMax > cap) {
      throw new InputError(`${where}: n_max = ${p.nMax} exceeds the slot cap maxSlots·Lcal//ctx = ${cap} at ctx ${p.ctx}`);
    }
    const lo = p.nMax * b;
    const hi = p.nMax < cap ? (p.nMax + 1) * b - 1 : Infinity;
    if (lo > out.lo) out = { ...out, lo, loLine: p.line };
    if (hi < out.hi) out = { ...out, hi, hiLine: p.line };
  }
  if (out.lo > out.hi) {
    throw new InputError(`${source}: no KV capacity fits every n_max: line ${out.loLine} needs kvBlocks >= ${out.lo}, `
      + `line ${out.hiLine} needs kvBlocks <= ${out.hi} (blk ${blk})`);
  }
  return out;
}

// The KV capacity (kvBlocks) that best explains the concurrencies a server admitted. A real
// server's admission rule is not the model's n_max = kvBlocks // ceil(ctx/blk) (it keeps
// memory for activations, rounds, or caps by a setting), so often no kvBlocks explains
// every row: then the one whose n_max is closest, in squared log ratio, to the measured
// concurrencies, with how far each row is off.
import { InputError } from "../errors.ts";
import { ceilDiv, nSlots, type Profile } from "../model/index.ts";
import { maxOf, minOf } from "../numeric/extent.ts";

export interface ConcurrencyRow {
  line: number;
  ctx: number;
  n: number;
}

export interface KvRowFit extends ConcurrencyRow {
  /** the model's n_max at the chosen kvBlocks */
  nMax: number;
  /** (n_max - n) / n */
  relOff: number;
}

export interface KvBestFit {
  /** every kvBlocks in [lo, hi] gives the same n_max on every row (hi Infinity: unbounded above) */
  lo: number;
  hi: number;
  /** every row's n_max equals its measured concurrency */
  exact: boolean;
  /** Σ ln(n_max / n)² */
  objective: number;
  rows: KvRowFit[];
}

/** The slot rule and its constants: what n_max depends on besides kvBlocks. */
export type SlotShape = Pick<Profile, "slotRule" | "blk" | "Lcal" | "maxSlots">;

/** Breakpoints examined at most (one per multiple of every row's blocks per sequence). */
const MAX_CANDIDATES = 5_000_000;

/**
 * n_max(kvBlocks) is a step function per row, so the objective is constant between
 * consecutive multiples of any row's ceil(ctx/blk): it suffices to evaluate it at those
 * breakpoints. Below every row's n·b each n_max is short of its row and above every
 * (n+1)·b each is over, so the optimum lies between.
 */
export function kvBlocksBestFit(rows: readonly ConcurrencyRow[], shape: SlotShape, source = "throughput"): KvBestFit {
  const b = rows.map((r) => ceilDiv(r.ctx, shape.blk));
  const lo = Math.max(1, minOf(rows.map((r, i) => Math.floor(r.n) * b[i])));
  const hi = maxOf(rows.map((r, i) => (Math.floor(r.n) + 1) * b[i]));
  const count = [...new Set(b)].reduce((s, bi) => s + (hi - lo) / bi, 0);
  if (count > MAX_CANDIDATES) {
    throw new InputError(`${source}: the concurrencies span too many KV capacities to search (${Math.round(count)} candidates)`);
  }
  const points = new Set<number>([lo]);
  for (const bi of new Set(b)) for (let k = Math.ceil(lo / bi) * bi; k <= hi; k += bi) points.add(k);
  const sorted = [...points].sort((x, y) => x - y);
  const nMaxAt = (kv: number) => rows.map((r) => nSlots({ ...shape, kvBlocks: kv } as Profile, r.ctx));
  const objective = (kv: number) => nMaxAt(kv).reduce((s, m, i) => s + Math.log(m / rows[i].n) ** 2, 0);
  const values = sorted.map(objective);
  const best = minOf(values);
  const first = values.indexOf(best);
  let last = first;
  while (last + 1 < values.length && values[last + 1] === best) last++;
  // the piece of the last best breakpoint ends just before the next breakpoint (none: unbounded)
  const end = last + 1 < sorted.length ? sorted[last + 1] - 1 : Infinity;
  const nMax = nMaxAt(sorted[first]);
  return {
    lo: sorted[first], hi: end, exact: best === 0, objective: best,
    rows: rows.map((r, i) => ({ ...r, nMax: nMax[i], relOff: (nMax[i] - r.n) / r.n })),
  };
}

import { bandedColumns, wholeBlocks, type Plan } from "../plan/index.ts";
import { BAND_STATS } from "../stats/bands.ts";

/** Points [p0, p1) × samples [s0, s1): one task for a worker. */
export interface ChunkSpec {
  p0: number;
  p1: number;
  s0: number;
  s1: number;
}

/**
 * How many times `chunkRows` a block of a sobol or morris sweep may hold and stay one chunk
 * (2^19 rows at DEFAULT_CHUNK_ROWS): its indices are then computed in the worker that
 * evaluated it, rather than after the coordinator reassembled it from sample ranges and
 * sent it to a worker again.
 */
const DESIGN_BLOCK_CHUNKS = 32;

/** Rows per chunk when neither the run nor its evaluator says. */
export const DEFAULT_CHUNK_ROWS = 16384;

/** Rows per chunk: the run's, else the plan's evaluator's, else DEFAULT_CHUNK_ROWS. */
export function chunkRowsFor(plan: Plan, requested: number | undefined): number {
  return requested ?? plan.evaluator.chunkRows ?? DEFAULT_CHUNK_ROWS;
}

/** A chunk may grow to this many times `chunkRows` to hold whole replicates (see chunkPointsFor). */
const REPLICATE_CHUNKS = 4;

/**
 * Points per chunk: whole blocks (derived metrics never leave a block), about `chunkRows` rows
 * of `samples` each. When the outermost dimension is replicates(...), whole replicates if one
 * fits in REPLICATE_CHUNKS × chunkRows: a replicate's draws and sample orders are then made by
 * one worker, not by every worker that gets a piece of it.
 */
export function chunkPointsFor(plan: Plan, chunkRows: number, samples = plan.samples): number {
  const cp = wholeBlocks(plan.blockPoints, chunkRows, samples, Math.round);
  const r = plan.dims.findIndex((d) => d.kind === "replicate");
  const perReplicate = r < 0 ? 0 : plan.strides[r];
  const outermost = r >= 0 && perReplicate * plan.dims[r].values.length === plan.points;
  if (!outermost || perReplicate % plan.blockPoints !== 0 || perReplicate * samples > REPLICATE_CHUNKS * chunkRows) return cp;
  return perReplicate * Math.max(1, Math.round(cp / perReplicate));
}

/**
 * Base chunks a chunk in the middle of a run of bands alone joins at most (see chunking's
 * `sharing`). Each chunk costs the coordinator a round trip through piscina (the coordinator's
 * CPU seconds that `npm run bench` prints fall with fewer chunks), while a larger one costs a
 * worker no memory when only its bands come back (computeChunk reuses its group buffers): but
 * its bands, copied back (see runChunkTask), stay under GROWN_BANDS_BYTES.
 */
const GROWTH = 16;
const GROWN_BANDS_BYTES = 1 << 20;

/** How many base chunks of `points` points join in the middle of a run: GROWTH, fewer where their bands would pass GROWN_BANDS_BYTES. */
function growthFor(plan: Plan, points: number): number {
  const bandsBytes = points * bandedColumns(plan).length * BAND_STATS.length * Float64Array.BYTES_PER_ELEMENT;
  return Math.max(1, Math.min(GROWTH, Math.floor(GROWN_BANDS_BYTES / bandsBytes)));
}

/** Where base chunks [u0, u1) of a run's `units` lie: whole ranges of chunkPointsFor's points. */
type Units = (c: number) => [u0: number, u1: number];

/**
 * `units` base chunks as chunks of `growth` each, but for the first 2 × `sharing` (each worker's
 * first, run while its compiler warms up, comes back soon) and the last `growth` × `sharing`
 * (the workers run out of chunks together), which stay single; all single when too few.
 */
function grown(units: number, sharing: number, growth: number): { count: number; units: Units } {
  const lead = 2 * sharing;
  const tail = growth * sharing;
  const middle = units - lead - tail;
  if (sharing === 0 || growth === 1 || middle < 2 * growth) return { count: units, units: (c) => [c, c + 1] };
  const grownCount = Math.ceil(middle / growth);
  return {
    count: lead + grownCount + tail,
    units: (c) => {
      if (c < lead) return [c, c + 1];
      if (c < lead + grownCount) return [lead + (c - lead) * growth, Math.min(lead + middle, lead + (c - lead + 1) * growth)];
      const u = lead + middle + (c - lead - grownCount);
      return [u, u + 1];
    },
  };
}

/**
 * How points [from, to) × samples [w0, w1) (default: all) are cut into about `chunkRows`
 * rows each: whole blocks, or, when a block holds far more rows than that (huge sample
 * counts), one block × a range of samples. `sharing`: the workers a run of bands alone (no
 * points kept, no sensitivity design, all samples) shares its chunks among; its middle chunks
 * then join up to GROWTH of those (grown, growthFor). 0: every chunk as cut.
 */
export function chunking(plan: Plan, from: number, to: number, chunkRows: number,
  [w0, w1]: readonly [number, number] = [0, plan.samples], sharing = 0): { count: number; at: (c: number) => ChunkSpec } {
  const S = w1 - w0;
  const bp = plan.blockPoints;
  if (S === 0) return { count: 0, at: () => ({ p0: from, p1: from, s0: w0, s1: w0 }) };
  if (bp * S <= 2 * chunkRows || (plan.design !== null && bp * S <= DESIGN_BLOCK_CHUNKS * chunkRows)) {
    const cp = chunkPointsFor(plan, chunkRows, S);
    const { count, units } = grown(Math.ceil((to - from) / cp), plan.design === null && S === plan.samples ? sharing : 0, growthFor(plan, cp));
    return { count, at: (c) => {
      const [u0, u1] = units(c);
      return { p0: from + u0 * cp, p1: Math.min(to, from + u1 * cp), s0: w0, s1: w1 };
    } };
  }
  const step = Math.ceil(chunkRows / bp);
  const perBlock = Math.ceil(S / step);
  return {
    count: ((to - from) / bp) * perBlock,
    at: (c) => {
      const p0 = from + Math.floor(c / perBlock) * bp;
      const s0 = w0 + (c % perBlock) * step;
      return { p0, p1: p0 + bp, s0, s1: Math.min(w1, s0 + step) };
    },
  };
}

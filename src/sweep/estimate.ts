// `wattsweep describe FILE`: the expanded grid, sample counts, and estimates of run time and
// memory before committing to a run. Time = a worker's boot (measured: one worker started
// and handed the sweep's smallest task, as a run does) + its warm-up (its first chunks run
// while their code is still being compiled, several times slower than the rest) + the samples
// at the steady rate, spread over the workers; both timed here on chunks from all over the grid.
import { availableParallelism } from "node:os";
import { BAND_STATS } from "../stats/bands.ts";
import { computeChunk, drawCacheFor } from "../execute/chunk.ts";
import { chunking, chunkRowsFor } from "../execute/chunking.ts";
import { planTaskOf } from "../execute/pool.ts";
import { closePool, runTask, startPool } from "../execute/threads.ts";
import type { ChunkTask } from "../execute/worker.ts";
import { EVALUATORS } from "../evaluators/index.ts";
import { bandedColumns, loadPlan, type Plan } from "../plan/index.ts";
import { pointColumns, pointsRowBytes } from "../output/pointColumns.ts";
import { drawCacheHeldMax } from "../sample/draws.ts";
import { checkExecution } from "./limits.ts";

export interface SweepEstimate {
  plan: Plan;
  rows: number;
  /** samples per second of one worker once warm, measured on chunks across the grid */
  rowsPerSecondPerWorker: number;
  /** seconds from starting a worker to its first result */
  bootSeconds: number;
  /** seconds a worker's first chunks take beyond the steady rate (code still compiling), and the samples they hold */
  warmup: { seconds: number; rows: number };
  /** workers that get work: no more than there are chunks */
  busyWorkers: number;
  seconds: number;
  /** bytes: bands held until the end, per-worker chunk buffers and kept draw columns, blocks reassembled from sample ranges (one being assembled, one per worker out for its bands), the points.arrow file */
  memory: { bands: number; perWorker: number; block: number; pointsFile: number };
}

/** Seconds from starting one worker to the result of the sweep's first block at one sample. */
async function bootSeconds(plan: Plan, file: string): Promise<number> {
  const t0 = performance.now();
  const pool = startPool(1);
  try {
    const task: ChunkTask = { ...planTaskOf(plan, file), p0: 0, p1: plan.blockPoints, s0: 0, s1: 1, columns: false };
    await runTask(pool, task);
  } finally {
    await closePool(pool);
  }
  return (performance.now() - t0) / 1000;
}

/** At most this many probe chunks, and no new one after this long (but at least two). */
const MAX_PROBES = 24;
const PROBE_BUDGET_MS = 1000;

/**
 * Up to `most` of chunks 0..count-1, the first one first, in an order whose every prefix is
 * spread over the grid (halves, then quarters, ...), so a budget that ends the probing early
 * still leaves probes from the whole grid.
 */
export function spreadOrder(count: number, most: number): number[] {
  const picked = new Set<number>();
  for (let i = 0; picked.size < Math.min(count, most); i++) {
    let fraction = 0; // i's bits mirrored behind the binary point: 0, 1/2, 1/4, 3/4, 1/8, ...
    for (let b = i, scale = 0.5; b > 0; b >>= 1, scale /= 2) if (b & 1) fraction += scale;
    picked.add(Math.floor(fraction * count));
  }
  return [...picked];
}

export async function estimateSweep(file: string, workerFlag?: number, chunkFlag?: number): Promise<SweepEstimate> {
  const workers = checkExecution(workerFlag, chunkFlag);
  const plan = await loadPlan(file, EVALUATORS);
  const cut = chunking(plan, 0, plan.points, chunkRowsFor(plan, chunkFlag));
  const runner = plan.evaluator.runner(plan);
  const cache = drawCacheFor(plan);
  const run = (c: number) => {
    const { p0, p1, s0, s1 } = cut.at(c);
    computeChunk(plan, runner, p0, p1, false, cache, s0, s1);
    return (p1 - p0) * (s1 - s0);
  };
  // Chunks in turn, the first one first and then spread over the grid, up to MAX_PROBES or the
  // budget: the later half runs on compiled code, and its rate is the one a worker keeps up; the
  // earlier half's time beyond that rate is the warm-up every worker pays first.
  const probes: Array<{ rows: number; seconds: number }> = [];
  const order = spreadOrder(cut.count, MAX_PROBES);
  const started = performance.now();
  for (let i = 0; i < order.length && (i < 2 || performance.now() - started < PROBE_BUDGET_MS); i++) {
    const t = performance.now();
    const rows = run(order[i]);
    probes.push({ rows, seconds: Math.max((performance.now() - t) / 1000, 1e-9) });
  }
  const warm = probes.slice(Math.floor(probes.length / 2));
  const rate = warm.reduce((a, p) => a + p.rows, 0) / warm.reduce((a, p) => a + p.seconds, 0);
  const cold = probes.slice(0, Math.floor(probes.length / 2));
  const warmup = { seconds: Math.max(0, cold.reduce((a, p) => a + p.seconds - p.rows / rate, 0)), rows: cold.reduce((a, p) => a + p.rows, 0) };
  const boot = await bootSeconds(plan, file);
  const rows = plan.points * plan.samples;
  const busy = Math.min(workers, cut.count);
  const first = cut.at(0);
  const chunkRowsActual = (first.p1 - first.p0) * (first.s1 - first.s0);
  const sampleRanges = first.s1 - first.s0 < plan.samples;
  const perRow = plan.perturbations.length + Object.keys(plan.evaluator.metrics).length + plan.derived.length + 13;
  return {
    plan, rows, rowsPerSecondPerWorker: rate, bootSeconds: boot, warmup, busyWorkers: busy,
    seconds: boot + warmup.seconds + rows / (rate * busy),
    memory: {
      bands: plan.points * bandedColumns(plan).length * BAND_STATS.length * 8,
      // a chunk's columns and the next one's, and the draw columns kept across chunks
      perWorker: chunkRowsActual * perRow * 8 * 2 + drawCacheHeldMax(plan, sampleRanges) * 8,
      block: sampleRanges
        ? Math.min(workers + 1, plan.points / plan.blockPoints) * plan.blockPoints * plan.samples * pointColumns(plan).length * 8 : 0,
      pointsFile: rows * pointsRowBytes(plan),
    },
  };
}

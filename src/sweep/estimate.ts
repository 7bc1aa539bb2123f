// `wattsweep describe FILE`: the expanded grid, sample counts, and estimates of run time and
// memory before committing to a run. Time = a worker's boot (measured: one worker started
// and handed the sweep's smallest task, as a run does) + its warm-up (its first chunks run
// while their code is still being compiled, several times slower than the rest: timed here on
// chunks spread over the grid, until two in a row run at the same rate) + the other samples at
// that steady rate, spread over the workers.
import { availableParallelism } from "node:os";
import { BAND_STATS } from "../stats/bands.ts";
import { computeChunk } from "../execute/chunk.ts";
import { chunking, chunkRowsFor } from "../execute/chunking.ts";
import { closePool, startPool } from "../execute/pool.ts";
import type { ChunkTask } from "../execute/worker.ts";
import { EVALUATORS } from "../evaluators/index.ts";
import { bandedColumns, fingerprint, loadPlan, type Plan } from "../plan/index.ts";
import { pointColumns, pointsRowBytes } from "../output/points.ts";
import { DrawCache } from "../sample/draws.ts";
import { checkExecution } from "./limits.ts";

export interface SweepEstimate {
  plan: Plan;
  rows: number;
  /** samples per second of one worker once warm, measured on chunks across the grid */
  rowsPerSecondPerWorker: number;
  /** seconds from starting a worker to its first result */
  bootSeconds: number;
  /** seconds a worker spends on its first chunks, before it runs at the steady rate, and the samples they hold */
  warmup: { seconds: number; rows: number };
  /** workers that get work: no more than there are chunks */
  busyWorkers: number;
  seconds: number;
  /** bytes: bands held until the end, per-worker chunk buffers, blocks reassembled from sample ranges (one being assembled, one per worker out for its bands), the points.arrow file */
  memory: { bands: number; perWorker: number; block: number; pointsFile: number };
}

/** Seconds from starting one worker to the result of the sweep's first block at one sample. */
async function bootSeconds(plan: Plan, file: string): Promise<number> {
  const t0 = performance.now();
  const pool = startPool(1);
  try {
    const task: ChunkTask = { file, fingerprint: fingerprint(plan), seed: plan.seed, p0: 0, p1: plan.blockPoints, s0: 0, s1: 1, columns: false };
    await pool.run(task);
  } finally {
    await closePool(pool);
  }
  return (performance.now() - t0) / 1000;
}

/** Probe chunks agree on a rate when within this fraction of each other. */
const STEADY = 0.25;
/** At most this many probe chunks, and no new one after this long. */
const MAX_PROBES = 24;
const PROBE_BUDGET_MS = 1000;

export async function estimateSweep(file: string, workerFlag?: number, chunkFlag?: number): Promise<SweepEstimate> {
  const workers = checkExecution(workerFlag, chunkFlag);
  const plan = await loadPlan(file, EVALUATORS);
  const cut = chunking(plan, 0, plan.points, chunkRowsFor(plan, chunkFlag));
  const runner = plan.evaluator.runner(plan);
  const cache = new DrawCache();
  const run = (c: number) => {
    const { p0, p1, s0, s1 } = cut.at(c);
    computeChunk(plan, runner, p0, p1, false, cache, s0, s1);
    return (p1 - p0) * (s1 - s0);
  };
  // Chunks in turn, the first one first and then spread over the grid, until two in a row run
  // within STEADY of each other's rate (or the budget is spent): the chunks before that pair are
  // the warm-up every worker pays, the pair's rate is what it keeps up afterwards.
  const probes = Math.min(cut.count, MAX_PROBES);
  const warmup = { seconds: 0, rows: 0 };
  let last = { seconds: 0, rows: 0 };
  let rate = 0;
  const started = performance.now();
  for (let i = 0; i < probes; i++) {
    const t = performance.now();
    const probe = { rows: run(Math.floor((i * cut.count) / probes)), seconds: Math.max((performance.now() - t) / 1000, 1e-9) };
    const lastRate = last.rows / last.seconds;
    if (i > 0 && Math.abs(probe.rows / probe.seconds - lastRate) <= STEADY * lastRate) {
      rate = (last.rows + probe.rows) / (last.seconds + probe.seconds);
      break;
    }
    warmup.seconds += last.seconds;
    warmup.rows += last.rows;
    last = probe;
    rate = probe.rows / probe.seconds; // the warmest so far, should no pair agree
    if (performance.now() - started > PROBE_BUDGET_MS) break;
  }
  const boot = await bootSeconds(plan, file);
  const rows = plan.points * plan.samples;
  const busy = Math.min(workers, cut.count);
  const first = cut.at(0);
  const chunkRowsActual = (first.p1 - first.p0) * (first.s1 - first.s0);
  const perRow = plan.perturbations.length + Object.keys(plan.evaluator.metrics).length + plan.derived.length + 13;
  return {
    plan, rows, rowsPerSecondPerWorker: rate, bootSeconds: boot, warmup, busyWorkers: busy,
    seconds: boot + warmup.seconds + Math.max(0, rows - busy * warmup.rows) / (rate * busy),
    memory: {
      bands: plan.points * bandedColumns(plan).length * BAND_STATS.length * 8,
      perWorker: chunkRowsActual * perRow * 8 * 2,
      block: first.s1 - first.s0 < plan.samples
        ? Math.min(workers + 1, plan.points / plan.blockPoints) * plan.blockPoints * plan.samples * pointColumns(plan).length * 8 : 0,
      pointsFile: rows * pointsRowBytes(plan),
    },
  };
}

// `wattsweep describe FILE`: the expanded grid, sample counts, and estimates of run time
// (from timing one chunk in this process) and memory, before committing to a run.
import { BAND_STATS } from "../stats/bands.ts";
import { computeChunk } from "../execute/chunk.ts";
import { EVALUATORS } from "../evaluators/index.ts";
import { bandedColumns, loadPlan, type Plan } from "../plan/index.ts";
import { pointColumns } from "../output/points.ts";
import { DrawCache } from "../sample/draws.ts";
import { chunking } from "../execute/chunking.ts";
import { checkExecution } from "./limits.ts";

export interface SweepEstimate {
  plan: Plan;
  rows: number;
  /** samples per second of one worker, measured on a sample chunk */
  rowsPerSecondPerWorker: number;
  seconds: number;
  /** bytes: bands held until the end, per-worker chunk buffers, a block reassembled from sample ranges, the points.arrow file */
  memory: { bands: number; perWorker: number; block: number; pointsFile: number };
}

export async function estimateSweep(file: string, workerFlag?: number, chunkRows = 16384): Promise<SweepEstimate> {
  const workers = checkExecution(workerFlag, chunkRows);
  const plan = await loadPlan(file, EVALUATORS);
  const { p0, p1, s0, s1 } = chunking(plan, 0, plan.points, chunkRows).at(0);
  const chunkRowsActual = (p1 - p0) * (s1 - s0);
  const runner = plan.evaluator.runner(plan);
  const cache = new DrawCache();
  computeChunk(plan, runner, p0, p1, false, cache, s0, s1); // warm-up
  const t0 = performance.now();
  let reps = 0;
  do {
    computeChunk(plan, runner, p0, p1, false, cache, s0, s1);
    reps++;
  } while (performance.now() - t0 < 300);
  const rate = (reps * chunkRowsActual) / ((performance.now() - t0) / 1000);
  const rows = plan.points * plan.samples;
  const perRow = plan.perturbations.length + Object.keys(plan.evaluator.metrics).length + plan.derived.length + 13;
  return {
    plan, rows, rowsPerSecondPerWorker: rate, seconds: rows / (rate * workers),
    memory: {
      bands: plan.points * bandedColumns(plan).length * BAND_STATS.length * 8,
      perWorker: chunkRowsActual * perRow * 8 * 2,
      block: s1 - s0 < plan.samples ? plan.blockPoints * plan.samples * (pointColumns(plan).length) * 8 : 0,
      pointsFile: rows * (8 + 8 * pointColumns(plan).length),
    },
  };
}

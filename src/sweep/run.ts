// A sweep end to end, its stages in order: load the plan (src/plan) while the workers boot,
// evaluate this shard's points on the pool (src/execute: draws, evaluator, bands per point),
// and write bands.csv/bands.arrow, the optional streamed points.arrow and manifest.json
// (src/output) as one atomic result set. On any failure or abort nothing changes in --out.
import { join } from "node:path";
import { InputError } from "../errors.ts";
import { EVALUATORS } from "../evaluators/index.ts";
import { runOnPool, startPool } from "../execute/pool.ts";
import { Interrupted } from "../execute/interrupted.ts";
import { tableToArrow, tableToCsv, writeFileAtomic } from "../io/index.ts";
import { bandsTable } from "../output/bandsTable.ts";
import { manifest, type RunFacts } from "../output/manifest.ts";
import { ResultSet } from "../output/resultSet.ts";
import { PointsWriter } from "../output/points.ts";
import { SweepBands } from "../output/sweepBands.ts";
import { bandedColumns, loadPlan, shardPoints, withSeed, type Plan } from "../plan/index.ts";
import { BAND_STATS } from "../stats/bands.ts";
import { checkExecution } from "./limits.ts";
import { Progress, type ProgressStream } from "./progress.ts";

export interface RunOptions {
  file: string;
  /** results folder (default results/<sweep name>, with -shard-K-of-N for a shard) */
  out?: string;
  /** worker threads (default: the core count) */
  workers?: number;
  /** target rows (point × sample) per chunk; chunks are whole blocks of points (default 16384) */
  chunkRows?: number;
  /** 1-based shard k of n */
  shard?: [number, number];
  /** replace a results folder that holds something else */
  force?: boolean;
  /** replaces the definition's seed (recorded in the manifest) */
  seed?: number;
  /** also write points.arrow with every sample */
  points?: boolean;
  signal?: AbortSignal;
  /** where progress goes (default: process.stderr; null: silent) */
  progress?: ProgressStream | null;
}

export interface RunSummary {
  plan: Plan;
  /** the bands written to bands.csv/.arrow, in memory */
  bands: SweepBands;
  rows: number;
  seconds: number;
  files: string[];
}

export async function runSweepFile(opts: RunOptions): Promise<RunSummary> {
  const chunkRows = opts.chunkRows ?? 16384;
  const workers = checkExecution(opts.workers, chunkRows);
  const [k, n] = opts.shard ?? [1, 1];
  if (!Number.isInteger(n) || n < 1 || !Number.isInteger(k) || k < 1 || k > n) {
    throw new InputError(`--shard = ${k}/${n}: must be K/N with 1 <= K <= N`);
  }
  const pool = startPool(workers);
  let plan: Plan;
  let set: ResultSet;
  try {
    plan = await loadPlan(opts.file, EVALUATORS);
    if (opts.seed !== undefined) plan = withSeed(plan, opts.seed, "--seed");
    set = new ResultSet(opts.out ?? join("results", n > 1 ? `${plan.name}-shard-${k}-of-${n}` : plan.name), { name: plan.name, force: opts.force });
  } catch (err) {
    await pool.destroy();
    throw err;
  }
  const [from, to] = shardPoints(plan, k, n);
  const progress = new Progress(opts.progress === undefined ? process.stderr : opts.progress, plan.name, (to - from) * plan.samples);
  const stride = bandedColumns(plan).length * BAND_STATS.length;
  const bands = new Float64Array((to - from) * stride);
  const points = opts.points ? new PointsWriter(set.path("points.arrow"), plan, from, to) : null;
  try {
    const chunk = await runOnPool(pool, plan, opts.file, from, to,
      { workers, chunkRows, columns: points !== null, signal: opts.signal, progress: (done) => progress.update(done) },
      async (res) => {
        bands.set(res.bands, (res.p0 - from) * stride);
        if (points) await points.append(res);
      });
    await points?.finish();
    const table = bandsTable(plan, from, to, bands);
    writeFileAtomic(set.path("bands.csv"), await tableToCsv(table));
    writeFileAtomic(set.path("bands.arrow"), tableToArrow(table));
    if (opts.signal?.aborted) throw new Interrupted();
    const seconds = progress.seconds();
    const facts: RunFacts = {
      file: opts.file, seedFrom: opts.seed === undefined ? "definition" : "--seed", shard: { k, n, points: [from, to] as [number, number] }, workers,
      chunk: { points: chunk.p1 - chunk.p0, samples: chunk.s1 - chunk.s0 }, wallSeconds: seconds,
    };
    const files = set.commit(manifest(plan, facts));
    const rows = (to - from) * plan.samples;
    progress.finish(`${plan.name}: ${rows} samples (${to - from} points × ${plan.samples}) in ${seconds.toFixed(2)} s, ` +
      `${Math.round(rows / Math.max(seconds, 1e-9))}/s on ${workers} worker${workers > 1 ? "s" : ""} → ${set.out}`);
    return { plan, bands: new SweepBands(plan, from, to, bands), rows, seconds, files };
  } catch (err) {
    progress.clear();
    points?.abort();
    set.abort();
    throw err;
  }
}

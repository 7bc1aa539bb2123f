// A sweep end to end, its stages in order: load the plan (src/plan) while the workers boot,
// evaluate this shard's points on the pool (src/execute: draws, evaluator, bands per point),
// and write bands.csv/bands.arrow, the optional streamed points.arrow and manifest.json
// (src/output). On any failure or abort no partial result file remains.
import { readdirSync, rmdirSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { InputError } from "../errors.ts";
import { EVALUATORS } from "../evaluators/index.ts";
import { runOnPool, startPool } from "../execute/pool.ts";
import { tableToArrow, tableToCsv, writeFileAtomic } from "../io/index.ts";
import { bandsTable } from "../output/bandsTable.ts";
import { writeIndices } from "../output/indicesTable.ts";
import { manifest, type RunFacts } from "../output/manifest.ts";
import { prepareOut } from "../output/folder.ts";
import { PointsWriter } from "../output/points.ts";
import { SweepBands } from "../output/sweepBands.ts";
import { bandedColumns, loadPlan, shardPoints, withSeed, type Plan } from "../plan/index.ts";
import { BAND_STATS } from "../stats/bands.ts";
import { indicesStride } from "../stats/sensitivity/pointIndices.ts";
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
  const workers = opts.workers ?? availableParallelism();
  if (!Number.isInteger(workers) || workers < 1) throw new InputError(`--workers = ${workers}: must be a positive integer`);
  const [k, n] = opts.shard ?? [1, 1];
  if (!Number.isInteger(n) || n < 1 || !Number.isInteger(k) || k < 1 || k > n) {
    throw new InputError(`--shard = ${k}/${n}: must be K/N with 1 <= K <= N`);
  }
  const chunkRows = opts.chunkRows ?? 16384;
  if (!Number.isInteger(chunkRows) || chunkRows < 1) throw new InputError(`--chunk = ${chunkRows}: must be a positive integer`);
  const pool = startPool(workers);
  let plan: Plan;
  let out: string;
  let createdOut: boolean;
  try {
    plan = await loadPlan(opts.file, EVALUATORS);
    if (opts.seed !== undefined) plan = withSeed(plan, opts.seed, "--seed");
    out = opts.out ?? join("results", n > 1 ? `${plan.name}-shard-${k}-of-${n}` : plan.name);
    createdOut = prepareOut(out);
  } catch (err) {
    await pool.destroy();
    throw err;
  }
  const [from, to] = shardPoints(plan, k, n);
  const progress = new Progress(opts.progress === undefined ? process.stderr : opts.progress, plan.name, (to - from) * plan.samples);
  const stride = bandedColumns(plan).length * BAND_STATS.length;
  const bands = new Float64Array((to - from) * stride);
  const indices = new Float64Array((to - from) * indicesStride(plan));
  const points = opts.points ? new PointsWriter(join(out, "points.arrow"), plan, from, to) : null;
  try {
    const chunk = await runOnPool(pool, plan, opts.file, from, to,
      { workers, chunkRows, columns: points !== null, signal: opts.signal, progress: (done) => progress.update(done) },
      async (res) => {
        bands.set(res.bands, (res.p0 - from) * stride);
        indices.set(res.indices, (res.p0 - from) * indicesStride(plan));
        if (points) await points.append(res);
      });
    await points?.finish();
    const table = bandsTable(plan, from, to, bands);
    writeFileAtomic(join(out, "bands.csv"), await tableToCsv(table));
    writeFileAtomic(join(out, "bands.arrow"), tableToArrow(table));
    const indexFiles = await writeIndices(out, plan, from, to, indices);
    const files = ["bands.csv", "bands.arrow", ...indexFiles, ...(points ? ["points.arrow"] : []), "manifest.json"];
    const seconds = progress.seconds();
    const facts: RunFacts = {
      file: opts.file, seedFrom: opts.seed === undefined ? "definition" : "--seed", shard: { k, n, points: [from, to] as [number, number] }, workers,
      chunk: { points: chunk.p1 - chunk.p0, samples: chunk.s1 - chunk.s0 }, wallSeconds: seconds, files,
    };
    writeFileAtomic(join(out, "manifest.json"), JSON.stringify(manifest(plan, facts), null, 2) + "\n");
    const rows = (to - from) * plan.samples;
    progress.finish(`${plan.name}: ${rows} samples (${to - from} points × ${plan.samples}) in ${seconds.toFixed(2)} s, ` +
      `${Math.round(rows / Math.max(seconds, 1e-9))}/s on ${workers} worker${workers > 1 ? "s" : ""} → ${out}`);
    return { plan, bands: new SweepBands(plan, from, to, bands), rows, seconds, files: files.map((f) => join(out, f)) };
  } catch (err) {
    progress.clear();
    points?.abort();
    if (createdOut && readdirSync(out).length === 0) rmdirSync(out);
    throw err;
  }
}

// A sweep end to end, its stages in order: load the plan (src/plan), then
// evaluate this shard's points on the pool (src/execute: draws, evaluator, bands per point),
// and write bands.csv/.arrow/.parquet, the optional streamed points.arrow/.parquet and manifest.json
// (src/output) as one atomic result set. On any failure or abort nothing changes in --out.
import { join } from "node:path";
import type { Piscina } from "piscina";
import { InputError } from "../errors.ts";
import { EVALUATORS } from "../evaluators/index.ts";
import { chunking, chunkRowsFor } from "../execute/chunking.ts";
import { runOnPool, type SharedPool } from "../execute/pool.ts";
import { closePool, preloadPlan, startPool, takeEarlyPool, THREADS_BOOT_FAST } from "../execute/threads.ts";
import { Interrupted } from "../execute/interrupted.ts";
import { askGitCommit, loadTableWriters, TABLE_FORMATS, TableFileSink, type ColumnTable, type TableFormat } from "../io/index.ts";
import { bandsTable } from "../output/bandsTable.ts";
import { writeIndices } from "../output/indicesTable.ts";
import { manifest, type RunFacts } from "../output/manifest.ts";
import { ResultSet } from "../output/resultSet.ts";
import { SweepBands } from "../output/sweepBands.ts";
import { bandedColumns, loadPlan, shardSlice, withSeed, type Plan } from "../plan/index.ts";
import { BAND_STATS } from "../stats/bands.ts";
import { indicesStride } from "../stats/sensitivity/pointIndices.ts";
import { checkExecution } from "./limits.ts";
import { Progress, type ProgressStream } from "./progress.ts";

export interface RunOptions {
  file: string;
  /** results folder (default results/<sweep name>, with -shard-K-of-N for a shard) */
  out?: string;
  /** worker threads (default: the core count) */
  workers?: number;
  /** threads shared with other runs, started on first use and left running (the paper's studies); replaces `workers` */
  pool?: SharedPool;
  /** target rows (point × sample) per chunk; chunks are whole blocks of points (default: the evaluator's, see chunkRowsFor) */
  chunkRows?: number;
  /** 1-based shard k of n */
  shard?: [number, number];
  /** replace a results folder that holds something else */
  force?: boolean;
  /** the folder to name in messages when `out` is inside a set still being written (paper) */
  outLabel?: string;
  /** replaces the definition's seed (recorded in the manifest) */
  seed?: number;
  /** also write points.arrow/.parquet with every sample */
  points?: boolean;
  /** formats of bands (and points: arrow, parquet); default all three */
  formats?: readonly TableFormat[];
  signal?: AbortSignal;
  /** where progress goes (default: process.stderr; null: silent) */
  progress?: ProgressStream | null;
}

export interface RunSummary {
  plan: Plan;
  /** the bands written to bands.csv/.arrow, in memory; null for a shard of samples (merge bands them) */
  bands: SweepBands | null;
  /** the indices table written to indices.*, in memory; null without a sensitivity design or for a shard of samples */
  indices: ColumnTable | null;
  rows: number;
  seconds: number;
  files: string[];
}

/**
 * Points whose bands go to their files at a time: a batch per chunk would make a table per
 * chunk, a cost the coordinator pays per chunk, and a part's worth (TABLE_GROUP_ROWS) leaves
 * the last part's CSV lines to be formatted after the last chunk, while the run waits.
 */
const BANDS_BATCH_POINTS = 256;

/**
 * Whether the bands of points [written, done) of a run ending at point `to` go to their files
 * now: a batch's worth; the rows that complete an Arrow/Parquet part (`rowsToPart`, the sink's
 * count), which is then encoded while later chunks compute; or every chunk in the last batch's
 * worth of points, so that after the last chunk (always handed on) nothing is left to write.
 */
export function bandsBatchDue(to: number, written: number, done: number, rowsToPart: number): boolean {
  return done - written >= Math.min(BANDS_BATCH_POINTS, rowsToPart) || to - done < BANDS_BATCH_POINTS;
}

export async function runSweepFile(opts: RunOptions): Promise<RunSummary> {
  const workers = checkExecution(opts.pool?.workers ?? opts.workers, opts.chunkRows);
  const [k, n] = opts.shard ?? [1, 1];
  if (!Number.isInteger(n) || n < 1 || !Number.isInteger(k) || k < 1 || k > n) {
    throw new InputError(`--shard = ${k}/${n}: must be K/N with 1 <= K <= N`);
  }
  const formats = checkFormats(opts.formats ?? TABLE_FORMATS, n, opts.points === true);
  // One worker starts now (or did as the CLI started: takeEarlyPool) and loads its modules
  // while the plan loads (the sweep file's compile among it); the pool starts the others only
  // as chunks queue, so it has no more threads than chunks. closePool waits for threads to be
  // up before it ends them.
  const early = opts.pool || !THREADS_BOOT_FAST ? null : takeEarlyPool(workers) ?? startPool(workers, 1);
  let plan: Plan;
  try {
    // the thread loads the plan as soon as the sweep file is compiled, while this thread does
    plan = await loadPlan(opts.file, EVALUATORS, { onCompiled: (module) => { if (early) preloadPlan(early, opts.file, module); } });
    if (opts.seed !== undefined) plan = withSeed(plan, opts.seed, "--seed");
  } catch (err) {
    // a bad sweep file fails as fast as without the thread, which closes once up (the CLI
    // waits for that before it exits: poolsClosed)
    if (early) void closePool(early);
    throw err;
  }
  try {
    return await runPlan(opts, plan, workers, [k, n], formats, early);
  } finally {
    if (early) await closePool(early);
  }
}

async function runPlan(opts: RunOptions, plan: Plan, workers: number, [k, n]: [number, number], formats: readonly TableFormat[],
  early: Piscina | null): Promise<RunSummary> {
  const chunkRows = chunkRowsFor(plan, opts.chunkRows);
  const slice = shardSlice(plan, k, n);
  const set = new ResultSet(opts.out ?? join("results", n > 1 ? `${plan.name}-shard-${k}-of-${n}` : plan.name), { name: plan.name, force: opts.force });
  const threads = Math.min(workers, chunking(plan, slice.points[0], slice.points[1], chunkRows, slice.samples).count);
  const [from, to] = slice.points;
  const [s0, s1] = slice.samples;
  // a shard of samples writes them for merge to band; otherwise bands (and points) per point
  const bySamples = s1 - s0 < plan.samples;
  const rows = (to - from) * (s1 - s0);
  const progress = new Progress(opts.progress === undefined ? process.stderr : opts.progress, plan.name, rows);
  const stride = bandedColumns(plan).length * BAND_STATS.length;
  const bands = new Float64Array(bySamples ? 0 : (to - from) * stride);
  // the Arrow writers of points and sample shards load only for such runs; those of the bands
  // files load while the chunks compute
  const points = opts.points && !bySamples ? new (await import("../output/points.ts")).PointsWriter({
    arrow: formats.includes("arrow") ? set.path("points.arrow") : undefined,
    parquet: formats.includes("parquet") ? set.path("points.parquet") : undefined,
  }, plan, from, to) : null;
  const samples = bySamples ? new (await import("../output/samples.ts")).SamplesWriter(set.path("samples.arrow"), plan) : null;
  // bands.* are written as the chunks come back (io/tableSink.ts), so that encoding them
  // overlaps the compute: batches (bandsBatchDue) go to the sink, which writes their CSV lines
  // at once and cuts Arrow and Parquet parts every TABLE_GROUP_ROWS rows; a shared
  // pool's owner (the paper) has a worker write them at the end
  const bandsFiles = bySamples || opts.pool ? null : new TableFileSink(set.dir, "bands", formats);
  if (bandsFiles) void loadTableWriters(formats); // while the first chunks compute
  /** Points [from, written) went to bandsFiles; the rest up to `until` (or none) go now. */
  let written = from;
  const writeBands = async (until: number) => {
    await bandsFiles!.append(bandsTable(plan, written, until, bands.subarray((written - from) * stride, (until - from) * stride)));
    written = until;
  };
  const indices = new Float64Array(bySamples ? 0 : (to - from) * indicesStride(plan));
  let indicesRows: ColumnTable | null = null;
  // an empty shard has no chunk; a shared pool is its owner's to close, ours closes once the chunks are back
  const own = opts.pool || threads === 0 ? null : early ?? startPool(threads);
  // the threads close while the files are finished (the run returns once they are closed)
  let closed: Promise<void> | null = null;
  try {
    const chunk = threads === 0 ? { p0: from, p1: from, s0, s1: s0 } : await runOnPool(own ?? opts.pool!.piscina, plan, opts.file, from, to,
      { workers: threads, chunkRows, columns: points !== null || bySamples, sampleRange: slice.samples, signal: opts.signal, progress: (done) => progress.update(done) },
      async (res) => {
        askGitCommit(); // for the manifest, while the other chunks compute
        if (samples) return samples.append(res);
        bands.set(res.bands, (res.p0 - from) * stride);
        indices.set(res.indices, (res.p0 - from) * indicesStride(plan));
        if (points) await points.append(res);
        if (bandsFiles && bandsBatchDue(to, written, res.p1, bandsFiles.rowsToPart)) await writeBands(res.p1);
      }).finally(() => {
        closed = own && closePool(own); // not returned: the run goes on to its files while the threads close
      });
    await points?.finish();
    await samples?.finish();
    if (!bySamples) {
      if (opts.pool) await opts.pool.writeTable({ dir: set.dir, name: "bands", table: bandsTable(plan, from, to, bands), metadata: {}, formats });
      else {
        if (from === to) await writeBands(to); // no chunk: the files get the columns alone
        await bandsFiles!.finish();
      }
      indicesRows = await writeIndices(set.dir, plan, from, to, indices, formats);
    }
    if (opts.signal?.aborted) throw new Interrupted();
    const seconds = progress.seconds();
    const facts: RunFacts = {
      file: opts.file, seedFrom: opts.seed === undefined ? "definition" : "--seed",
      shard: { k, n, points: [from, to], samples: slice.samples }, points: opts.points === true, formats, workers,
      chunk: { points: chunk.p1 - chunk.p0, samples: chunk.s1 - chunk.s0 }, wallSeconds: seconds,
    };
    const files = set.commit(manifest(plan, facts));
    progress.finish(`${plan.name}: ${rows} samples (${to - from} points × ${s1 - s0}) in ${seconds.toFixed(2)} s, ` +
      `${Math.round(rows / Math.max(seconds, 1e-9))}/s on ${workers} worker${workers > 1 ? "s" : ""} → ${opts.outLabel ?? set.out}`);
    return { plan, bands: bySamples ? null : new SweepBands(plan, from, to, bands), indices: indicesRows, rows, seconds, files };
  } catch (err) {
    progress.clear();
    points?.abort();
    samples?.abort();
    await bandsFiles?.abort();
    set.abort();
    throw err;
  } finally {
    await closed;
  }
}

/** Shards need Arrow (merge reads their Arrow files); points are written in Arrow or Parquet only. */
function checkFormats(formats: readonly TableFormat[], shards: number, points: boolean): readonly TableFormat[] {
  if (formats.length === 0) throw new InputError("--format: name at least one of csv, arrow, parquet");
  if (shards > 1 && !formats.includes("arrow")) throw new InputError(`--format = ${formats.join(",")}: a --shard run needs arrow (merge reads the shards' Arrow files)`);
  if (points && !formats.some((f) => f !== "csv")) throw new InputError(`--format = ${formats.join(",")}: --points are written as arrow or parquet; add one of them`);
  return formats;
}

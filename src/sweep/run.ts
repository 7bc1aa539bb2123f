// The coordinator: expands a sweep's (shard of the) grid into chunks of whole blocks, runs
// them on a piscina pool, and assembles the results strictly by point index — never by
// arrival — into bands.csv/bands.arrow, an optional streamed points.arrow and manifest.json.
// On any failure or abort the workers are stopped and no partial result file remains.
import { accessSync, constants, existsSync, mkdirSync, readdirSync, rmdirSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { Piscina } from "piscina";
import { InputError } from "../errors.ts";
import { tableToArrow, tableToCsv, writeFileAtomic } from "../io/index.ts";
import { BAND_STATS } from "./bands.ts";
import { bandsTable, manifest } from "./bandsTable.ts";
import { bandedColumns, pointBands, type ChunkResult } from "./chunk.ts";
import { loadPlan } from "./load.ts";
import { type Plan, shardPoints } from "./plan.ts";
import { PointsWriter } from "./points.ts";
import { Progress, type ProgressStream } from "./progress.ts";
import { Interrupted } from "./interrupted.ts";
import { INPUT_ERROR_TAG, type ChunkTask } from "./worker.ts";

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
  /** also write points.arrow with every sample */
  points?: boolean;
  signal?: AbortSignal;
  /** where progress goes (default: process.stderr; null: silent) */
  progress?: ProgressStream | null;
}

export interface RunSummary {
  plan: Plan;
  rows: number;
  seconds: number;
  files: string[];
}

const WORKER_URL = new URL("./worker.mjs", import.meta.url);
/** Rows (point × sample) the coordinator lets be in flight or waiting for their turn. */
const WINDOW_ROWS = 2 ** 21;

/** Creates the output folder if needed; fails with an InputError unless it is writable. */
export function prepareOut(out: string): boolean {
  const existed = existsSync(out);
  try {
    mkdirSync(out, { recursive: true });
    accessSync(out, constants.W_OK);
  } catch (err) {
    throw new InputError(`${out}: output folder is not writable (${(err as NodeJS.ErrnoException).code ?? "error"})`);
  }
  return !existed;
}

export function chunkPointsFor(plan: Plan, chunkRows: number): number {
  return plan.blockPoints * Math.max(1, Math.round(chunkRows / (plan.samples * plan.blockPoints)));
}

export interface ChunkSpec {
  p0: number;
  p1: number;
  s0: number;
  s1: number;
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

function workerError(err: unknown): Error {
  const msg = err instanceof Error ? err.message : String(err);
  if (msg.startsWith(INPUT_ERROR_TAG)) return new InputError(msg.slice(INPUT_ERROR_TAG.length));
  return err instanceof Error ? err : new Error(msg);
}

export async function runSweep(opts: RunOptions): Promise<RunSummary> {
  const workers = opts.workers ?? availableParallelism();
  if (!Number.isInteger(workers) || workers < 1) throw new InputError(`--workers = ${workers}: must be a positive integer`);
  const [k, n] = opts.shard ?? [1, 1];
  if (!Number.isInteger(n) || n < 1 || !Number.isInteger(k) || k < 1 || k > n) {
    throw new InputError(`--shard = ${k}/${n}: must be K/N with 1 <= K <= N`);
  }
  const chunkRows = opts.chunkRows ?? 16384;
  if (!Number.isInteger(chunkRows) || chunkRows < 1) throw new InputError(`--chunk = ${chunkRows}: must be a positive integer`);
  // the workers boot (tsx, the package's modules) while this thread loads the plan
  const pool = new Piscina({ filename: WORKER_URL.href, minThreads: workers, maxThreads: workers, idleTimeout: 1000 });
  let plan: Plan;
  let out: string;
  let createdOut: boolean;
  try {
    plan = await loadPlan(opts.file);
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
  const pointsPath = join(out, "points.arrow");
  const points = opts.points ? new PointsWriter(pointsPath, plan, from, to) : null;
  // Failures and Ctrl-C stop the loop; the chunks in flight (a few, small) are let finish and
  // the pool is destroyed. Tasks get no AbortSignal, and the pool is not destroyed under a
  // running task: piscina then throws an uncaught "Unexpected message from Worker".
  let failure: Error | null = null;
  let wake: () => void = () => undefined;
  const stop = () => {
    failure ??= new Interrupted();
    wake();
  };
  opts.signal?.addEventListener("abort", stop);
  const pending = new Map<number, Promise<ChunkResult>>();

  try {
    if (opts.signal?.aborted) throw new Interrupted();
    const { count: chunks, at } = chunking(plan, from, to, chunkRows);
    const first = at(0);
    // chunks in flight: enough to keep every worker busy, few when chunks are huge (memory)
    const window = Math.max(workers, Math.min(2 * workers + 2, Math.floor(WINDOW_ROWS / ((first.p1 - first.p0) * (first.s1 - first.s0)))));
    // a block cut into sample ranges is put back together here (point-major, all samples);
    // reused block after block: it is written out (synchronously drained) before the next
    let block: Float64Array[] = [];
    let submitted = 0;
    let done = 0;
    for (let c = 0; c < chunks; c++) {
      while (submitted < chunks && submitted < c + window) {
        const task: ChunkTask = { file: opts.file, sourceHash: plan.sourceHash, ...at(submitted), columns: points !== null };
        const run = pool.run(task) as Promise<ChunkResult>;
        run.catch((err: unknown) => {
          failure ??= workerError(err);
          wake();
        });
        pending.set(submitted++, run);
      }
      const interrupted = new Promise<null>((resolve) => {
        wake = () => resolve(null);
      });
      let res = (await Promise.race([pending.get(c)!.catch(() => null), interrupted]))!;
      if (failure) throw failure;
      pending.delete(c);
      const span = res.s1 - res.s0;
      done += (res.p1 - res.p0) * span;
      progress.update(done);
      if (span < plan.samples) {
        const S = plan.samples;
        if (block.length === 0) block = res.columns!.map(() => new Float64Array((res.p1 - res.p0) * S));
        for (let k = 0; k < block.length; k++) {
          for (let q = 0; q < res.p1 - res.p0; q++) block[k].set(res.columns![k].subarray(q * span, (q + 1) * span), q * S + res.s0);
        }
        if (res.s1 < S) continue;
        const banded = points ? block.slice(plan.perturbations.length) : block;
        res = { p0: res.p0, p1: res.p1, s0: 0, s1: S, bands: pointBands(plan, res.p0, res.p1, banded), columns: points ? block : null };
      }
      bands.set(res.bands, (res.p0 - from) * stride);
      if (points) await points.append(res);
    }
    if (failure) throw failure;
    await pool.destroy();
    const files = ["bands.csv", "bands.arrow", ...(points ? ["points.arrow"] : []), "manifest.json"];
    await points?.finish();
    const table = bandsTable(plan, from, to, bands);
    writeFileAtomic(join(out, "bands.csv"), await tableToCsv(table));
    writeFileAtomic(join(out, "bands.arrow"), tableToArrow(table));
    const seconds = progress.seconds();
    const chunk = at(0);
    const facts = {
      file: opts.file, shard: { k, n, points: [from, to] as [number, number] }, workers,
      chunk: { points: chunk.p1 - chunk.p0, samples: chunk.s1 - chunk.s0 }, wallSeconds: seconds, files,
    };
    writeFileAtomic(join(out, "manifest.json"), JSON.stringify(manifest(plan, facts), null, 2) + "\n");
    const rows = (to - from) * plan.samples;
    progress.finish(`${plan.name}: ${rows} samples (${to - from} points × ${plan.samples}) in ${seconds.toFixed(2)} s, ` +
      `${Math.round(rows / Math.max(seconds, 1e-9))}/s on ${workers} worker${workers > 1 ? "s" : ""} → ${out}`);
    return { plan, rows, seconds, files: files.map((f) => join(out, f)) };
  } catch (err) {
    progress.clear();
    await Promise.allSettled(pending.values());
    await pool.destroy().catch(() => undefined);
    points?.abort();
    if (createdOut && readdirSync(out).length === 0) rmdirSync(out);
    throw err;
  } finally {
    opts.signal?.removeEventListener("abort", stop);
  }
}

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
import { bandedColumns, type ChunkResult } from "./chunk.ts";
import { loadPlan } from "./load.ts";
import { type Plan, shardPoints } from "./plan.ts";
import { PointsWriter } from "./points.ts";
import { Progress, type ProgressStream } from "./progress.ts";
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

/** Raised when the run is stopped by its AbortSignal (Ctrl-C). */
export class Interrupted extends Error {
  constructor() {
    super("interrupted; no result files written");
    this.name = "Interrupted";
  }
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

function workerError(err: unknown): Error {
  const msg = err instanceof Error ? err.message : String(err);
  if (msg.startsWith(INPUT_ERROR_TAG)) return new InputError(msg.slice(INPUT_ERROR_TAG.length));
  return err instanceof Error ? err : new Error(msg);
}

export async function runSweep(opts: RunOptions): Promise<RunSummary> {
  const plan = await loadPlan(opts.file);
  const workers = opts.workers ?? availableParallelism();
  if (!Number.isInteger(workers) || workers < 1) throw new InputError(`--workers = ${workers}: must be a positive integer`);
  const [k, n] = opts.shard ?? [1, 1];
  if (!Number.isInteger(n) || n < 1 || !Number.isInteger(k) || k < 1 || k > n) {
    throw new InputError(`--shard = ${k}/${n}: must be K/N with 1 <= K <= N`);
  }
  const chunkRows = opts.chunkRows ?? 16384;
  if (!Number.isInteger(chunkRows) || chunkRows < 1) throw new InputError(`--chunk = ${chunkRows}: must be a positive integer`);
  const out = opts.out ?? join("results", n > 1 ? `${plan.name}-shard-${k}-of-${n}` : plan.name);
  const [from, to] = shardPoints(plan, k, n);
  const chunkPoints = chunkPointsFor(plan, chunkRows);
  const createdOut = prepareOut(out);
  const progress = new Progress(opts.progress === undefined ? process.stderr : opts.progress, plan.name, (to - from) * plan.samples);

  const stride = bandedColumns(plan).length * BAND_STATS.length;
  const bands = new Float64Array((to - from) * stride);
  const pointsPath = join(out, "points.arrow");
  const points = opts.points ? new PointsWriter(pointsPath, plan, from, to) : null;
  const pool = new Piscina({ filename: WORKER_URL.href, minThreads: workers, maxThreads: workers, idleTimeout: 1000 });
  // Failures and Ctrl-C stop the loop; the pool is then destroyed (workers terminated).
  // Tasks get no AbortSignal: aborting a running piscina task races its reply.
  let failure: Error | null = null;
  let wake: () => void = () => undefined;
  const stop = () => {
    failure ??= new Interrupted();
    wake();
  };
  opts.signal?.addEventListener("abort", stop);

  try {
    if (opts.signal?.aborted) throw new Interrupted();
    const chunks = Math.ceil((to - from) / chunkPoints);
    // chunks in flight: enough to keep every worker busy, few when chunks are huge (memory)
    const window = Math.max(workers, Math.min(2 * workers + 2, Math.floor(WINDOW_ROWS / (chunkPoints * plan.samples))));
    const pending = new Map<number, Promise<ChunkResult>>();
    let submitted = 0;
    let done = 0;
    for (let c = 0; c < chunks; c++) {
      while (submitted < chunks && submitted < c + window) {
        const p0 = from + submitted * chunkPoints;
        const task: ChunkTask = { file: opts.file, sourceHash: plan.sourceHash, p0, p1: Math.min(to, p0 + chunkPoints), columns: points !== null };
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
      const res = await Promise.race([pending.get(c)!.catch(() => null), interrupted]);
      if (failure) throw failure;
      pending.delete(c);
      bands.set(res!.bands, (res!.p0 - from) * stride);
      if (points) await points.append(res!);
      done += (res!.p1 - res!.p0) * plan.samples;
      progress.update(done);
    }
    if (failure) throw failure;
    await pool.destroy();
    const files = ["bands.csv", "bands.arrow", ...(points ? ["points.arrow"] : []), "manifest.json"];
    await points?.finish();
    const table = bandsTable(plan, from, to, bands);
    writeFileAtomic(join(out, "bands.csv"), await tableToCsv(table));
    writeFileAtomic(join(out, "bands.arrow"), tableToArrow(table));
    const seconds = progress.seconds();
    const facts = { file: opts.file, shard: { k, n, points: [from, to] as [number, number] }, workers, chunkPoints, wallSeconds: seconds, files };
    writeFileAtomic(join(out, "manifest.json"), JSON.stringify(manifest(plan, facts), null, 2) + "\n");
    const rows = (to - from) * plan.samples;
    progress.finish(`${plan.name}: ${rows} samples (${to - from} points × ${plan.samples}) in ${seconds.toFixed(2)} s, ` +
      `${Math.round(rows / Math.max(seconds, 1e-9))}/s on ${workers} worker${workers > 1 ? "s" : ""} → ${out}`);
    return { plan, rows, seconds, files: files.map((f) => join(out, f)) };
  } catch (err) {
    progress.clear();
    await pool.destroy().catch(() => undefined);
    points?.abort();
    if (createdOut && readdirSync(out).length === 0) rmdirSync(out);
    throw err;
  } finally {
    opts.signal?.removeEventListener("abort", stop);
  }
}

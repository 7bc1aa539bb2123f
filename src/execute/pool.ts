// Runs a plan's points [from, to) on a piscina pool and hands the results to `onBlock`
// strictly in point order, never by arrival, so what the caller writes does not depend on
// workers or chunking. A block cut into sample ranges is reassembled here and sent to a
// worker for its bands and indices (reduceBlock) while the other workers evaluate on. On a
// failure or an abort the tasks in flight are let finish before the error goes on: whoever
// started the pool destroys it, never under a running task (piscina then throws an uncaught
// "Unexpected message from Worker").
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import type { Piscina as PiscinaType } from "piscina";
import { InputError } from "../errors.ts";
import { packagePath } from "../packageRoot.ts";
import type { DesCheck, PoolDesJob } from "../fleet/index.ts";
import { fingerprint, type Plan } from "../plan/index.ts";
import type { ChunkResult } from "./chunk.ts";
import { chunking, type ChunkSpec } from "./chunking.ts";
import { trackClosing } from "./closing.ts";
import { Interrupted } from "./interrupted.ts";
import { INPUT_ERROR_TAG, POOL_THREAD, SYSTEM_ERROR_TAG, WORKER_UP } from "./protocol.ts";
import type { ChunkClaim, ChunkTask, ClaimedResult, PlanTask, ReduceResult, ReduceTask, WriteTableTask } from "./worker.ts";

/**
 * piscina is CommonJS: required, as import() would first scan each of its files for their
 * exports, on every run's path to its first thread (twice the time: `node -e` importing and
 * requiring it in a fresh process).
 */
const { Piscina } = createRequire(import.meta.url)("piscina") as typeof import("piscina");
type Piscina = PiscinaType;

// Built, the worker is plain JavaScript, an entry point of the bundle (dist/worker.js); run
// from src/ (tests, the bench) worker.mjs first registers the TypeScript loader the thread
// does not inherit.
const WORKER_URL = import.meta.url.endsWith(".ts") ? new URL("./worker.mjs", import.meta.url) : pathToFileURL(packagePath("dist/worker.js"));
/**
 * Whether a thread loads plain JavaScript (under 0.1 s: the bench's worker_boot_s): then a run starts one before its plan
 * loads. Through the TypeScript loader a thread costs several times that in CPU, which a run
 * whose plan fails (most runs of the tests) would spend for nothing.
 */
export const THREADS_BOOT_FAST = !import.meta.url.endsWith(".ts");
/** Rows (point × sample) the coordinator lets be in flight or waiting for their turn. */
const WINDOW_ROWS = 2 ** 21;

export interface PoolOptions {
  workers: number;
  chunkRows: number;
  /** per-row columns (draws, metrics, derived) wanted in every result, for points.arrow */
  columns: boolean;
  signal?: AbortSignal;
  /**
   * a shard's sample range (default: all samples): with fewer than all, every chunk goes to
   * onBlock as it is (columns, no bands), for merge to band them
   */
  sampleRange?: readonly [number, number];
  /** told the rows (point × sample) done so far after every chunk */
  progress?: (rowsDone: number) => void;
}

/** Tasks a worker holds at once: the next waits in its own queue, so a worker that finishes one starts the next at once instead of idling for a round trip to this thread. */
const TASKS_PER_WORKER = 2;
/**
 * Chunk tasks (the default task) a worker may hold: claims on a run's next chunk (ChunkClaim),
 * so a deep queue leaves no worker with chunks while another idles, and a worker runs on
 * while this thread is busy for a while (a part of the bands written, see TableFileSink).
 */
const CLAIMS_PER_WORKER = 32;

type Balancer = NonNullable<NonNullable<ConstructorParameters<typeof Piscina>[0]>["loadBalancer"]>;

/**
 * An idle worker if there is one; else, while the pool may still start threads, none (piscina
 * then starts one, and the task goes to whichever thread is free first), so chunks spread
 * over threads before they queue behind each other; else the least busy with room.
 */
function spreadFirst(maxThreads: number): Balancer {
  return (task, workers) => {
    let least: (typeof workers)[number] | null = null;
    for (const w of workers) {
      if (w.currentUsage === 0) return w;
      if (least === null || w.currentUsage < least.currentUsage) least = w;
    }
    const room = task.name === "default" ? CLAIMS_PER_WORKER : TASKS_PER_WORKER;
    return workers.length < maxThreads || least === null || least.currentUsage >= room ? null : least;
  };
}

/** Per pool, the threads that said their modules are loaded (WORKER_UP). */
const upThreads = new WeakMap<Piscina, Set<number>>();

/**
 * Starts a pool of up to `workers` threads, `initial` of them now (the rest as chunks queue):
 * a caller may start it before loading the plan, so the threads load their modules meanwhile.
 * Close it with closePool.
 */
export function startPool(workers: number, initial = workers): Piscina {
  // stricterFIFO: a task that finds every worker busy goes back to the front of the queue, not
  // the back; otherwise each freed worker rotates the queue, and the chunk a run waits for
  // next (results are taken in point order) can fall behind every chunk queued after it
  const pool = new Piscina({
    filename: WORKER_URL.href, workerData: POOL_THREAD, minThreads: initial, maxThreads: workers, idleTimeout: 1000, stricterFIFO: true,
    concurrentTasksPerWorker: CLAIMS_PER_WORKER, loadBalancer: spreadFirst(workers),
  });
  const up = new Set<number>();
  pool.on("message", (m: unknown) => {
    if (typeof m === "object" && m !== null && WORKER_UP in m) up.add((m as Record<string, number>)[WORKER_UP]);
  });
  upThreads.set(pool, up);
  return pool;
}

/** A pool started before its run's command line was parsed (startEarlyPool), until a run takes it. */
let waiting: { workers: number; pool: Piscina } | null = null;

/**
 * Starts a pool of up to `workers` threads, one now, for the next run to take
 * (takeEarlyPool): the CLI's `run` starts it before it loads the modules of its command line
 * and of the run, which the thread's boot then overlaps. Under the TypeScript loader none (see
 * THREADS_BOOT_FAST).
 */
export function startEarlyPool(workers: number): void {
  if (THREADS_BOOT_FAST && waiting === null) waiting = { workers, pool: startPool(workers, 1) };
}

/** The pool startEarlyPool started if it has up to `workers` threads (another one closes); null if none. Each pool is taken once. */
export function takeEarlyPool(workers: number): Piscina | null {
  const found = waiting;
  waiting = null;
  if (found === null) return null;
  if (found.workers === workers) return found.pool;
  void closePool(found.pool);
  return null;
}

/** Longest wait for a thread to load its modules before a pool is closed regardless. */
const UP_TIMEOUT_MS = 30_000;
/** Per pool, its closing (a second closePool waits for the first). */
const closing = new WeakMap<Piscina, Promise<void>>();

/**
 * Destroys a pool once every thread it started has loaded its modules: terminating a thread
 * while it loads them can abort the whole process (a V8 fatal error seen on Node 20), and a
 * pool started before its plan was loaded, or grown for queued chunks, may close that early;
 * and once its preloadPlan tasks are done (a run that fails before its first task leaves one
 * running).
 */
export function closePool(pool: Piscina): Promise<void> {
  let closed = closing.get(pool);
  if (closed === undefined) {
    closed = (async () => {
      const up = upThreads.get(pool)!;
      const until = performance.now() + UP_TIMEOUT_MS;
      while (!pool.threads.every((t) => up.has(t.threadId)) && performance.now() < until) {
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      await Promise.all(preloads.get(pool) ?? []);
      await pool.destroy();
    })();
    closing.set(pool, closed);
    trackClosing(closed);
  }
  return closed;
}


/**
 * Worker threads several runs share (the paper's studies and its simulations, all at once),
 * so no run waits for another's last chunk or boots threads of its own. Started on first
 * use; whoever made it destroys it once every run on it has settled.
 */
export class SharedPool {
  private pool: Piscina | null = null;

  constructor(readonly workers: number) {}

  get piscina(): Piscina {
    return (this.pool ??= startPool(this.workers));
  }

  /** One pool's discrete-event simulation (src/fleet/des) on a worker. */
  simulate(job: PoolDesJob): Promise<DesCheck> {
    return runTask<DesCheck>(this.piscina, job, { name: "simulatePool" });
  }

  /**
   * writeTableFiles on a worker: formatting a large table (CSV, Arrow, Parquet) takes this
   * thread long enough for the workers to run out of chunks while other runs wait to be fed.
   */
  writeTable(task: WriteTableTask): Promise<string[]> {
    return runTask<string[]>(this.piscina, task, { name: "writeTable" });
  }

  async destroy(): Promise<void> {
    if (this.pool !== null) await closePool(this.pool);
    this.pool = null;
  }
}

/** What every task of a plan tells its worker: the sweep file, the module the coordinator compiled it to (workers do not compile it again), its fingerprint and seed. */
export function planTaskOf(plan: Plan, file: string): PlanTask {
  return { file, module: plan.module, fingerprint: fingerprint(plan), seed: plan.seed };
}

/**
 * Has a thread of `pool` load the plan of `file` from its compiled `module` ahead of the
 * run's tasks (worker.ts preloadPlan); the run's tasks report a plan that fails.
 */
export function preloadPlan(pool: Piscina, file: string, module: string): void {
  const done = runTask<void>(pool, { file, module }, { name: "preloadPlan" }).catch(() => undefined);
  preloads.set(pool, [...(preloads.get(pool) ?? []), done]);
}

/** Per pool, its preloadPlan tasks: closePool waits for them (no run's task waits behind them when the run fails first). */
const preloads = new WeakMap<Piscina, Array<Promise<void>>>();

/** A task on a thread of `pool` (the default task: a chunk); a failure comes back as workerError made it. */
export function runTask<T>(pool: Piscina, task: unknown, options?: Parameters<Piscina["run"]>[1]): Promise<T> {
  return (pool.run(task, options) as Promise<T>).catch((err: unknown) => {
    throw workerError(err);
  });
}

/** A worker's error as it was thrown there: InputError, a system error with its code, or as it came. */
function workerError(err: unknown): Error {
  const msg = err instanceof Error ? err.message : String(err);
  if (msg.startsWith(INPUT_ERROR_TAG)) return new InputError(msg.slice(INPUT_ERROR_TAG.length));
  if (msg.startsWith(SYSTEM_ERROR_TAG)) {
    const { message, ...fields } = JSON.parse(msg.slice(SYSTEM_ERROR_TAG.length)) as NodeJS.ErrnoException;
    return Object.assign(new Error(message), fields);
  }
  return err instanceof Error ? err : new Error(msg);
}

/**
 * Evaluates points [from, to) of the plan loaded from `file` and calls `onBlock` with each
 * result that holds all samples of its points (or of o.sampleRange), in order; on a failure,
 * throws once no chunk of the run is in flight. Returns the first chunk's shape (for the manifest).
 */
export async function runOnPool(pool: Piscina, plan: Plan, file: string, from: number, to: number, o: PoolOptions,
  onBlock: (res: ChunkResult) => Promise<void> | void): Promise<ChunkSpec> {
  let failure: Error | null = null;
  let wake: () => void = () => undefined;
  const stop = () => {
    failure ??= new Interrupted();
    wake();
  };
  o.signal?.addEventListener("abort", stop);
  const failed = (err: unknown) => {
    failure ??= err as Error; // as runTask passes it on
    wake();
  };
  /** `task`'s result, or the run's failure (a worker's error, an abort) as soon as there is one, or if one came before (while this thread was busy with an earlier result: nothing waited to be woken) */
  const settle = async <T>(task: Promise<T>): Promise<T> => {
    if (failure) throw failure;
    const interrupted = new Promise<null>((resolve) => {
      wake = () => resolve(null);
    });
    const res = await Promise.race([task.catch(() => null), interrupted]);
    if (failure) throw failure;
    return res!;
  };
  // per chunk, its result once the task that claimed it is back (tasks claim chunks in order as they start)
  const results = new Map<number, { result: Promise<ChunkResult>; arrived: (res: ChunkResult) => void }>();
  const resultOf = (c: number) => {
    let entry = results.get(c);
    if (entry === undefined) {
      let arrived: (res: ChunkResult) => void = () => undefined;
      const result = new Promise<ChunkResult>((resolve) => (arrived = resolve));
      results.set(c, (entry = { result, arrived }));
    }
    return entry;
  };
  const inFlight = new Set<Promise<unknown>>();
  // reassembled blocks on workers for their bands and indices, oldest first; `ready` once back
  const reducing: Array<{ result: Promise<ChunkResult>; ready: boolean }> = [];
  const range = o.sampleRange ?? [0, plan.samples];
  const partial = range[1] - range[0] < plan.samples;
  const { count: chunks, at } = chunking(plan, from, to, o.chunkRows, range);
  const claim: ChunkClaim = { next: new Int32Array(new SharedArrayBuffer(4)), from, to, chunkRows: o.chunkRows, range: [range[0], range[1]] };
  const planTask = planTaskOf(plan, file);
  const reduce = (p0: number, p1: number, block: Float64Array[]): Promise<ChunkResult> => {
    const draws = o.columns ? block.slice(0, plan.perturbations.length) : [];
    const banded = o.columns ? block.slice(plan.perturbations.length) : block;
    const task: ReduceTask = { ...planTask, p0, p1, banded, columns: o.columns };
    // transferred, not copied: the block is this task's from here on
    const run = runTask<ReduceResult>(pool, task, { name: "reduceBlock", transferList: banded.map((c) => c.buffer as ArrayBuffer) });
    return run.then((r) => ({ p0, p1, s0: 0, s1: plan.samples, bands: r.bands, indices: r.indices, columns: o.columns ? [...draws, ...r.banded!] : null }));
  };
  /** The oldest reduced block to onBlock; it leaves `reducing` only once back (a failure waits for it) */
  const handOnOldest = async () => {
    const res = await settle(reducing[0].result);
    reducing.shift();
    await onBlock(res);
  };
  try {
    if (o.signal?.aborted) throw new Interrupted();
    const first = at(0);
    // chunks in flight: enough to fill every worker's queue when results are bands; when they
    // hold every row (points.arrow, sample ranges), enough to keep every worker busy, fewer
    // when chunks are huge (memory)
    const rowsBack = o.columns || partial || first.s1 - first.s0 < plan.samples;
    const window = !rowsBack ? CLAIMS_PER_WORKER * o.workers
      : Math.max(o.workers, Math.min(2 * o.workers + 2, Math.floor(WINDOW_ROWS / ((first.p1 - first.p0) * (first.s1 - first.s0)))));
    // a block cut into sample ranges is put back together here (point-major, all samples)
    let block: Float64Array[] = [];
    let submitted = 0;
    let done = 0;
    for (let c = 0; c < chunks; c++) {
      for (; submitted < chunks && submitted < c + window; submitted++) {
        const task: ChunkTask = { ...planTask, claim, columns: o.columns };
        // null: a claim made after a failure (see the catch below), which finds every chunk taken
        const run = runTask<ClaimedResult | null>(pool, task).then((res) => res && resultOf(res.chunk).arrived(res), failed);
        inFlight.add(run);
        void run.finally(() => inFlight.delete(run));
      }
      const res = await settle(resultOf(c).result);
      results.delete(c);
      const span = res.s1 - res.s0;
      done += (res.p1 - res.p0) * span;
      o.progress?.(done);
      if (span === plan.samples || partial) {
        while (reducing.length > 0) await handOnOldest();
        await onBlock(res);
        continue;
      }
      const S = plan.samples;
      if (block.length === 0) block = res.columns!.map(() => new Float64Array((res.p1 - res.p0) * S));
      for (let k = 0; k < block.length; k++) {
        for (let q = 0; q < res.p1 - res.p0; q++) block[k].set(res.columns![k].subarray(q * span, (q + 1) * span), q * S + res.s0);
      }
      if (res.s1 < S) continue;
      const entry = { result: reduce(res.p0, res.p1, block), ready: false };
      entry.result.then(() => (entry.ready = true), failed);
      reducing.push(entry);
      block = [];
      // hand on the blocks back already; wait for the oldest only with a block per worker out (memory)
      while (reducing.length > 0 && (reducing[0].ready || reducing.length > o.workers)) await handOnOldest();
    }
    while (reducing.length > 0) await handOnOldest();
    if (failure) throw failure;
    return at(0);
  } catch (err) {
    Atomics.store(claim.next, 0, chunks); // the tasks not yet started claim nothing
    await Promise.allSettled([...inFlight, ...reducing.map((r) => r.result)]);
    throw err;
  } finally {
    o.signal?.removeEventListener("abort", stop);
  }
}

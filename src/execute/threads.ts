// A run's worker threads: a piscina pool started (startPool, or startEarlyPool before its run
// is known), its tasks placed (spreadFirst) and run (runTask), and closed (closePool) only once
// its threads are up and its plan preloads are done; its callers close it only once their own
// tasks are back: piscina throws an uncaught "Unexpected message from Worker" when destroyed
// under a running task. Light on purpose (no plan, no kernel): the CLI's `run` loads it to
// start its first thread before anything else.
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import type { Piscina as PiscinaType } from "piscina";
import { InputError } from "../errors.ts";
import { packagePath, RUNNING_SOURCE } from "../packageRoot.ts";
import { trackClosing } from "./closing.ts";
import { INPUT_ERROR_TAG, POOL_THREAD, SYSTEM_ERROR_TAG, WORKER_UP } from "./protocol.ts";

/**
 * piscina is CommonJS: required, as import() would first scan each of its files for their
 * exports, on every run's path to its first thread.
 */
const { Piscina } = createRequire(import.meta.url)("piscina") as typeof import("piscina");
type Piscina = PiscinaType;

// Built, the worker is plain JavaScript, an entry point of the bundle (dist/worker.js); run
// from src/ (tests, the bench) worker.mjs first registers the TypeScript loader the thread
// does not inherit.
const WORKER_URL = RUNNING_SOURCE ? new URL("./worker.mjs", import.meta.url) : pathToFileURL(packagePath("dist/worker.js"));
/**
 * Whether a thread loads plain JavaScript (the bench's worker_boot_s times its boot): then a
 * run starts one before its plan loads. Through the TypeScript loader a thread also compiles
 * every module it loads, which a run whose plan fails (most runs of the tests) would spend
 * for nothing.
 */
export const THREADS_BOOT_FAST = !RUNNING_SOURCE;

/** Tasks a worker holds at once: the next waits in its own queue, so a worker that finishes one starts the next at once instead of idling for a round trip to this thread. */
const TASKS_PER_WORKER = 2;
/**
 * Chunk tasks (the default task) a worker may hold: claims on a run's next chunk (ChunkClaim),
 * so a deep queue leaves no worker with chunks while another idles, and a worker runs on
 * while this thread is busy for a while (a part of the bands written, see TableFileSink).
 */
export const CLAIMS_PER_WORKER = 32;

type Balancer = NonNullable<NonNullable<ConstructorParameters<typeof Piscina>[0]>["loadBalancer"]>;

/** A pool's preloadPlan tasks: closePool waits for them; `running` counts those not done. */
interface Preloads {
  tasks: Array<Promise<void>>;
  running: number;
}

/**
 * An idle worker if there is one (while plans are loading, a worker holding as many tasks as
 * there are loads running counts as idle: a run's plan loads on its first thread before any
 * other exists, and the run's chunks are what it loads the plan for); else, while the pool may still start threads, none
 * (piscina then starts one, and the task goes to whichever thread is free first), so chunks
 * spread over threads before they queue behind each other; else the least busy with room.
 */
function spreadFirst(maxThreads: number, preloads: Preloads): Balancer {
  return (task, workers) => {
    let least: (typeof workers)[number] | null = null;
    for (const w of workers) {
      if (w.currentUsage <= preloads.running) return w;
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
  const preloads: Preloads = { tasks: [], running: 0 };
  // stricterFIFO: a task that finds every worker busy goes back to the front of the queue, not
  // the back; otherwise each freed worker rotates the queue, and the chunk a run waits for
  // next (results are taken in point order) can fall behind every chunk queued after it
  const pool = new Piscina({
    filename: WORKER_URL.href, workerData: POOL_THREAD, minThreads: initial, maxThreads: workers, idleTimeout: 1000, stricterFIFO: true,
    concurrentTasksPerWorker: CLAIMS_PER_WORKER, loadBalancer: spreadFirst(workers, preloads),
  });
  preloadsOf.set(pool, preloads);
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
  if (waiting?.workers !== workers) {
    dropEarlyPool();
    return null;
  }
  const { pool } = waiting;
  waiting = null;
  return pool;
}

/** Closes the pool startEarlyPool started, if no run took it (a command line that failed to parse). */
export function dropEarlyPool(): void {
  if (waiting !== null) void closePool(waiting.pool);
  waiting = null;
}

/** Longest wait for a thread to load its modules before a pool is closed regardless. */
const UP_TIMEOUT_MS = 30_000;
/** Per pool, its closing (a second closePool waits for the first). */
const closing = new WeakMap<Piscina, Promise<void>>();

/**
 * Destroys a pool once every thread it started has loaded its modules: terminating a thread
 * while it loads them can abort the whole process (a fatal error seen on Node 20, also while
 * the require() of the worker's ES module builds its facade after the module ran), and a
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
      await Promise.all(preloadsOf.get(pool)!.tasks);
      await pool.destroy();
    })();
    closing.set(pool, closed);
    trackClosing(closed);
  }
  return closed;
}

/**
 * Has a thread of `pool` load the plan of `file` from its compiled `module` ahead of the
 * run's tasks (worker.ts preloadPlan); the run's tasks report a plan that fails.
 */
export function preloadPlan(pool: Piscina, file: string, module: string): void {
  const preloads = preloadsOf.get(pool)!;
  preloads.running++;
  preloads.tasks.push(runTask<void>(pool, { file, module }, { name: "preloadPlan" }).catch(() => undefined).finally(() => preloads.running--));
}

/** Per pool, its preloadPlan tasks: closePool waits for them (no run's task waits behind them when the run fails first). */
const preloadsOf = new WeakMap<Piscina, Preloads>();

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

// Piscina tasks: evaluate one chunk of a sweep file, or band a block the coordinator put
// back together from sample ranges (reduceBlock), and return the results, which postMessage
// copies (see runChunkTask). Plans are cached per file for the worker's lifetime.
import { parentPort, threadId, workerData } from "node:worker_threads";
import { InputError } from "../errors.ts";
import type { ColumnTable, TableFormat } from "../io/index.ts";
import { computeChunk, drawCacheFor, pointBands, type ChunkResult } from "./chunk.ts";
import { chunking, type ChunkSpec } from "./chunking.ts";
import { pointIndices } from "../stats/sensitivity/pointIndices.ts";
import { EVALUATORS } from "../evaluators/index.ts";
import { fingerprint, loadPlan, withSeed, type ChunkRunner, type Plan } from "../plan/index.ts";
import { DrawCache } from "../sample/draws.ts";
import { INPUT_ERROR_TAG, POOL_THREAD, SYSTEM_ERROR_TAG, WORKER_UP } from "./protocol.ts";

/** What every task of a plan tells its worker (planTaskOf). */
export interface PlanTask {
  file: string;
  /** the sweep file as the coordinator compiled it (Plan.module) */
  module?: string;
  /** the sweep file's and its input files' bytes as the coordinator read them (see fingerprint) */
  fingerprint: string;
  /** the run's seed (the definition's, or `run --seed`) */
  seed: number;
}

/**
 * A run's chunks, chunking(plan, from, to, chunkRows, range, sharing), handed out in order to its
 * tasks as they start: a task is a claim on the next chunk, not a given one, so a worker
 * may hold many tasks (runOnPool) and none is left with chunks while another idles.
 */
export interface ChunkClaim {
  /** element 0: the next chunk's index, shared by the run's tasks (a SharedArrayBuffer) */
  next: Int32Array;
  from: number;
  to: number;
  chunkRows: number;
  range: [number, number];
  /** chunking's `sharing`: the run's workers, or 0 when its results hold every row (points.arrow) */
  sharing: number;
}

/** Evaluate the points × samples of `spec` (ChunkSpec: p0, p1, s0, s1), or of the chunk `claim` hands out. */
export type ChunkTask = PlanTask & { columns: boolean } & (ChunkSpec | { claim: ChunkClaim });

/** A chunk's result and its index in its run's chunking (-1 for a chunk given as a ChunkSpec). */
export type ClaimedResult = ChunkResult & { chunk: number };

// only in a pool's thread (tests import this module in theirs), and once the require() that
// loads this module (piscina's) has returned: on Node 20 it still builds the module's facade
// after the module ran, and a thread terminated meanwhile aborts the whole process. A
// microtask, not a later turn: an idle piscina thread next blocks in Atomics.wait.
if ((workerData as Partial<typeof POOL_THREAD> | undefined)?.wattsweepPoolThread === true) queueMicrotask(() => parentPort?.postMessage({ [WORKER_UP]: threadId }));

/** Plans as their sweep files' modules load here, by file and module, before any seed. */
const loadedPlans = new Map<string, Promise<Plan>>();
/** A run's plan with its seed, by seed, file and module. */
const plans = new Map<string, Promise<{ plan: Plan; print: string; runner: ChunkRunner; cache: DrawCache }>>();

function planOf(task: Pick<PlanTask, "file" | "module">): Promise<Plan> {
  const key = `${task.file}\n${task.module ?? ""}`;
  let plan = loadedPlans.get(key);
  if (plan === undefined) loadedPlans.set(key, (plan = loadPlan(task.file, EVALUATORS, { compiled: task.module })));
  return plan;
}

/**
 * Piscina task `preloadPlan` (threads.ts): a run's plan loads here as soon as the coordinator has
 * compiled its sweep file, while the coordinator loads its own; the run's tasks then find it,
 * or its error, which they report.
 */
export async function preloadPlan(task: Pick<PlanTask, "file" | "module">): Promise<void> {
  await planOf(task).catch(() => undefined);
}

/**
 * Piscina task `reduceBlock`: the bands and indices of a block whose chunks were sample
 * ranges, from its banded columns (all samples, point-major), which the coordinator
 * transferred here after putting them back together.
 */
export interface ReduceTask extends PlanTask {
  p0: number;
  p1: number;
  banded: Float64Array[];
  /** send `banded` back (the coordinator writes them to points.arrow); else they end here */
  columns: boolean;
}

export interface ReduceResult {
  bands: Float64Array;
  indices: Float64Array;
  banded: Float64Array[] | null;
}

async function loaded(task: PlanTask) {
  const key = `${task.seed}:${task.file}\n${task.module ?? ""}`;
  let entry = plans.get(key);
  if (entry === undefined) {
    entry = planOf(task).then((loaded) => {
      const plan = withSeed(loaded, task.seed, task.file);
      return { plan, print: fingerprint(plan), runner: plan.evaluator.runner(plan), cache: drawCacheFor(plan) };
    });
    plans.set(key, entry);
  }
  const found = await entry;
  if (found.print !== task.fingerprint) throw new InputError(`${task.file}: the sweep file or a file it reads changed during the run`);
  return found;
}

/** An InputError or a system error tagged for the coordinator (see INPUT_ERROR_TAG, SYSTEM_ERROR_TAG); anything else as it is. */
async function tagged<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof InputError) throw new Error(INPUT_ERROR_TAG + err.message);
    if (err instanceof Error && typeof (err as NodeJS.ErrnoException).syscall === "string") {
      const { message, code, path, syscall, stack } = err as NodeJS.ErrnoException;
      throw new Error(SYSTEM_ERROR_TAG + JSON.stringify({ message, code, path: typeof path === "string" ? path : undefined, syscall, stack }));
    }
    throw err;
  }
}

/** The next chunk of a run (its index and points × samples), or null once all are claimed. */
function claimChunk(plan: Plan, claim: ChunkClaim): (ChunkSpec & { chunk: number }) | null {
  const { count, at } = chunking(plan, claim.from, claim.to, claim.chunkRows, claim.range, claim.sharing);
  const chunk = Atomics.add(claim.next, 0, 1);
  return chunk < count ? { ...at(chunk), chunk } : null;
}

/**
 * The chunk's ClaimedResult, or null for a claim that found every chunk taken. A result goes
 * back as it is, copied by postMessage, never transferred: a buffer transferred out of a thread
 * is detached there, and from the first one on, V8 checks the thread's typed-array accesses for
 * detached buffers in all its optimized code (its detaching protector is gone for good): the
 * kernel and the bands of every later chunk pay for those checks.
 */
export default function runChunkTask(task: ChunkTask): Promise<unknown> {
  return tagged(async () => {
    const { plan, runner, cache } = await loaded(task);
    // a turn of its own: tasks that start in one turn (those that came while the plan loaded,
    // several piscina takes off its port at once) would otherwise all compute before the
    // first's result goes out, which it sends from a later microtask
    await new Promise((resolve) => setImmediate(resolve));
    const spec = "claim" in task ? claimChunk(plan, task.claim) : { ...task, chunk: -1 };
    if (spec === null) return null;
    const result: ClaimedResult = { ...computeChunk(plan, runner, spec.p0, spec.p1, task.columns, cache, spec.s0, spec.s1), chunk: spec.chunk };
    return result;
  });
}

export function reduceBlock(task: ReduceTask): Promise<unknown> {
  return tagged(async () => {
    const { plan } = await loaded(task);
    const result: ReduceResult = {
      bands: pointBands(plan, task.p0, task.p1, task.banded),
      indices: pointIndices(plan, task.p0, task.p1, task.banded),
      banded: task.columns ? task.banded : null,
    };
    return result; // copied, as a chunk's (see runChunkTask)
  });
}

/** Piscina task `simulatePool`: one pool's discrete-event simulation (SharedPool.simulate). */
export { simulatePool } from "../fleet/index.ts";

export interface WriteTableTask {
  dir: string;
  name: string;
  table: ColumnTable;
  metadata: Record<string, string>;
  formats: readonly TableFormat[];
}

/** Piscina task `writeTable` (SharedPool.writeTable); the writers load on first use, not in every worker. */
export function writeTable(t: WriteTableTask): Promise<string[]> {
  return tagged(async () => {
    const { writeTableFiles } = await import("../io/index.ts");
    return writeTableFiles(t.dir, t.name, t.table, t.metadata, t.formats);
  });
}

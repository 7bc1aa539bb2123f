// Runs a plan's points [from, to) on a piscina pool and hands the results to `onBlock`
// strictly in point order, never by arrival, so what the caller writes does not depend on
// workers or chunking. A block cut into sample ranges is reassembled here and sent to a
// worker for its bands and indices (reduceBlock) while the other workers evaluate on. On a
// failure or an abort the tasks in flight are let finish before the error goes on: whoever
// started the pool destroys it, never under a running task (piscina then throws an uncaught
// "Unexpected message from Worker").
import type { Piscina } from "piscina";
import type { DesCheck, PoolDesJob } from "../fleet/index.ts";
import { fingerprint, type Plan } from "../plan/index.ts";
import type { ChunkResult } from "./chunk.ts";
import { chunking, type ChunkSpec } from "./chunking.ts";
import { Interrupted } from "./interrupted.ts";
import { CLAIMS_PER_WORKER, closePool, runTask, startPool } from "./threads.ts";
import type { ChunkClaim, ChunkTask, ClaimedResult, PlanTask, ReduceResult, ReduceTask, WriteTableTask } from "./worker.ts";

/** Rows (point × sample) the coordinator lets be in flight or waiting for their turn, when results hold every row (points.arrow, sample ranges); results of bands alone are bounded by chunks (CLAIMS_PER_WORKER per worker). */
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
  // results of bands alone let chunks grow in the middle of the run (chunking's `sharing`; it
  // keeps a run of fewer than all samples, or of a design, as cut)
  const sharing = o.columns ? 0 : o.workers;
  const { count: chunks, at } = chunking(plan, from, to, o.chunkRows, range, sharing);
  const claim: ChunkClaim = { next: new Int32Array(new SharedArrayBuffer(4)), from, to, chunkRows: o.chunkRows, range: [range[0], range[1]], sharing };
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
    const rowsBack = o.columns || first.s1 - first.s0 < plan.samples;
    const window = !rowsBack ? CLAIMS_PER_WORKER * o.workers
      : Math.max(o.workers, Math.min(2 * o.workers + 2, Math.floor(WINDOW_ROWS / ((first.p1 - first.p0) * (first.s1 - first.s0)))));
    // a block cut into sample ranges is put back together here (point-major, all samples)
    let block: Float64Array[] = [];
    let submitted = 0;
    let done = 0;
    for (let c = 0; c < chunks; c++) {
      // claims, not chunks, are counted: a worker that runs ahead of the others (theirs on a
      // longer chunk, or still warming up) claims on while any chunk is left, rather than
      // idling once it has used the share of claims it was handed at the start
      for (; submitted < c + window && Atomics.load(claim.next, 0) < chunks; submitted++) {
        const task: ChunkTask = { ...planTask, claim, columns: o.columns };
        // null: a claim that found every chunk taken (the last claims of a run, or any after a failure, see the catch below)
        const run = runTask<ClaimedResult | null>(pool, task).then((res) => res && resultOf(res.chunk).arrived(res), failed);
        inFlight.add(run);
        void run.finally(() => inFlight.delete(run));
      }
      const res = await settle(resultOf(c).result);
      results.delete(c);
      // the threads cut the run as this one does (the claim carries all chunking reads); a result placed by a different cut would be wrong files, not an error
      const want = at(c);
      if (res.p0 !== want.p0 || res.p1 !== want.p1 || res.s0 !== want.s0 || res.s1 !== want.s1) {
        throw new Error(`chunk ${c} came back as points [${res.p0}, ${res.p1}) × samples [${res.s0}, ${res.s1}), not [${want.p0}, ${want.p1}) × [${want.s0}, ${want.s1})`);
      }
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
    // the claims left over find no chunk; back before the caller may close the pool
    await Promise.allSettled(inFlight);
    return at(0);
  } catch (err) {
    Atomics.store(claim.next, 0, chunks); // the tasks not yet started claim nothing
    await Promise.allSettled([...inFlight, ...reducing.map((r) => r.result)]);
    throw err;
  } finally {
    o.signal?.removeEventListener("abort", stop);
  }
}

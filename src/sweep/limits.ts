// The execution flags `run` and `describe` share, checked the same way by both.
import { availableParallelism } from "node:os";
import { badInput } from "../errors.ts";

/**
 * The most worker threads a run may start: 4 × the core count, and never more than 256.
 * Each worker is a whole V8 isolate with its own heap (about 7 MB idle: 1000 workers took
 * 7 GB), and beyond the core count workers only take turns on the same cores; 4× leaves
 * room to test oversubscription without letting a typo exhaust memory.
 */
export function maxWorkers(): number {
  return Math.min(256, 4 * availableParallelism());
}

/** Checks --workers; returns the worker count (default: the core count). */
export function checkWorkers(workers: number | undefined): number {
  const w = workers ?? availableParallelism();
  if (!Number.isInteger(w) || w < 1 || w > maxWorkers()) {
    badInput("--workers", "workers", w, `must be an integer from 1 to ${maxWorkers()} (4 × the ${availableParallelism()} cores, at most 256)`);
  }
  return w;
}

/** Checks --workers and --chunk (absent: the evaluator's); returns the worker count (default: the core count). */
export function checkExecution(workers: number | undefined, chunkRows: number | undefined): number {
  const w = checkWorkers(workers);
  if (chunkRows !== undefined && (!Number.isInteger(chunkRows) || chunkRows < 1 || chunkRows > 2 ** 30)) {
    badInput("--chunk", "chunk", chunkRows, "must be an integer from 1 to 2^30 samples");
  }
  return w;
}

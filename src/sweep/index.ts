// The sweep API. Sweep files import it (through the package index) in every worker, so it
// stays light: running sweeps (piscina, Arrow writers) loads only when runSweep is called.
import type { RunOptions, RunSummary } from "./run.ts";

export * from "./define.ts";
export * from "./distributions.ts";
export type { RunOptions, RunSummary } from "./run.ts";
export { Interrupted } from "./interrupted.ts";
export { loadPlan } from "./load.ts";
export { buildPlan, type Plan } from "./plan.ts";
export { BAND_STATS, QUANTILE_RULE } from "./bands.ts";
export type { Evaluator, ChunkRunner } from "./evaluator.ts";

/** Runs a sweep file (see RunOptions); the coordinator module loads on first use. */
export async function runSweep(opts: RunOptions): Promise<RunSummary> {
  return (await import("./run.ts")).runSweep(opts);
}

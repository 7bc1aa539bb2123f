// The sweep API: the stages of src/definition → plan → sample → execute → stats → output,
// run in order. Sweep files import it (through the package index) in every worker, so it
// stays light: running sweeps (piscina, Arrow writers) loads only when runSweep is called.
import type { SweepDefinition } from "../definition/index.ts";
import { EVALUATORS } from "../evaluators/index.ts";
import { buildPlan, loadPlan, type Plan } from "../plan/index.ts";
import type { RunOptions, RunSummary } from "./run.ts";

export * from "../definition/builtins.ts";
export * from "../definition/define.ts";
export * from "../definition/distributions.ts";
export type { RunOptions, RunSummary } from "./run.ts";
export { Interrupted } from "../execute/interrupted.ts";
export type { Plan, Evaluator, ChunkRunner } from "../plan/index.ts";
export { BAND_STATS, QUANTILE_RULE } from "../stats/bands.ts";

/** The plan of a sweep file, with the built-in evaluators. */
export function loadSweepPlan(file: string): Promise<Plan> {
  return loadPlan(file, EVALUATORS);
}

/** The plan of a definition, with the built-in evaluators; errors name `where`. */
export function planSweep(def: SweepDefinition, where = "sweep"): Plan {
  return buildPlan(def, where, EVALUATORS);
}

/** Runs a sweep file (see RunOptions); the coordinator module loads on first use. */
export async function runSweep(opts: RunOptions): Promise<RunSummary> {
  return (await import("./run.ts")).runSweepFile(opts);
}
export { bandsInProcess } from "./inProcess.ts";
export { SweepBands, type BandRow, type BandStat } from "../output/sweepBands.ts";

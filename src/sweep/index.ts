export * from "./define.ts";
export * from "./distributions.ts";
export { runSweep, Interrupted, type RunOptions, type RunSummary } from "./run.ts";
export { loadPlan } from "./load.ts";
export { buildPlan, type Plan } from "./plan.ts";
export { BAND_STATS, QUANTILE_RULE } from "./bands.ts";
export type { Evaluator, ChunkRunner } from "./evaluator.ts";

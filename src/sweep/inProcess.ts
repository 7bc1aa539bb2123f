import { computeChunk } from "../execute/chunk.ts";
import { SweepBands } from "../output/sweepBands.ts";
import type { Plan } from "../plan/index.ts";

/** Bands of every point of a small sweep, evaluated in this thread (no pool, no files). */
export function bandsInProcess(plan: Plan): SweepBands {
  const { bands } = computeChunk(plan, plan.evaluator.runner(plan), 0, plan.points, false);
  return new SweepBands(plan, 0, plan.points, bands);
}

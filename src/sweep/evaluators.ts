// The evaluators a sweep can name in `evaluator:`.
import type { Evaluator } from "./evaluator.ts";
import { fleetEvaluator } from "./fleetEvaluator.ts";
import { singleGpuEvaluator } from "./singleGpuEvaluator.ts";

export const EVALUATORS: Readonly<Record<string, Evaluator>> = {
  singleGpu: singleGpuEvaluator,
  fleet: fleetEvaluator,
};

// The evaluators a sweep can name in `evaluator:`.
import type { EvaluatorRegistry } from "../plan/index.ts";
import { fleetEvaluator } from "./fleet.ts";
import { singleGpuEvaluator } from "./singleGpu.ts";

export const EVALUATORS: EvaluatorRegistry = {
  singleGpu: singleGpuEvaluator,
  fleet: fleetEvaluator,
};

// The evaluators a sweep can name in `evaluator:`.
import type { Evaluator } from "./evaluator.ts";
import { singleGpuEvaluator } from "./singleGpuEvaluator.ts";

export const EVALUATORS: Readonly<Record<string, Evaluator>> = {
  singleGpu: singleGpuEvaluator,
};

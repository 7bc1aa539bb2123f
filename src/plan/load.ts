import { loadDefinition } from "../definition/load.ts";
import { buildPlan } from "./build.ts";
import type { EvaluatorRegistry, Plan } from "./types.ts";

/**
 * A sweep file's plan, carrying the hash of the file's bytes and the module it compiled to;
 * `compiled` is that module, handed to workers so they do not compile the file again.
 */
export async function loadPlan(file: string, evaluators: EvaluatorRegistry, compiled?: string): Promise<Plan> {
  const { definition, sourceHash, module } = await loadDefinition(file, compiled);
  return { ...buildPlan(definition, file, evaluators), sourceHash, module };
}

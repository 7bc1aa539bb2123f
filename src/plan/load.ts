import { loadDefinition, type ModuleSource } from "../definition/load.ts";
import { buildPlan } from "./build.ts";
import type { EvaluatorRegistry, Plan } from "./types.ts";

/**
 * A sweep file's plan, carrying the hash of the file's bytes and the module it compiled to;
 * that module is handed to workers (ModuleSource.compiled) so they do not compile the file again.
 */
export async function loadPlan(file: string, evaluators: EvaluatorRegistry, source: ModuleSource = {}): Promise<Plan> {
  const { definition, sourceHash, module } = await loadDefinition(file, source);
  return { ...buildPlan(definition, file, evaluators), sourceHash, module };
}

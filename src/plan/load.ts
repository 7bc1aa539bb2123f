import { loadDefinition } from "../definition/load.ts";
import { buildPlan } from "./build.ts";
import type { EvaluatorRegistry, Plan } from "./types.ts";

/** A sweep file's plan, carrying the hash of the file's bytes. */
export async function loadPlan(file: string, evaluators: EvaluatorRegistry): Promise<Plan> {
  const { definition, sourceHash } = await loadDefinition(file);
  return { ...buildPlan(definition, file, evaluators), sourceHash };
}

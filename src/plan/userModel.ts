// A sweep's own vectorised model (`model:` in the definition) wrapped as an Evaluator, so it
// runs in the workers exactly like the built-in ones: its metrics are the model's outputs,
// its targets the uncertain parameters (each feeds the input of its name, or of its
// `target`), and the numeric grid dimensions arrive as input columns by name.
import { badInput, InputError } from "../errors.ts";
import type { SweepDefinition, UserModel } from "../definition/index.ts";
import { coord } from "./grid.ts";
import { checkColumnName } from "./names.ts";
import type { ChunkRunner, Evaluator, Plan, PlanDim, Target } from "./types.ts";

/** The Evaluator of `def.model`; `where` names the sweep file in errors. */
export function userModelEvaluator(def: SweepDefinition, where: string): Evaluator {
  const model = def.model as UserModel;
  if (typeof model !== "object" || model === null) badInput(where, "model", model, "must be { outputs, evaluate }");
  if (def.evaluator !== undefined) badInput(where, "evaluator", def.evaluator, "a sweep with its own model names no evaluator");
  if (typeof model.evaluate !== "function") badInput(where, "model.evaluate", model.evaluate, "must be a function (inputs, outputs, rows) => void");
  const outputs = model.outputs;
  if (typeof outputs !== "object" || outputs === null || Object.keys(outputs).length === 0) {
    badInput(where, "model.outputs", outputs, "must name at least one output with its unit, e.g. { y: \"1\" }");
  }
  for (const [name, unit] of Object.entries(outputs)) {
    checkColumnName(where, "model.outputs", name);
    if (typeof unit !== "string") badInput(where, `model.outputs.${name}`, unit, "must be the output's unit (a string)");
  }
  const units = (model.units ?? {}) as Record<string, string | undefined>;
  const inputs = Object.keys(def.uncertain ?? {});
  const targets: Record<string, Target> = Object.fromEntries(inputs.map((n) => [n, { unit: units[n] ?? "", apply: "set" }]));
  return {
    name: "model",
    metrics: { ...outputs },
    targets,
    checkDims(dims: readonly PlanDim[], at: string) {
      for (const d of dims) {
        if (d.kind !== "number" && d.kind !== "label" && d.kind !== "replicate") badInput(at, `grid.${d.name}`, d.kind, "a user model reads numeric or label dimensions (and replicates) only");
        if (d.kind === "number" && Object.hasOwn(targets, d.name)) badInput(at, `grid.${d.name}`, d.name, "also an uncertain parameter; an input has one source");
      }
    },
    dimUnit: (d) => units[d.name] ?? "",
    runner: (plan) => modelRunner(plan, model),
  };
}

function modelRunner(plan: Plan, model: UserModel): ChunkRunner {
  const numeric = plan.dims.flatMap((d, i) => (d.kind === "number" ? [i] : []));
  const outputNames = Object.keys(plan.evaluator.metrics);
  return {
    run(p0, p1, draws, out) {
      const rows = out[0].length;
      const S = rows / (p1 - p0);
      const inputs: Record<string, Float64Array> = {};
      plan.perturbations.forEach((p, j) => {
        inputs[p.target] = draws[j];
      });
      for (const d of numeric) {
        const col = new Float64Array(rows);
        for (let p = p0; p < p1; p++) col.fill(plan.dims[d].values[coord(plan, p, d)] as number, (p - p0) * S, (p - p0 + 1) * S);
        inputs[plan.dims[d].name] = col;
      }
      const outputs: Record<string, Float64Array> = {};
      outputNames.forEach((n, m) => {
        outputs[n] = out[m];
      });
      try {
        model.evaluate(strict(inputs, "input"), strict(outputs, "output"), rows);
      } catch (err) {
        throw new InputError(`model.evaluate failed on points ${p0}..${p1 - 1}: ${err instanceof Error ? err.message : String(err)}`);
      }
    },
  };
}

/** The columns by name, failing with the valid names when a model reads one that does not exist. */
function strict(columns: Record<string, Float64Array>, kind: string): Readonly<Record<string, Float64Array>> {
  return new Proxy(Object.freeze(columns), {
    get(target, key) {
      if (typeof key === "string" && !Object.hasOwn(target, key)) {
        throw new InputError(`reads ${kind} ${JSON.stringify(key)}, which does not exist; ${kind}s: ${Object.keys(target).join(", ")}`);
      }
      return target[key as string];
    },
  });
}

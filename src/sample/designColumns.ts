// The unit-hypercube columns of a plan's sensitivity design (Saltelli or Morris), one per
// design input: pure functions of the seed and the row, so every worker, chunk and shard
// sees the same values. Generated once per plan object and kept (a worker reuses its plan).
import { badInput } from "../errors.ts";
import type { Plan } from "../plan/index.ts";
import { morrisColumns, morrisDesign, type MorrisDesign } from "./morris.ts";
import { saltelliColumns, saltelliDesign, type SaltelliDesign } from "./saltelli.ts";

const columns = new WeakMap<Plan, Float64Array[]>();

/** The plan's design as src/sample and the estimators know it. */
export function planDesign(plan: Plan): SaltelliDesign | MorrisDesign {
  const d = plan.design;
  if (d === null) throw new Error(`${plan.name}: method ${plan.method} has no sensitivity design`);
  return d.method === "sobol"
    ? saltelliDesign({ inputs: d.inputs.length, baseRows: d.base, secondOrder: d.secondOrder, seed: plan.seed })
    : morrisDesign({ inputs: d.inputs.length, trajectories: d.base, levels: d.levels, seed: plan.seed });
}

/** Every design row's value of the input that is perturbation j's draw stream `stream`. */
export function designColumn(plan: Plan, j: number, stream: number): Float64Array {
  let all = columns.get(plan);
  if (all === undefined) {
    const design = planDesign(plan);
    all = "sequence" in design ? saltelliColumns(design, 0, design.rows) : morrisColumns(design, 0, design.rows);
    columns.set(plan, all);
  }
  const i = plan.design!.inputs.findIndex((x) => x.perturbation === j && x.stream === stream);
  if (i < 0) badInput(plan.name, `uncertain.${plan.perturbations[j].name}`, stream, "draw stream is not an input of the design");
  return all[i];
}

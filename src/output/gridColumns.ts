// The grid's value columns, as bands.*, points.* and the readers see them: a numeric
// dimension whose values are all integers (ctx in tokens, a seed) is an int64 column, other
// numbers float64, names (gpu, workload, topology) text.
import { floatColumn, intColumn, stringColumn, type Column } from "../io/index.ts";
import { coord, type Plan, type PlanDim } from "../plan/index.ts";

export type GridColumnKind = Column["kind"];

export function gridColumnKind(d: PlanDim): GridColumnKind {
  if (d.kind !== "number") return "string";
  return d.values.every((v) => Number.isSafeInteger(v)) ? "int" : "float";
}

/** Each dimension's value at points [from, to), one row per point. */
export function gridColumns(plan: Plan, from: number, to: number): Column[] {
  const n = to - from;
  return plan.dims.map((d, i) => {
    const at = (k: number) => d.values[coord(plan, from + k, i)];
    const kind = gridColumnKind(d);
    if (kind === "string") return stringColumn(d.name, Array.from({ length: n }, (_, k) => String(at(k))), d.unit);
    const values = Float64Array.from({ length: n }, (_, k) => at(k) as number);
    return kind === "int" ? intColumn(d.name, d.unit, values) : floatColumn(d.name, d.unit, values);
  });
}

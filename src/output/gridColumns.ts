// The grid's value columns, as bands.*, points.*, indices.* and the readers see them: a
// numeric dimension whose values are all integers (ctx in tokens, a seed) is an int64 column,
// other numbers float64, names (gpu, workload, topology) text. An indices row of a derived
// metric spans the dimensions of its group: null there.
import { floatColumn, intColumn, nullableColumn, nullableStringColumn, stringColumn, type Column } from "../io/index.ts";
import { coord, type Plan, type PlanDim } from "../plan/index.ts";

type GridColumnKind = Column["kind"];

/** What a grid column needs of a dimension (a plan's, or a manifest's `dimensions` entry). */
export type GridDim = Pick<PlanDim, "name" | "kind" | "unit" | "values" | "labels">;

/** The values a dimension's column shows: its labels where it has them (a profile file's name), else its values. */
export function gridValues(d: Pick<PlanDim, "values" | "labels">): readonly (string | number)[] {
  return d.labels ?? d.values;
}

export function gridColumnKind(d: Pick<PlanDim, "kind" | "values">): GridColumnKind {
  if (d.kind === "replicate") return "int";
  if (d.kind !== "number") return "string";
  return d.values.every((v) => Number.isSafeInteger(v)) ? "int" : "float";
}

/**
 * Dimension d's column over `rows` rows: row r holds value index `at(r)` of the dimension,
 * or null (a nullable column) where `at` gives null.
 */
export function gridColumn(d: GridDim, rows: number, at: (r: number) => number | null): Column {
  const kind = gridColumnKind(d);
  const value = (r: number) => {
    const i = at(r);
    return i === null ? null : gridValues(d)[i];
  };
  const values = Array.from({ length: rows }, (_, r) => value(r));
  if (values.some((v) => v === null)) {
    return kind === "string"
      ? nullableStringColumn(d.name, values.map((v) => (v === null ? null : String(v))), d.unit)
      : nullableColumn(d.name, d.unit, kind, values as Array<number | null>);
  }
  if (kind === "string") return stringColumn(d.name, values.map(String), d.unit);
  const numbers = Float64Array.from(values as number[]);
  return kind === "int" ? intColumn(d.name, d.unit, numbers) : floatColumn(d.name, d.unit, numbers);
}

/** Each dimension's value at points [from, to), one row per point. */
export function gridColumns(plan: Plan, from: number, to: number): Column[] {
  return plan.dims.map((d, i) => gridColumn(d, to - from, (k) => coord(plan, from + k, i)));
}

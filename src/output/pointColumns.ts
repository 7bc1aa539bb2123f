// The columns of points.arrow after its grid columns (draws, metrics, derived metrics), apart
// from the Arrow writer (points.ts): the manifest and describe's estimate need them too.
import type { Plan } from "../plan/index.ts";
import { gridColumnKind } from "./gridColumns.ts";

export interface PointColumn {
  name: string;
  unit: string;
  /** a count (the evaluator's countMetrics): int64; everything else float64 */
  count?: boolean;
}

/** Columns of points.arrow after `point`, `sample` and the grid's value columns: draws, metrics, derived metrics. */
export function pointColumns(plan: Plan): PointColumn[] {
  return [
    // a draw that scales its target is a unitless factor; one that sets it has the target's unit
    ...plan.perturbations.map((p) => ({ name: p.name, unit: p.apply === "scale" ? "1" : plan.evaluator.targets[p.target].unit })),
    ...plan.metrics.map((m) => ({ name: m, unit: plan.evaluator.metrics[m], ...(plan.evaluator.countMetrics?.includes(m) ? { count: true } : {}) })),
    ...plan.derived.map((d) => ({ name: d.name, unit: d.unit })),
  ];
}

/** Bytes per row of points.arrow (uncompressed, text dimensions as 4-byte indices): for describe's estimate. */
export function pointsRowBytes(plan: Plan): number {
  return 16 + plan.dims.reduce((b, d) => b + (gridColumnKind(d) === "string" ? 4 : 8), 0) + 8 * pointColumns(plan).length;
}


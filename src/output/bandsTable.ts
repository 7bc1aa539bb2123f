// The bands table: one row per grid point, its keys, then for every metric and derived
// metric the 9 BAND_STATS.
import { floatColumn, intColumn, type ColumnTable } from "../io/index.ts";
import { BAND_STATS } from "../stats/bands.ts";
import { bandedColumns, type Plan } from "../plan/index.ts";
import { gridColumns } from "./gridColumns.ts";

/** Rows for points [from, to) from their band values (row-major: point, banded column, stat). */
export function bandsTable(plan: Plan, from: number, to: number, bands: Float64Array): ColumnTable {
  const n = to - from;
  const keys = gridColumns(plan, from, to);
  const units = bandUnits(plan);
  const names = bandedColumns(plan);
  const stride = names.length * BAND_STATS.length;
  const stats = names.flatMap((name, c) => BAND_STATS.map((stat, k) => {
    const values = new Float64Array(n);
    for (let r = 0; r < n; r++) values[r] = bands[r * stride + c * BAND_STATS.length + k];
    return floatColumn(`${name}_${stat}`, units[c], values);
  }));
  return { columns: [intColumn("point", "", Float64Array.from({ length: n }, (_, k) => from + k)), ...keys, ...stats], length: n };
}

function bandUnits(plan: Plan): string[] {
  return [...plan.metrics.map((m) => plan.evaluator.metrics[m]), ...plan.derived.map((d) => d.unit)];
}

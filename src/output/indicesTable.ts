// indices.csv/.arrow (and indices_s2.* with second order): the sensitivity indices of a sobol
// or morris sweep, one row per grid point (for a derived metric: per group) × metric × input,
// in point order, so shards concatenate to a single run's bytes. Dimensions are typed as in
// bands.*; a derived metric's row holds null in the dimensions it spans (its group).
import { floatColumn, intColumn, stringColumn, TABLE_FORMATS, writeTableFiles, type Column, type ColumnTable, type TableFormat } from "../io/index.ts";
import { bandedColumns, coord, type Plan } from "../plan/index.ts";
import { gridColumn } from "./gridColumns.ts";
import { writeIndicesCharts } from "./indicesCharts.ts";
import { designPairs, indicesStride, inputStats, ownsIndices, PAIR_STATS } from "../stats/sensitivity/pointIndices.ts";

/** Units of the banded columns, metrics then derived. */
function bandedUnits(plan: Plan): string[] {
  return [...plan.metrics.map((m) => plan.evaluator.metrics[m]), ...plan.derived.map((d) => d.unit)];
}

/** The (point, banded column) pairs that own indices among points [from, to), in row order. */
function owners(plan: Plan, from: number, to: number): Array<{ p: number; n: number; c: number }> {
  const rows: Array<{ p: number; n: number; c: number }> = [];
  for (let p = from; p < to; p++) plan.design!.columns.forEach((c, n) => ownsIndices(plan, c, p) && rows.push({ p, n, c }));
  return rows;
}

function keyColumns(plan: Plan, keys: ReadonlyArray<{ p: number; c: number }>): Column[] {
  const names = bandedColumns(plan);
  const units = bandedUnits(plan);
  const dims = plan.dims.map((d, i) => gridColumn(d, keys.length, (r) => {
    const { p, c } = keys[r];
    return plan.derived[c - plan.metrics.length]?.across.includes(i) ? null : coord(plan, p, i);
  }));
  return [
    intColumn("point", "", keys.map(({ p }) => p)), ...dims,
    stringColumn("metric", keys.map(({ c }) => names[c])), stringColumn("unit", keys.map(({ c }) => units[c])),
  ];
}

/** First- and total-order (sobol) or elementary-effect (morris) measures per point, metric and input. */
export function indicesTable(plan: Plan, from: number, to: number, indices: Float64Array): ColumnTable {
  const design = plan.design!;
  const stats = inputStats(plan);
  const stride = indicesStride(plan);
  const perColumn = stride / design.columns.length;
  const rows = owners(plan, from, to).flatMap((o) => design.inputs.map((_, i) => ({ ...o, i })));
  const values = stats.map((_, s) => Float64Array.from(rows, ({ p, n, i }) => indices[(p - from) * stride + n * perColumn + i * stats.length + s]));
  const unit = design.method === "sobol" ? "1" : "";
  return {
    columns: [
      ...keyColumns(plan, rows), stringColumn("input", rows.map(({ i }) => design.inputs[i].name)),
      ...stats.map((name, s) => floatColumn(name, name === "variance" ? "" : unit, values[s])),
    ],
    length: rows.length,
  };
}

/** Second-order Sobol' indices per point, metric and input pair. */
export function secondOrderTable(plan: Plan, from: number, to: number, indices: Float64Array): ColumnTable {
  const design = plan.design!;
  const pairs = designPairs(plan);
  const stride = indicesStride(plan);
  const perColumn = stride / design.columns.length;
  const skip = design.inputs.length * inputStats(plan).length;
  const rows = owners(plan, from, to).flatMap((o) => pairs.map((_, q) => ({ ...o, q })));
  const values = PAIR_STATS.map((_, s) => Float64Array.from(rows, ({ p, n, q }) => indices[(p - from) * stride + n * perColumn + skip + q * PAIR_STATS.length + s]));
  return {
    columns: [
      ...keyColumns(plan, rows),
      stringColumn("inputA", rows.map(({ q }) => design.inputs[pairs[q][0]].name)),
      stringColumn("inputB", rows.map(({ q }) => design.inputs[pairs[q][1]].name)),
      ...PAIR_STATS.map((name, s) => floatColumn(name, "1", values[s])),
    ],
    length: rows.length,
  };
}

/** What the indices files say about themselves (Arrow schema metadata, manifest). */
export function indicesMetadata(plan: Plan): Record<string, string> {
  const d = plan.design!;
  return {
    method: d.method,
    estimators: d.method === "sobol"
      ? "S1 Saltelli (2010), ST Jansen (1999), S2 Saltelli (2002); scrambled Sobol' sequence"
      : "Morris elementary effects per unit of the input's quantile (unit hypercube); mu* Campolongo et al. (2007)",
    [d.method === "sobol" ? "baseSamples" : "trajectories"]: String(d.base),
    ...(d.method === "morris" ? { levels: String(d.levels) } : {}),
    rowsPerPoint: String(d.rows),
    seed: String(plan.seed),
    bootstrap: `${d.resamples} resamples, ${d.confidence} percentile intervals`,
    inputs: JSON.stringify(d.inputs.map((x) => x.name)),
  };
}

/**
 * Writes indices (and indices_s2) in `formats`, and the bar charts, and returns the indices
 * table; a sweep without a design writes nothing and returns null.
 */
export async function writeIndices(dir: string, plan: Plan, from: number, to: number, indices: Float64Array,
  formats: readonly TableFormat[] = TABLE_FORMATS): Promise<ColumnTable | null> {
  if (plan.design === null) return null;
  const meta = indicesMetadata(plan);
  const table = indicesTable(plan, from, to, indices);
  await writeTableFiles(dir, "indices", table, meta, formats);
  if (plan.design.secondOrder) await writeTableFiles(dir, "indices_s2", secondOrderTable(plan, from, to, indices), meta, formats);
  writeIndicesCharts(dir, table, plan.dims.map((d) => d.name), plan.design.method, plan.name);
  return table;
}

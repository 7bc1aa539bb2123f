// The studies' summary tables (CSV + Arrow): Table 1 and Table 3 with bands, alpha, gains.
import { floatColumn, intColumn, nullableColumn, stringColumn, tableFromRows, type Column, type ColumnTable } from "../../io/index.ts";
import type { GainRow, MonteCarloCell } from "./monteCarloResults.ts";
import type { AlphaRow, TokWRow } from "./powerKvResults.ts";
import { TABLE3_GPU_PROFILE } from "./profiles.ts";
import type { NoiseRow } from "./samplerNoiseResults.ts";

const float = <N extends string>(name: N, unit: string) => ({ name, unit, kind: "float" as const });

export function table1BandsTable(rows: readonly TokWRow[]): ColumnTable {
  return tableFromRows(rows, [
    { name: "profile", kind: "string" }, float("beta", "1"), { name: "ctx", unit: "tokens", kind: "int" },
    ...(["nominal", "p5", "p50", "p95"] as const).map((n) => float(n, "tokens/J")),
  ]);
}

export function alphaTable(rows: readonly AlphaRow[]): ColumnTable {
  return tableFromRows(rows, [
    { name: "profile", kind: "string" }, float("beta", "1"), { name: "range", kind: "string" },
    ...(["nominal", "p5", "p50", "p95", "min", "max"] as const).map((n) => float(n, "1")),
  ]);
}

export function gainsTable(rows: readonly GainRow[]): ColumnTable {
  return tableFromRows(rows, [
    { name: "workload", kind: "string" }, { name: "correlation", kind: "string" }, { name: "b200", kind: "string" },
    { name: "gain", kind: "string" }, ...(["nominal", "mean", "p5", "p25", "p50", "p75", "p95"] as const).map((n) => float(n, "ratio")),
    float("routing_dominant", "fraction of samples"),
  ]);
}

const QUANTITIES = [
  { quantity: "fleet_tok_per_w", unit: "output tokens/J" },
  { quantity: "total_gpus", unit: "GPUs" },
  { quantity: "fleet_power_kw", unit: "kW" },
];

/**
 * Seed-noise columns of one quantity over the given rows (one row per cell or gain). Null
 * where there is no value: no published digit (the paper states gains for azure only), or
 * seed 42 not among the seeds.
 */
function noiseColumns(prefix: string, unit: string, rows: readonly NoiseRow[]): Column[] {
  const col = (name: string, f: (r: NoiseRow) => number, u = unit) => floatColumn(`${prefix}${name}`, u, rows.map(f));
  const orNull = (name: string, f: (r: NoiseRow) => number | null, u = unit) => nullableColumn(`${prefix}${name}`, u, "float", rows.map(f));
  return [
    col("exact", (r) => r.exact), orNull("seed42", (r) => r.seed42), orNull("published", (r) => r.published),
    ...(["p5", "p50", "p95", "min", "max"] as const).map((s) => col(`seed_${s}`, (r) => r.band[s])),
    orNull("published_percentile", (r) => r.publishedPercentile, "percent"),
  ];
}

/**
 * Table 3 with bands, one row per cell: for tok/W, GPUs and kW the exact value, seed 42, the
 * published digit and the seed band; the Monte Carlo's tok/W band and GPU range per
 * correlation under the given reading of the B200 uncertainty.
 */
export function table3BandsTable(noise: readonly NoiseRow[], mc: readonly MonteCarloCell[], reading: string): ColumnTable {
  const cells = noise.filter((r) => r.quantity === QUANTITIES[0].quantity);
  const columns: Column[] = [
    stringColumn("workload", cells.map((r) => r.workload)), stringColumn("topology", cells.map((r) => r.topology)),
    stringColumn("gpu", cells.map((r) => r.gpu)),
    ...QUANTITIES.flatMap(({ quantity, unit }) => noiseColumns(`${quantity}_`, unit,
      cells.map((c) => noise.find((r) => r.quantity === quantity && r.workload === c.workload && r.gpu === c.gpu && r.topology === c.topology)!))),
  ];
  for (const correlation of new Set(mc.map((c) => c.correlation))) {
    const at = cells.map((r) => mc.find((c) => c.correlation === correlation && c.b200 === reading && c.workload === r.workload &&
      c.gpu === TABLE3_GPU_PROFILE[r.gpu] && c.topology === r.topology));
    if (at.some((c) => c === undefined)) continue;
    const pick = (f: (c: MonteCarloCell) => number) => at.map((c) => f(c!));
    columns.push(
      ...(["p5", "p50", "p95"] as const).map((s) => floatColumn(`fleet_tok_per_w_mc_${correlation}_${s}`, "output tokens/J", pick((c) => c.tokPerW[s]))),
      intColumn(`total_gpus_mc_${correlation}_min`, "GPUs", pick((c) => c.gpus.min)),
      intColumn(`total_gpus_mc_${correlation}_max`, "GPUs", pick((c) => c.gpus.max)),
    );
  }
  return { columns, length: cells.length };
}

export function seedNoiseGainsTable(rows: readonly NoiseRow[]): ColumnTable {
  return {
    columns: [stringColumn("workload", rows.map((r) => r.workload)), stringColumn("gain", rows.map((r) => r.quantity)), ...noiseColumns("", "ratio", rows)],
    length: rows.length,
  };
}

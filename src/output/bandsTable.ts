// The bands table (one row per grid point: its keys, then for every metric and derived
// metric the 9 BAND_STATS) and the manifest that describes a results folder.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { floatColumn, intColumn, stringColumn, type Column, type ColumnTable } from "../io/index.ts";
import { BAND_STATS, QUANTILE_RULE } from "../stats/bands.ts";
import { bandedColumns, coord, type Plan } from "../plan/index.ts";
import { pointColumns } from "./points.ts";

/** Rows for points [from, to) from their band values (row-major: point, banded column, stat). */
export function bandsTable(plan: Plan, from: number, to: number, bands: Float64Array): ColumnTable {
  const n = to - from;
  const keys: Column[] = plan.dims.map((d, i) => {
    const at = (k: number) => d.values[coord(plan, from + k, i)];
    return d.kind === "number"
      ? floatColumn(d.name, d.unit, Float64Array.from({ length: n }, (_, k) => at(k) as number))
      : stringColumn(d.name, Array.from({ length: n }, (_, k) => String(at(k))), d.unit);
  });
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

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "../..");

function packageVersion(dir: string): string | null {
  try {
    return JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).version;
  } catch {
    return null;
  }
}

function gitCommit(): string | null {
  try {
    return execFileSync("git", ["rev-parse", "HEAD"], { cwd: ROOT, stdio: ["ignore", "pipe", "ignore"] }).toString().trim();
  } catch {
    return null;
  }
}

export interface RunFacts {
  file: string;
  shard: { k: number; n: number; points: [number, number] };
  workers: number;
  /** points and samples per chunk (the first chunk) */
  chunk: { points: number; samples: number };
  wallSeconds: number;
  files: string[];
}

/** manifest.json: what was run, on what, and the unit of every column. */
export function manifest(plan: Plan, facts: RunFacts): Record<string, unknown> {
  const table = bandsTable(plan, 0, 0, new Float64Array(0));
  const [from, to] = facts.shard.points;
  return {
    name: plan.name,
    definitionHash: plan.hash,
    file: facts.file,
    evaluator: plan.evaluator.name,
    seed: plan.seed,
    method: plan.method,
    counts: { gridPoints: plan.points, samplesPerPoint: plan.samples, points: to - from, rows: (to - from) * plan.samples },
    shard: facts.shard,
    dimensions: plan.dims.map((d) => ({ name: d.name, kind: d.kind, unit: d.unit, values: d.values })),
    uncertain: plan.perturbations.map(({ name, target, dist, vary, apply }) => ({ name, target, dist, vary, apply })),
    derived: plan.derived.map((d) => ({ name: d.name, unit: d.unit, across: d.across.map((a) => plan.dims[a].name) })),
    quantiles: QUANTILE_RULE,
    rowOrder: "canonical point order (dimensions spanned by derived metrics innermost, last varies fastest), then sample",
    units: {
      bands: Object.fromEntries(table.columns.map((c) => [c.name, c.unit])),
      points: Object.fromEntries([["point", ""], ["sample", ""], ...pointColumns(plan).map((c) => [c.name, c.unit])]),
    },
    files: facts.files,
    workers: facts.workers,
    chunk: facts.chunk,
    wallTimeSeconds: facts.wallSeconds,
    versions: {
      wattsweep: packageVersion(ROOT),
      node: process.versions.node,
      "apache-arrow": packageVersion(join(ROOT, "node_modules/apache-arrow")),
      piscina: packageVersion(join(ROOT, "node_modules/piscina")),
      tsx: packageVersion(join(ROOT, "node_modules/tsx")),
    },
    gitCommit: gitCommit(),
  };
}

// `wattsweep analyze DIR`: rank and regression indices of a finished Monte Carlo or Latin
// hypercube run, read from its points.arrow. Per grid point (a derived metric: per group) ×
// metric × input: Spearman's rank correlation and PRCC with Fisher-z intervals, SRC with a
// seeded bootstrap interval and the fit's R². Inputs are the draw columns that apply there,
// one per independent stream (a perGpu parameter in a derived group: one per GPU, named
// power_factor[h100-80gb]). A metric constant at a point has no correlation: no rows.
import { ResultSet, readManifest, verifyResultSet, type FileEntry } from "./resultSet.ts";
import { readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { tableFromIPC } from "apache-arrow";
import { InputError } from "../errors.ts";
import { floatColumn, intColumn, stringColumn, writeTableFiles, type ColumnTable } from "../io/index.ts";
import { gridColumn, type GridDim } from "./gridColumns.ts";
import { numericValues } from "./points.ts";
import { writeIndicesCharts } from "./indicesCharts.ts";
import { prcc, spearman, src, type Estimate } from "../stats/sensitivity/index.ts";

interface RunManifest {
  name: string;
  method: string;
  seed: number;
  counts: { samplesPerPoint: number };
  shard: { points: [number, number] };
  dimensions: GridDim[];
  uncertain: Array<{ name: string; vary: string }>;
  derived: Array<{ name: string; unit: string; across: string[] }>;
  units: { points: Record<string, string> };
  files: Array<{ name: string }>;
}

export interface AnalyzeOptions {
  /** SRC bootstrap replicates (default 1000) */
  resamples?: number;
  confidence?: number;
}

export const RANK_STATS = ["spearman", "prcc", "src"] as const;

function runManifest(dir: string): RunManifest {
  const m = readManifest<RunManifest>(dir);
  if (m.method !== "monteCarlo" && m.method !== "latinHypercube") {
    throw new InputError(`${dir}: method = ${m.method}: analyze reads Monte Carlo or Latin hypercube runs (sobol and morris runs write indices.csv themselves)`);
  }
  if (!m.files.some((f) => f.name === "points.arrow")) throw new InputError(`${dir}: no points.arrow; run the sweep with --points`);
  return m;
}

interface Row { p: number; metric: string; unit: string; input: string; across: Set<string>; est: Estimate[]; i: number; r2: number }

/** Rank and regression indices of the run in `dir`, as a table (see the file comment). */
export function rankIndicesOf(dir: string, o: AnalyzeOptions = {}):
  { table: ColumnTable; skipped: number; metadata: Record<string, string>; dims: string[]; name: string } {
  const m = runManifest(dir);
  const points = tableFromIPC(readFileSync(join(dir, "points.arrow")));
  const col = (name: string) => numericValues(points.getChild(name)!.toArray() as Float64Array | BigInt64Array);
  const S = m.counts.samplesPerPoint;
  const [from, to] = m.shard.points;
  const dims = m.dimensions;
  const strides = dims.map((_, d) => dims.slice(d + 1).reduce((n, x) => n * x.values.length, 1));
  const coord = (p: number, d: number) => Math.floor(p / strides[d]) % dims[d].values.length;
  const gpuDim = dims.findIndex((d) => d.kind === "profile" || d.kind === "gpu");
  const draws = m.uncertain.map((u) => ({ ...u, values: col(u.name) }));
  const keys = new Set(["point", "sample", ...dims.map((d) => d.name), ...m.uncertain.map((u) => u.name)]);
  const metrics = Object.keys(m.units.points).filter((n) => !keys.has(n));
  const derived = new Map(m.derived.map((d) => [d.name, d]));
  const rows: Row[] = [];
  let skipped = 0;
  for (let p = from; p < to; p++) {
    for (const metric of metrics) {
      const across = derived.get(metric)?.across ?? [];
      const acrossAt = across.map((a) => dims.findIndex((d) => d.name === a));
      if (acrossAt.some((d) => coord(p, d) !== 0)) continue; // a derived group's indices sit at its first point
      const group = [p];
      for (const d of acrossAt) for (const q of [...group]) for (let v = 1; v < dims[d].values.length; v++) group.push(q + v * strides[d]);
      const inputs = new Map<string, Float64Array>();
      for (const q of group.sort((a, b) => a - b)) {
        for (const u of draws) {
          const x = u.values.subarray((q - from) * S, (q - from + 1) * S);
          if (Number.isNaN(x[0]) || x.every((v) => v === x[0])) continue; // null (its slot holds NaN): does not apply here
          const name = u.vary === "perGpu" ? `${u.name}[${dims[gpuDim].values[coord(q, gpuDim)]}]` : u.vary === "perPoint" ? `${u.name}[point ${q}]` : u.name;
          if (!inputs.has(name)) inputs.set(name, x);
        }
      }
      const y = col(metric).subarray((p - from) * S, (p - from + 1) * S);
      if (inputs.size === 0 || y.every((v) => v === y[0])) {
        skipped++;
        continue;
      }
      const x = [...inputs.values()];
      const regression = src(x, y, { seed: m.seed, resamples: o.resamples ?? 1000, confidence: o.confidence });
      const rank = spearman(x, y, o);
      // with one input there is nothing to partial out: PRCC is Spearman's (and the rank
      // matrix of an output that is a monotone function of it would be singular)
      const est = [rank, x.length === 1 ? rank : prcc(x, y, o), regression];
      [...inputs.keys()].forEach((input, i) => rows.push({
        p, metric, unit: m.units.points[metric], input, across: new Set(across), est, i, r2: regression.rSquared,
      }));
    }
  }
  const stat = (k: number, part: keyof Estimate) => Float64Array.from(rows, (r) => r.est[k][part][r.i]);
  const table: ColumnTable = {
    columns: [
      intColumn("point", "", rows.map((r) => r.p)),
      ...dims.map((d, di) => gridColumn(d, rows.length, (k) => (rows[k].across.has(d.name) ? null : coord(rows[k].p, di)))),
      stringColumn("metric", rows.map((r) => r.metric)), stringColumn("unit", rows.map((r) => r.unit)), stringColumn("input", rows.map((r) => r.input)),
      ...RANK_STATS.flatMap((name, k) => [floatColumn(name, "1", stat(k, "value")), floatColumn(`${name}_low`, "1", stat(k, "low")), floatColumn(`${name}_high`, "1", stat(k, "high"))]),
      floatColumn("src_r2", "1", Float64Array.from(rows, (r) => r.r2)),
    ],
    length: rows.length,
  };
  const metadata = {
    method: "rank", source: `${m.name} (${m.method}, ${S} samples per point, seed ${m.seed})`,
    estimators: "Spearman and PRCC (Fisher z, Bonett-Wright variance); SRC (bootstrap percentile interval), R² of the linear fit",
    confidence: String(o.confidence ?? 0.95), bootstrap: `${o.resamples ?? 1000} resamples`,
  };
  return { table, skipped, metadata, dims: dims.map((d) => d.name), name: m.name };
}

const RANK_FILES = /^rank_indices[._]/;

/**
 * Writes DIR/rank_indices.csv, .arrow, .parquet and a bar chart per metric as a new version
 * of the result set: the run's files (checked against its manifest first) carried over, an
 * earlier analysis replaced, and the manifest listing them all, swapped in at once. Returns
 * the table, the new files and how many constant metric columns had no rows.
 */
export async function analyzeRun(dir: string, o: AnalyzeOptions = {}): Promise<{ table: ColumnTable; files: string[]; skipped: number }> {
  const { table, skipped, metadata, dims, name } = rankIndicesOf(dir, o);
  const { files: listed, ...manifest } = readManifest<{ name: string; files: FileEntry[]; analyses?: Record<string, unknown> }>(dir);
  verifyResultSet(dir, listed);
  const set = new ResultSet(dir, { name: manifest.name });
  try {
    set.carry(dir, listed.map((f) => f.name).filter((f) => !RANK_FILES.test(f)));
    await writeTableFiles(set.dir, "rank_indices", table, metadata);
    if (table.length > 0) writeIndicesCharts(set.dir, table, dims, "rank", name);
    const files = set.commit({ ...manifest, analyses: { ...manifest.analyses, rank_indices: metadata } });
    return { table, files: files.filter((f) => RANK_FILES.test(basename(f))), skipped };
  } catch (err) {
    set.abort();
    throw err;
  }
}

// manifest.json: what was run, on what, and the unit of every column of a results folder.
import { gitCommit, packageVersion } from "../io/installation.ts";
import { packagePath } from "../packageRoot.ts";
import type { TableFormat } from "../io/index.ts";
import { fingerprint, type Plan } from "../plan/index.ts";
import { QUANTILE_RULE } from "../stats/bands.ts";
import { bandsTable } from "./bandsTable.ts";
import { indicesMetadata, indicesTable } from "./indicesTable.ts";
import { pointColumns } from "./pointColumns.ts";

export interface RunFacts {
  file: string;
  /** where the seed came from: the sweep definition or `run --seed` */
  seedFrom: "definition" | "--seed";
  /** this shard's grid points and samples (all samples unless the grid has fewer units than shards) */
  shard: { k: number; n: number; points: [number, number]; samples: [number, number] };
  /** whether points.arrow was asked for (a shard of samples leaves it to merge) */
  points: boolean;
  /** the file formats asked for */
  formats: readonly TableFormat[];
  workers: number;
  /** points and samples per chunk (the first chunk) */
  chunk: { points: number; samples: number };
  wallSeconds: number;
}

/** manifest.json: what was run, on what, and the unit of every column (ResultSet.commit adds every file's size and sha256). */
export function manifest(plan: Plan, facts: RunFacts): Record<string, unknown> {
  const table = bandsTable(plan, 0, 0, new Float64Array(0));
  const [from, to] = facts.shard.points;
  return {
    name: plan.name,
    definitionHash: plan.hash,
    fingerprint: fingerprint(plan),
    inputs: plan.inputs,
    file: facts.file,
    evaluator: plan.evaluator.name,
    seed: plan.seed,
    seedFrom: facts.seedFrom,
    method: plan.method,
    counts: { gridPoints: plan.points, samplesPerPoint: plan.samples, points: to - from, rows: (to - from) * plan.samples },
    shard: facts.shard,
    points: facts.points,
    formats: facts.formats,
    dimensions: plan.dims.map((d) => ({ name: d.name, kind: d.kind, unit: d.unit, values: d.values, ...(d.labels ? { labels: d.labels } : {}) })),
    uncertain: plan.perturbations.map(({ name, target, dist, vary, apply }) => ({ name, target, dist, vary, apply })),
    derived: plan.derived.map((d) => ({ name: d.name, unit: d.unit, across: d.across.map((a) => plan.dims[a].name) })),
    ...(plan.design === null ? {} : { sensitivity: sensitivityFacts(plan) }),
    quantiles: QUANTILE_RULE,
    rowOrder: "canonical point order (dimensions spanned by derived metrics innermost, last varies fastest), then sample",
    units: {
      bands: Object.fromEntries(table.columns.map((c) => [c.name, c.unit])),
      points: Object.fromEntries([["point", ""], ["sample", ""], ...plan.dims.map((d) => [d.name, d.unit]), ...pointColumns(plan).map((c) => [c.name, c.unit])]),
    },
    workers: facts.workers,
    chunk: facts.chunk,
    wallTimeSeconds: facts.wallSeconds,
    versions: {
      wattsweep: packageVersion(),
      node: process.versions.node,
      "apache-arrow": packageVersion(packagePath("node_modules/apache-arrow")),
      piscina: packageVersion(packagePath("node_modules/piscina")),
      tsx: packageVersion(packagePath("node_modules/tsx")),
    },
    gitCommit: gitCommit(),
  };
}

/** The sensitivity design and the units of indices.*: what the estimates are and over what. */
function sensitivityFacts(plan: Plan): Record<string, unknown> {
  const table = indicesTable(plan, 0, 0, new Float64Array(0));
  return {
    ...indicesMetadata(plan),
    inputs: plan.design!.inputs.map(({ name, perturbation }) => ({ name, parameter: plan.perturbations[perturbation].name })),
    metrics: plan.design!.columns.map((c) => [...plan.metrics, ...plan.derived.map((d) => d.name)][c]),
    units: Object.fromEntries(table.columns.map((c) => [c.name, c.unit])),
  };
}

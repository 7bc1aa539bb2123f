import type { CommandModule } from "yargs";
import { availableParallelism } from "node:os";
import { estimateSweep, type SweepEstimate } from "../sweep/estimate.ts";
import { formatTable } from "../io/format.ts";
import { integerFlag } from "./integerFlag.ts";
import type { WithIo } from "./io.ts";

function mb(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(1)} MB`;
}

function preview(values: readonly (string | number)[]): string {
  return values.length <= 8 ? values.join(", ") : `${values.slice(0, 4).join(", ")}, ..., ${values.slice(-2).join(", ")}`;
}

function describeText(e: SweepEstimate, workers: number | undefined): string {
  const p = e.plan;
  return [
    `sweep ${p.name} (${p.evaluator.name}), definition ${p.hash.slice(0, 12)}`,
    formatTable([["dimension", "kind", "size", "unit", "values"],
      ...p.dims.map((d) => [d.name, d.kind, String(d.values.length), d.unit, preview(d.labels?.map((l, i) => `${l} (${d.values[i]})`) ?? d.values)])]),
    `grid points: ${p.points}; samples per point: ${p.samples} (${p.method}, seed ${p.seed}); total samples: ${e.rows}`,
    `shardable units (--shard K/N takes whole units): ${Math.ceil(p.points / p.unitPoints)} of ${p.unitPoints} points`,
    `uncertain: ${p.perturbations.map((u) => `${u.name} → ${u.target} (${u.dist.kind}, ${u.vary}, ${u.apply})`).join("; ") || "none"}`,
    `metrics: ${p.metrics.join(", ")}${p.derived.length ? `; derived: ${p.derived.map((d) => d.name).join(", ")}` : ""}`,
    `estimate: ${e.seconds.toFixed(1)} s on ${workers ?? "all"} worker${workers === 1 ? "" : "s"}: ${e.bootSeconds.toFixed(2)} s to start a worker, ` +
      (e.warmup.rows > 0 ? `${e.warmup.seconds.toFixed(2)} s more for its first ${e.warmup.rows} samples (code still compiling), ` : "") +
      `then ${Math.round(e.rowsPerSecondPerWorker)} samples/s per worker`,
    `memory: bands ${mb(e.memory.bands)}, ${mb(e.memory.perWorker)} per worker` +
      `${e.memory.block ? `, ${mb(e.memory.block)} to reassemble blocks cut into sample ranges` : ""}; points files (with --points) about ${mb(e.memory.pointsFile)} each on disk`,
  ].join("\n") + "\n";
}

/** `describe --json`: the same facts as one object (sizes in bytes, times in seconds). */
export function describeJson(e: SweepEstimate, workers: number): Record<string, unknown> {
  const p = e.plan;
  return {
    name: p.name, evaluator: p.evaluator.name, definition_hash: p.hash, method: p.method, seed: p.seed,
    grid_points: p.points, samples_per_point: p.samples, total_samples: e.rows,
    shard_units: { count: Math.ceil(p.points / p.unitPoints), points_per_unit: p.unitPoints },
    dimensions: p.dims.map((d) => ({ name: d.name, kind: d.kind, size: d.values.length, unit: d.unit, values: d.values, ...(d.labels ? { labels: d.labels } : {}) })),
    uncertain: p.perturbations.map((u) => ({ name: u.name, target: u.target, dist: u.dist.kind, vary: u.vary, apply: u.apply })),
    metrics: p.metrics, derived: p.derived.map((d) => d.name),
    estimate: {
      workers, busy_workers: e.busyWorkers, boot_seconds: e.bootSeconds, warmup_seconds: e.warmup.seconds, warmup_samples: e.warmup.rows,
      samples_per_second_per_worker: e.rowsPerSecondPerWorker, seconds: e.seconds,
    },
    memory_bytes: { bands: e.memory.bands, per_worker: e.memory.perWorker, block: e.memory.block, points_file: e.memory.pointsFile },
  };
}

export const describeCommand: CommandModule<object, { file: string; workers?: number; chunk?: number; json: boolean } & WithIo> = {
  command: "describe <file>",
  describe: "print a sweep's grid size, samples, estimated time and memory without running it",
  builder: (y) => y
    .positional("file", { type: "string", demandOption: true })
    .option("workers", { type: "string", coerce: integerFlag("--workers", 1), describe: "workers to estimate for (default: core count)" })
    .option("chunk", { type: "string", coerce: integerFlag("--chunk", 1), describe: "samples per chunk (default: as run)" })
    .option("json", { type: "boolean", default: false, describe: "one JSON object on stdout (sizes in bytes, times in seconds)" }) as never,
  handler: async ({ file, workers, chunk, json, io }) => {
    const e = await estimateSweep(file, workers, chunk);
    io.stdout.write(json ? JSON.stringify(describeJson(e, workers ?? availableParallelism()), null, 2) + "\n" : describeText(e, workers));
  },
};

import type { CommandModule } from "yargs";
import { estimateSweep } from "../sweep/estimate.ts";
import { formatTable } from "../io/format.ts";
import { integerFlag } from "./integerFlag.ts";
import type { WithIo } from "./io.ts";

function mb(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(1)} MB`;
}

function preview(values: readonly (string | number)[]): string {
  return values.length <= 8 ? values.join(", ") : `${values.slice(0, 4).join(", ")}, ..., ${values.slice(-2).join(", ")}`;
}

export const describeCommand: CommandModule<object, { file: string; workers?: number; chunk: number } & WithIo> = {
  command: "describe <file>",
  describe: "print a sweep's grid size, samples, estimated time and memory without running it",
  builder: (y) => y
    .positional("file", { type: "string", demandOption: true })
    .option("workers", { type: "string", coerce: integerFlag("--workers", 1), describe: "workers to estimate for (default: core count)" })
    .option("chunk", { type: "string", default: "16384", coerce: integerFlag("--chunk", 1), describe: "samples per chunk" }) as never,
  handler: async ({ file, workers, chunk, io }) => {
    const e = await estimateSweep(file, workers, chunk);
    const p = e.plan;
    const lines = [
      `sweep ${p.name} (${p.evaluator.name}), definition ${p.hash.slice(0, 12)}`,
      formatTable([["dimension", "kind", "size", "unit", "values"],
        ...p.dims.map((d) => [d.name, d.kind, String(d.values.length), d.unit, preview(d.values)])]),
      `grid points: ${p.points}; samples per point: ${p.samples} (${p.method}, seed ${p.seed}); total samples: ${e.rows}`,
      `shardable units (--shard K/N takes whole units): ${Math.ceil(p.points / p.unitPoints)} of ${p.unitPoints} points`,
      `uncertain: ${p.perturbations.map((u) => `${u.name} → ${u.target} (${u.dist.kind}, ${u.vary}, ${u.apply})`).join("; ") || "none"}`,
      `metrics: ${p.metrics.join(", ")}${p.derived.length ? `; derived: ${p.derived.map((d) => d.name).join(", ")}` : ""}`,
      `estimate: ${Math.round(e.rowsPerSecondPerWorker)} samples/s per worker → ${e.seconds.toFixed(1)} s on ${workers ?? "all"} workers (plus startup)`,
      `memory: bands ${mb(e.memory.bands)}, ${mb(e.memory.perWorker)} per worker` +
        `${e.memory.block ? `, ${mb(e.memory.block)} to reassemble a block cut into sample ranges` : ""}; points.arrow (with --points) ${mb(e.memory.pointsFile)} on disk`,
    ];
    io.stdout.write(lines.join("\n") + "\n");
  },
};

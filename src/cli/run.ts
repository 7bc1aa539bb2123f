import type { CommandModule } from "yargs";
import { InputError } from "../errors.ts";
import { singleGpuEvaluator } from "../evaluators/singleGpu.ts";
import { DEFAULT_CHUNK_ROWS } from "../execute/chunking.ts";
import { parseFormats } from "../io/index.ts";
import { runSweep } from "../sweep/index.ts";
import type { WithIo } from "./io.ts";
import { shardFromEnvironment } from "./shardAuto.ts";
import { integerFlag } from "./integerFlag.ts";
import { stoppable } from "./signals.ts";

interface RunArgs extends WithIo {
  file: string;
  out?: string;
  workers?: number;
  chunk?: number;
  shard?: string;
  points: boolean;
  format: string;
  seed?: number;
  force: boolean;
}

/** "K/N" → [K, N] (1-based K); "auto" reads the array index and count from the environment. */
export function parseShard(spec: string): [number, number] {
  if (spec === "auto") return shardFromEnvironment();
  const m = /^(\d+)\/(\d+)$/.exec(spec);
  const k = m ? Number(m[1]) : NaN;
  const n = m ? Number(m[2]) : NaN;
  if (!m || n < 1 || k < 1 || k > n) throw new InputError(`--shard = ${JSON.stringify(spec)}: must be K/N with 1 <= K <= N`);
  return [k, n];
}

export const runCommand: CommandModule<object, RunArgs> = {
  command: "run <file>",
  describe: "run a sweep file (.ts) and write bands (.csv, .arrow, .parquet), manifest.json (and points .arrow/.parquet)",
  builder: (y) => y
    .positional("file", { type: "string", demandOption: true, describe: "sweep definition (export default defineSweep({...}))" })
    .option("out", { type: "string", describe: "results folder (default results/<sweep name>[-shard-K-of-N])" })
    .option("workers", { type: "string", coerce: integerFlag("--workers", 1), describe: "worker threads (default: core count)" })
    .option("chunk", { type: "string", coerce: integerFlag("--chunk", 1), describe: `samples per chunk handed to a worker (default: ${singleGpuEvaluator.chunkRows} single-GPU, ${DEFAULT_CHUNK_ROWS} otherwise; without --points, up to sixteen chunks join in the middle of the run)` })
    .option("shard", { type: "string", describe: "run only slice K of N (1-based), e.g. 2/8, or auto (Slurm, Kubernetes Indexed Job, CI array index); combine with `wattsweep merge`" })
    .option("points", { type: "boolean", default: false, describe: "also stream every sample to points.arrow / points.parquet" })
    .option("format", { type: "string", default: "csv,arrow,parquet", describe: "file formats to write, comma-separated: csv, arrow, parquet" })
    .option("seed", { type: "string", coerce: integerFlag("--seed", 0), describe: "replace the sweep's seed (recorded in manifest.json)" })
    .option("force", { type: "boolean", default: false, describe: "replace an --out folder that holds something else" }) as never,
  handler: async (args) => {
    const shard = args.shard === undefined ? undefined : parseShard(args.shard);
    const formats = parseFormats("--format", args.format);
    await stoppable((signal) => runSweep({
      file: args.file, out: args.out, workers: args.workers, chunkRows: args.chunk, shard, points: args.points, formats, seed: args.seed,
      force: args.force, signal, progress: args.io.stderr,
    }));
  },
};

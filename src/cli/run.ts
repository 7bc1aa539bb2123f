import type { CommandModule } from "yargs";
import { InputError } from "../errors.ts";
import { runSweep } from "../sweep/run.ts";
import type { WithIo } from "./io.ts";

interface RunArgs extends WithIo {
  file: string;
  out?: string;
  workers?: number;
  chunk: number;
  shard?: string;
  points: boolean;
}

/** "K/N" → [K, N] (1-based K). */
export function parseShard(spec: string): [number, number] {
  const m = /^(\d+)\/(\d+)$/.exec(spec);
  const k = m ? Number(m[1]) : NaN;
  const n = m ? Number(m[2]) : NaN;
  if (!m || n < 1 || k < 1 || k > n) throw new InputError(`--shard = ${JSON.stringify(spec)}: must be K/N with 1 <= K <= N`);
  return [k, n];
}

export const runCommand: CommandModule<object, RunArgs> = {
  command: "run <file>",
  describe: "run a sweep file (.ts) and write bands.csv, bands.arrow, manifest.json (and points.arrow)",
  builder: (y) => y
    .positional("file", { type: "string", demandOption: true, describe: "sweep definition (export default defineSweep({...}))" })
    .option("out", { type: "string", describe: "results folder (default results/<sweep name>[-shard-K-of-N])" })
    .option("workers", { type: "number", describe: "worker threads (default: core count)" })
    .option("chunk", { type: "number", default: 16384, describe: "samples per chunk handed to a worker" })
    .option("shard", { type: "string", describe: "run only slice K of N (1-based), e.g. 2/8; combine with `wattsweep merge`" })
    .option("points", { type: "boolean", default: false, describe: "also stream every sample to points.arrow" }) as never,
  handler: async (args) => {
    const shard = args.shard === undefined ? undefined : parseShard(args.shard);
    const ac = new AbortController();
    const onSigint = () => ac.abort();
    process.once("SIGINT", onSigint);
    try {
      // Ctrl-C ends in Interrupted, which the CLI reports with exit code 130.
      await runSweep({
        file: args.file, out: args.out, workers: args.workers, chunkRows: args.chunk, shard, points: args.points, signal: ac.signal,
        progress: args.io.stderr,
      });
    } finally {
      process.off("SIGINT", onSigint);
    }
  },
};

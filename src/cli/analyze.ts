import type { CommandModule } from "yargs";
import { analyzeRun } from "../output/rankAnalysis.ts";
import type { WithIo } from "./io.ts";

interface AnalyzeArgs extends WithIo {
  dir: string;
  resamples: number;
  confidence: number;
}

export const analyzeCommand: CommandModule<object, AnalyzeArgs> = {
  command: "analyze <dir>",
  describe: "rank and regression indices (Spearman, PRCC, SRC with CIs) of a Monte Carlo or LHS run's points.arrow → DIR/rank_indices.csv/.arrow/.parquet and charts, added to the folder's manifest",
  builder: (y) => y
    .positional("dir", { type: "string", demandOption: true, describe: "results folder of `run --points`" })
    .option("resamples", { type: "number", default: 1000, describe: "bootstrap replicates of the SRC intervals" })
    .option("confidence", { type: "number", default: 0.95, describe: "two-sided confidence of the intervals" }) as never,
  handler: async ({ dir, resamples, confidence, io }) => {
    const r = await analyzeRun(dir, { resamples, confidence });
    io.stderr.write(`${dir}: ${r.table.length} rank-index rows${r.skipped > 0 ? ` (${r.skipped} constant metric columns have none)` : ""} → ${r.files.join(", ")}\n`);
  },
};

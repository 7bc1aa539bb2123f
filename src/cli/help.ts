// What every --help shows beyond the options: examples per command and the exit codes.
// Kept in one place so the commands stay small and the examples read as one tour of the CLI.
import type { Argv, CommandModule } from "yargs";

/** The exit codes of every command (README "Exit codes" says the same). */
export const EXIT_CODES = "Exit codes: 0 done; 1 failure (a bug: please report it); 2 bad input (one line naming the "
  + "flag or file, field and value); 130 interrupted by Ctrl-C (SIGINT); 143 stopped by SIGTERM.";

/** [command line, what it does] per command name. */
export const EXAMPLES: Readonly<Record<string, ReadonlyArray<readonly [string, string]>>> = {
  paper: [
    ["$0 paper", "every table, the referee's studies and REPORT.md into results/paper"],
    ["$0 paper --tables 1,3 --revision v2 --out results/v2", "Tables 1 and 3 with the revision's B200 power"],
    ["$0 paper --tables 1 --format parquet", "Table 1 as Parquet only"],
  ],
  profile: [
    ["$0 profile --gpu h100 --model llama-3.1-70b --tp 8", "a first-principles profile evaluated per context window"],
    ["$0 profile --gpu b200 --model config.json --dtype fp8 --out my-b200.json", "save it as a profile JSON that every --profile accepts"],
    ["$0 profile --profile h100-80gb --ctx 8K,128K --json", "one JSON object on stdout"],
  ],
  list: [
    ["$0 list profiles", "the named profiles with their power curves"],
    ["$0 list gpus --json", "the GPU catalog as JSON"],
  ],
  run: [
    ["$0 run sweeps/table1-bands.ts", "bands into results/table1-bands (csv, arrow, parquet)"],
    ["$0 run sweeps/table1-bands.ts --points --format parquet", "every sample to points.parquet as well"],
    ["$0 run my-sweep.ts --shard 2/8 --out shards/2", "one slice of eight; combine them with merge"],
  ],
  merge: [["$0 merge shards/* --out results/my-sweep", "the shards' folders back into one, byte-identical to a single run"]],
  describe: [
    ["$0 describe sweeps/table1-bands.ts", "grid size, samples, estimated time and memory"],
    ["$0 describe my-sweep.ts --workers 8 --json", "the same as one JSON object"],
  ],
  calibrate: [
    ["$0 calibrate --power power.csv --columns batch=bs,power=watts --base h100-80gb --out fitted.json", "fit the power curve"],
    ["$0 calibrate --measured sweep.csv --columns context=ctx,concurrency=c,tok_s=tps,power=w --base h100-80gb --out fitted.json",
      "fit W, H and KV capacity from a context sweep at the server's concurrency"],
  ],
  validate: [
    ["$0 validate --profile h100-80gb --measured power.csv --columns batch=bs,power=watts", "measured power against the model's ±20 % band"],
    ["$0 validate --profile fitted.json --measured sweep.csv --columns context=ctx,concurrency=c,tok_s=tps,power=w --json",
      "a context sweep, as one JSON object"],
  ],
  fleet: [
    ["$0 fleet --cdf azure --lam 1000 --slo-ms 500 --gpu h100 --topology fleetopt", "size the paper's FleetOpt fleet"],
    ["$0 fleet --cdf azure --topology pools --pools 4K@b200,64K@h100 --verify des", "two pools, checked by simulation"],
    ["$0 fleet --cdf my-cdf.json --profile my-profile.json --json", "your workload and profile, as JSON"],
  ],
  analyze: [
    ["$0 run sweeps/table1-bands.ts --points --out results/t1", "a Monte Carlo run with every sample kept"],
    ["$0 analyze results/t1", "Spearman, PRCC and SRC with CIs of each metric on each input → results/t1/rank_indices.*"],
  ],
  init: [["$0 init my-study", "a sweep folder: package.json, tsconfig.json and an example sweep to edit and run"]],
};

/** The command's first word: "run <file>" → "run". */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function commandName(c: CommandModule<any, any>): string {
  const spec = Array.isArray(c.command) ? c.command[0] : c.command;
  return String(spec ?? "").split(" ")[0];
}

/** The command with its examples and the exit codes added to its --help. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function withHelp<T>(c: CommandModule<any, T>): CommandModule<any, T> {
  const examples = EXAMPLES[commandName(c)] ?? [];
  const builder = c.builder;
  return {
    ...c,
    builder: (y: Argv) => {
      const built = (typeof builder === "function" ? builder(y) : y.options(builder ?? {})) as Argv;
      return examples.reduce((a, [cmd, what]) => a.example(cmd, what), built).epilogue(EXIT_CODES) as never;
    },
  };
}

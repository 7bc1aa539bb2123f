// The flags of `npm run bench`: --json (one JSON object as the last line of stdout), --quick
// (tiny sizes: checks that every figure comes out, measures nothing worth quoting) and
// --workers LIST (the worker counts the sweeps run on; 1 and 2 are always among them, so the
// keys CI reads are always there).
import { badInput, InputError } from "../../src/errors.ts";

export interface BenchOptions {
  json: boolean;
  quick: boolean;
  /** ascending, distinct, always including 1 and 2 */
  workers: number[];
}

/** One section's named figures: rates per second, seconds, or ratios. */
export type Figures = Record<string, number>;

const WHERE = "npm run bench";

export function parseBenchArgs(argv: readonly string[]): BenchOptions {
  let json = false;
  let quick = false;
  let list = "1,2";
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--json") json = true;
    else if (arg === "--quick") quick = true;
    else if (arg === "--workers" || arg.startsWith("--workers=")) {
      const value = arg === "--workers" ? argv[++i] : arg.slice("--workers=".length);
      if (value === undefined) badInput(WHERE, "--workers", value, "expects a list of worker counts, e.g. 1,2,4");
      list = value;
    } else throw new InputError(`${WHERE}: unknown flag ${JSON.stringify(arg)}; valid: --json, --quick, --workers LIST`);
  }
  const counts = list.split(",").map((s) => (s.trim() === "" ? NaN : Number(s)));
  if (counts.some((n) => !Number.isInteger(n) || n < 1)) {
    badInput(WHERE, "--workers", list, "must be positive integers separated by commas, e.g. 1,2,4");
  }
  return { json, quick, workers: [...new Set([1, 2, ...counts])].sort((a, b) => a - b) };
}

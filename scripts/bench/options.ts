// The flags of `npm run bench`: --json (one JSON object as the last line of stdout), --quick
// (tiny sizes: checks that every figure comes out, measures nothing worth quoting),
// --workers LIST (the worker counts the sweeps run on; 1 and 2 are always among them, so the
// keys CI reads are always there) and --only WORD (just the sections whose name holds WORD,
// e.g. `--only sensitivity`; the report then requires no key, as CI reads only full runs).
import { badInput, InputError } from "../../src/errors.ts";

export interface BenchOptions {
  json: boolean;
  quick: boolean;
  /** ascending, distinct, always including 1 and 2 */
  workers: number[];
  /** a word of the sections to run (case-insensitive); absent: every section */
  only?: string;
}

/** One section's named figures: rates per second, seconds, or ratios. */
export type Figures = Record<string, number>;

/** The CLI as users run it (`node bin/wattsweep.js`), for the sections that time whole processes. */
export const CLI = new URL("../../bin/wattsweep.js", import.meta.url).pathname;

const WHERE = "npm run bench";

export function parseBenchArgs(argv: readonly string[]): BenchOptions {
  let json = false;
  let quick = false;
  let list = "1,2";
  let only: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--json") json = true;
    else if (arg === "--quick") quick = true;
    else if (arg === "--workers" || arg.startsWith("--workers=")) {
      const value = arg === "--workers" ? argv[++i] : arg.slice("--workers=".length);
      if (value === undefined) badInput(WHERE, "--workers", value, "expects a list of worker counts, e.g. 1,2,4");
      list = value;
    } else if (arg === "--only" || arg.startsWith("--only=")) {
      only = arg === "--only" ? argv[++i] : arg.slice("--only=".length);
      if (only === undefined || only.trim() === "") badInput(WHERE, "--only", only, "expects a word of a section's name, e.g. sensitivity");
    } else throw new InputError(`${WHERE}: unknown flag ${JSON.stringify(arg)}; valid: --json, --quick, --workers LIST, --only WORD`);
  }
  const counts = list.split(",").map((s) => (s.trim() === "" ? NaN : Number(s)));
  if (counts.some((n) => !Number.isInteger(n) || n < 1)) {
    badInput(WHERE, "--workers", list, "must be positive integers separated by commas, e.g. 1,2,4");
  }
  const workers = [...new Set([1, 2, ...counts])].sort((a, b) => a - b);
  return only === undefined ? { json, quick, workers } : { json, quick, workers, only };
}

// `npm run bench [-- --json] [--workers 1,2,4] [--quick] [--only WORD]`: every section prints its figures;
// ratios are taken within this one run. With --json the last line of stdout is one JSON
// object holding every figure (docs/benchmarks.md says what each one measures).
import { InputError } from "../src/errors.ts";
import { collectFigures } from "./bench/collect.ts";
import { parseBenchArgs } from "./bench/options.ts";
import { goalLines, reportLine } from "./bench/report.ts";

try {
  const options = parseBenchArgs(process.argv.slice(2));
  const { figures, required } = await collectFigures(options);
  const line = reportLine(figures, required);
  console.log("\n== goals");
  for (const goal of goalLines(figures)) console.log(goal);
  if (options.json) console.log(line);
} catch (err) {
  if (!(err instanceof InputError)) throw err;
  console.error(err.message);
  process.exitCode = 2;
}

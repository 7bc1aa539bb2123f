// Child process of rss.test.ts: runs sweeps (file, out pairs) one after the other with
// points.arrow and prints the process's peak RSS (MB) after each, one line per sweep.
import { runSweep } from "../../src/sweep/index.ts";

const args = process.argv.slice(2);
for (let i = 0; i < args.length; i += 2) {
  await runSweep({ file: args[i], out: args[i + 1], workers: 2, points: true, progress: null });
  process.stdout.write(`${process.resourceUsage().maxRSS / 1024}\n`);
}

// Child process of rss.test.ts: runs one sweep with points.arrow and prints its peak RSS (MB).
import { runSweep } from "../../src/sweep/index.ts";

const [file, out] = process.argv.slice(2);
await runSweep({ file, out, workers: 2, points: true, progress: null });
process.stdout.write(`${process.resourceUsage().maxRSS / 1024}\n`);

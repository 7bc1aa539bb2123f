// Child process of rss.test.ts: runs sweeps (file, out pairs) one after the other with
// points.arrow and prints the process's peak RSS (MB) after each, one line per sweep. Plain
// node on the built package, as users run it: through the TypeScript loader every thread
// would carry the loader's memory too.
await (await import("../../scripts/build.mjs")).ensureBuilt();
const { runSweep } = await import("../../dist/index.js");

const args = process.argv.slice(2);
for (let i = 0; i < args.length; i += 2) {
  await runSweep({ file: args[i], out: args[i + 1], workers: 2, points: true, progress: null });
  process.stdout.write(`${process.resourceUsage().maxRSS / 1024}\n`);
}

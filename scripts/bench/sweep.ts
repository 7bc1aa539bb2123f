// End-to-end sweep throughput: the shipped Table 1 and Table 3 bands sweeps run through
// `runSweep` (worker startup, sampling, kernel or fleet sizing, exact bands, output files),
// with a label dimension of replicates so that there is enough work to spread over workers.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { Worker } from "node:worker_threads";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runSweep } from "../../src/sweep/index.ts";
import { nativeBaseline } from "./kernel.ts";

const ROOT = new URL("../..", import.meta.url).pathname;

/** A sweep file that is `sweeps/NAME.ts` with `replicates` copies of its grid and `samples` per point. */
function replicated(dir: string, name: string, replicates: number, samples: number): string {
  const file = join(dir, `${name}-x${replicates}.ts`);
  writeFileSync(file, `import base from ${JSON.stringify(join(ROOT, "sweeps", `${name}.ts`))};
export default { ...base, samples: ${samples}, grid: { rep: Array.from({ length: ${replicates} }, (_, i) => "r" + i), ...base.grid } };
`);
  return file;
}

/** Samples per second of one run (wall time including pool startup), best of `reps`. */
async function samplesPerSecond(file: string, out: string, workers: number, reps = 2): Promise<{ rate: number; rows: number; seconds: number }> {
  let best = { rate: 0, rows: 0, seconds: 0 };
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    const { rows } = await runSweep({ file, out, workers, progress: null });
    const seconds = (performance.now() - t0) / 1000;
    if (rows / seconds > best.rate) best = { rate: rows / seconds, rows, seconds };
  }
  return best;
}

const fmt = (x: number) => x.toExponential(3);

/**
 * How much faster 2 threads of pure arithmetic finish than 1, right now: the ceiling for any
 * 2-worker speedup on this machine at this moment (other processes share the cores).
 */
async function parallelCapacity(): Promise<number> {
  const spin = "let x = 0; for (let i = 0; i < 2e8; i++) x += Math.sqrt(i); require('node:worker_threads').parentPort.postMessage(x);";
  const wall = async (threads: number) => {
    const t0 = performance.now();
    await Promise.all(Array.from({ length: threads }, () => new Promise((done) => new Worker(spin, { eval: true }).once("message", done))));
    return performance.now() - t0;
  };
  const one = await wall(1);
  return (2 * one) / (await wall(2));
}

export async function sweepBench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "wattsweep-sweep-bench-"));
  // an ESM package scope, as a user's sweep folder would be: plain import() in every thread
  writeFileSync(join(dir, "package.json"), '{ "type": "module" }\n');
  try {
    // two sizes: end to end on the larger, and the marginal rate between them (startup cancels)
    const half = replicated(dir, "table1-bands", 75, 10000);
    const full = replicated(dir, "table1-bands", 150, 10000);
    const capacity = await parallelCapacity();
    const runs = async (workers: number) => {
      const small = await samplesPerSecond(half, join(dir, "t1"), workers);
      const large = await samplesPerSecond(full, join(dir, "t1"), workers);
      return { ...large, marginal: (large.rows - small.rows) / (large.seconds - small.seconds) };
    };
    const one = await runs(1);
    const two = await runs(2);
    const capacityAfter = await parallelCapacity();
    console.log(`Table 1 bands sweep ×150 replicates (${one.rows} samples, exact bands, no points.arrow):`);
    console.log(`  1 worker:  ${fmt(one.rate)} samples/s end to end (${one.seconds.toFixed(2)} s); ${fmt(one.marginal)} samples/s marginal`);
    console.log(`  2 workers: ${fmt(two.rate)} samples/s end to end (${two.seconds.toFixed(2)} s); ${fmt(two.marginal)} samples/s marginal`);
    console.log(`  speedup 2 vs 1 worker: ${(two.rate / one.rate).toFixed(2)}x end to end, ${(two.marginal / one.marginal).toFixed(2)}x marginal (goal >= 1.8)`);
    console.log(`  control: 2 spinning threads did ${capacity.toFixed(2)}x / ${capacityAfter.toFixed(2)}x the work of one (before / after)`);
    const native = nativeBaseline();
    if (native === undefined) console.log("  native kernel baseline: not available");
    else {
      console.log(`  per worker vs native kernel baseline (${fmt(native)} points/s): ${(one.rate / native).toFixed(3)} end to end, ` +
        `${(one.marginal / native).toFixed(3)} marginal (goal >= 0.3)`);
    }

    const t3 = replicated(dir, "table3-bands", 20, 1000);
    const fleet = await samplesPerSecond(t3, join(dir, "t3"), 2);
    console.log(`Table 3 bands sweep ×20 replicates (${fleet.rows} Monte Carlo samples, each re-sizing its fleet):`);
    console.log(`  2 workers: ${fmt(fleet.rate)} samples/s (${fleet.seconds.toFixed(2)} s; goal >= 2e4)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

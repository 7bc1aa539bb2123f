// Fixed costs paid before any work. cli_start_s: `wattsweep list gpus` spawned as a user runs
// it (node, the tsx loader, the CLI's modules, a table printed). worker_boot_s: from creating
// a sweep's piscina pool with the project's worker (src/execute/worker.mjs) to the first
// chunk of a one-point, one-sample sweep coming back — the loader and the package's modules
// in the thread, plus loading the sweep file there, which every sweep's workers do. The
// chunk's own compute (one sample) is a few microseconds, so no subtraction is made.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EVALUATORS } from "../../src/evaluators/index.ts";
import type { ChunkResult } from "../../src/execute/chunk.ts";
import { chunking } from "../../src/execute/chunking.ts";
import { startPool } from "../../src/execute/pool.ts";
import type { ChunkTask } from "../../src/execute/worker.ts";
import { fingerprint, loadPlan, shardPoints } from "../../src/plan/index.ts";
import type { BenchOptions, Figures } from "./options.ts";

const CLI = new URL("../../bin/wattsweep.js", import.meta.url).pathname;
const API = new URL("../../src/index.ts", import.meta.url).pathname;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Median wall time of `wattsweep list gpus` in a fresh process. */
export function cliStartSeconds(runs: number): number {
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    const res = spawnSync(process.execPath, [CLI, "list", "gpus"], { encoding: "utf8" });
    times.push((performance.now() - t0) / 1000);
    if (res.status !== 0) throw new Error(`wattsweep list gpus exited with ${res.status}: ${res.stderr}`);
  }
  return median(times);
}

/** Median time from a new one-thread pool to its first (one-sample) chunk's result. */
export async function workerBootSeconds(runs: number): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), "wattsweep-boot-bench-"));
  try {
    writeFileSync(join(dir, "package.json"), '{ "type": "module" }\n');
    const file = join(dir, "boot.ts");
    // the package by path: the coordinator here runs without the CLI's "wattsweep" alias
    writeFileSync(file, `import { defineSweep, profiles } from ${JSON.stringify(API)};
export default defineSweep({ name: "worker-boot", grid: { ctx: [2048], gpu: profiles("h100-80gb") }, samples: 1 });
`);
    // the coordinator loads the plan while the pool boots (as runSweep does); not timed here
    const plan = await loadPlan(file, EVALUATORS);
    const [from, to] = shardPoints(plan, 1, 1);
    const task: ChunkTask = { file, fingerprint: fingerprint(plan), seed: plan.seed, ...chunking(plan, from, to, 16384).at(0), columns: false };
    const times: number[] = [];
    for (let r = 0; r < runs; r++) {
      const t0 = performance.now();
      const pool = startPool(1);
      try {
        const res = (await pool.run(task)) as ChunkResult;
        times.push((performance.now() - t0) / 1000);
        if (res.p1 !== to || !Number.isFinite(res.bands[0])) throw new Error("worker boot bench: the first chunk came back malformed");
      } finally {
        await pool.destroy();
      }
    }
    return median(times);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function startupBench(o: BenchOptions): Promise<Figures> {
  const runs = o.quick ? 1 : 5;
  const cli = cliStartSeconds(runs);
  console.log(`CLI start (wattsweep list gpus, a fresh process): ${cli.toFixed(3)} s (median of ${runs})`);
  const boot = await workerBootSeconds(runs);
  console.log(`worker boot (new pool to the first one-sample chunk back): ${boot.toFixed(3)} s (median of ${runs})`);
  return { cli_start_s: cli, worker_boot_s: boot };
}

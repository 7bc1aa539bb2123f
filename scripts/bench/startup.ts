// Fixed costs paid before any work, by the built package (dist/, as `npm ci` leaves it; rebuilt
// here first when src/ is newer). cli_start_s: `wattsweep list gpus` spawned as a user runs it
// (node, the CLI's modules, a table printed). worker_boot_s: from creating a sweep's piscina
// pool with the built worker (dist/worker.js) to the first chunk of a one-point,
// one-sample sweep coming back — the package's modules in the thread, plus importing the
// sweep file the coordinator compiled, which every sweep's workers do. The chunk's own
// compute (one sample) is a few microseconds, so no subtraction is made.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CLI, type BenchOptions, type Figures } from "./options.ts";
// @ts-expect-error: a plain .mjs script without declarations
import { ensureBuilt } from "../build.mjs";

/** the built package, as `npm ci` leaves it */
const DIST = new URL("../../dist/", import.meta.url).href;

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

/**
 * Times `runs` new one-thread pools to their first (one-sample) chunk's result, in a plain
 * node process (this one runs under tsx, whose loader worker threads would inherit).
 */
const BOOT = `
const [dist, file, runs] = process.argv.slice(1);
const { EVALUATORS, chunking, planTaskOf, loadPlan, shardPoints, startPool } = await import(dist + "internals.js");
// the coordinator loads the plan while the pool boots (as runSweep does); not timed here
const plan = await loadPlan(file, EVALUATORS);
const [from, to] = shardPoints(plan, 1, 1);
const task = { ...planTaskOf(plan, file), ...chunking(plan, from, to, 16384).at(0), columns: false };
const times = [];
for (let r = 0; r < Number(runs); r++) {
  const t0 = performance.now();
  const pool = startPool(1);
  const res = await pool.run(task);
  times.push((performance.now() - t0) / 1000);
  await pool.destroy();
  if (res.p1 !== to || !Number.isFinite(res.bands[0])) throw new Error("worker boot bench: the first chunk came back malformed");
}
console.log(JSON.stringify(times));
`;

/** Median time from a new one-thread pool to its first (one-sample) chunk's result. */
export async function workerBootSeconds(runs: number): Promise<number> {
  await ensureBuilt();
  const dir = mkdtempSync(join(tmpdir(), "wattsweep-boot-bench-"));
  try {
    // a plain folder, like a user's
    const file = join(dir, "boot.ts");
    writeFileSync(file, `import { defineSweep, profiles } from "wattsweep";
export default defineSweep({ name: "worker-boot", grid: { ctx: [2048], gpu: profiles("h100-80gb") }, samples: 1 });
`);
    const res = spawnSync(process.execPath, ["--input-type=module", "-e", BOOT, DIST, file, String(runs)], { encoding: "utf8" });
    if (res.status !== 0) throw new Error(`worker boot bench exited with ${res.status}: ${res.stderr}`);
    return median(JSON.parse(res.stdout) as number[]);
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

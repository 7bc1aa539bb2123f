// End-to-end sweep throughput: the shipped Table 1 and Table 3 bands sweeps run through
// `runSweep` (worker startup, sampling, kernel or fleet sizing, exact bands, output files) on
// each worker count of --workers, with a dimension of independent replicates (replicates(n))
// so that there is enough work to spread over workers. Beside them: the coordinator's event-loop utilisation
// during each sweep, and the control — how much more work N threads of pure arithmetic do
// than one right now, the ceiling for any N-worker speedup on a machine shared with others.
// The Table 1 runs on every worker count and the numpy peer's runs take turns, round after
// round, so that the ratios between them (speedups, sweep vs numpy) compare runs made under
// the same load of a shared machine, not runs made minutes apart.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { Worker } from "node:worker_threads";
import { haveNumpy, numpyPeerRun } from "./numpy.ts";
import { CLI, type BenchOptions, type Figures } from "./options.ts";
// @ts-expect-error: a plain .mjs script without declarations
import { ensureBuilt } from "../build.mjs";

const ROOT = new URL("../..", import.meta.url).pathname;
/** the built package, as `npm ci` leaves it and `wattsweep run` runs it */
const DIST = new URL("../../dist/", import.meta.url).href;

/** Size of the Table 1 bands run; the numpy peer does the same work. */
function table1Size(o: BenchOptions): { replicates: number; samples: number } {
  return o.quick ? { replicates: 2, samples: 200 } : { replicates: 150, samples: 10000 };
}

/** Size of the scaling run: the Table 1 bands sweep of issue 12's scaling goal (x1800, 252 M samples). */
function scalingSize(o: BenchOptions): { replicates: number; samples: number } {
  return o.quick ? { replicates: 4, samples: 200 } : { replicates: 1800, samples: 10000 };
}

/**
 * A sweep file that is `sweeps/NAME.ts` with `replicates` independent replicates of its grid
 * (replicates(n): fresh draws in each, as the numpy peer draws anew per replicate) and
 * `samples` per point.
 */
function replicated(dir: string, name: string, replicates: number, samples: number): string {
  const file = join(dir, `${name}-x${replicates}.ts`);
  writeFileSync(file, `import base from ${JSON.stringify(join(ROOT, "sweeps", `${name}.ts`))};
import { replicates } from "wattsweep";
export default { ...base, samples: ${samples}, grid: { rep: replicates(${replicates}), ...base.grid } };
`);
  return file;
}

interface Run {
  /** samples per second, wall time including pool startup */
  rate: number;
  rows: number;
  seconds: number;
  /** the coordinator's event-loop utilisation over the run, 0..1 */
  elu: number;
  /** CPU seconds of the whole process (every thread: coordinator, workers, compiler, GC) over the run */
  cpu: number;
  /** `cpu` by thread (Linux only, from /proc; null elsewhere), see sweepRuns.mjs */
  split: CpuSplit | null;
}

/** A run's CPU seconds by thread. */
interface CpuSplit {
  /** the main thread: plan, results in order, bands files, manifest */
  coordinator: number;
  /** the rest of the process's CPU seconds: mostly the pool's threads, which came and went with the run */
  workers: number;
  /** threads there before the run: V8's compiler and garbage-collector helpers, libuv's */
  other: number;
}

/** The program that makes a process's runs (see its head). */
const RUNS = new URL("./sweepRuns.mjs", import.meta.url).pathname;

/** The fastest of `reps` runs. */
async function bestRun(file: string, out: string, workers: number, reps: number): Promise<Run> {
  await ensureBuilt();
  const res = spawnSync(process.execPath, [RUNS, DIST, file, out, String(workers), String(reps)], { encoding: "utf8" });
  if (res.status !== 0) throw new Error(`sweep bench exited with ${res.status}: ${res.stderr}`);
  const runs = JSON.parse(res.stdout.trim().split("\n").at(-1)!) as Array<Omit<Run, "rate">>;
  return runs.map((r) => ({ ...r, rate: r.rows / r.seconds })).reduce((best, r) => (r.rate > best.rate ? r : best));
}

/** Wall seconds of `wattsweep run FILE --workers 1` as a whole process: node's start, the CLI, the sweep file's compile, the run, its files. */
async function cliRunSeconds(file: string, out: string): Promise<number> {
  return processesSeconds([["run", file, "--workers", "1", "--out", out, "--force"]]);
}

/** Wall seconds of `wattsweep` command lines started side by side as whole processes, until the last one ends. */
async function processesSeconds(commands: readonly string[][]): Promise<number> {
  await ensureBuilt();
  const t0 = performance.now();
  await Promise.all(commands.map((args) => new Promise<void>((done, fail) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d));
    child.on("error", fail);
    child.on("close", (code) => (code === 0 ? done() : fail(new Error(`wattsweep ${args.join(" ")} exited with ${code}: ${stderr}`))));
  })));
  return (performance.now() - t0) / 1000;
}

/** The run time `wattsweep describe FILE --workers N --json` estimates. */
function describeSeconds(file: string, workers: number): number {
  const res = spawnSync(process.execPath, [CLI, "describe", file, "--workers", String(workers), "--json"], { encoding: "utf8" });
  if (res.status !== 0) throw new Error(`wattsweep describe exited with ${res.status}: ${res.stderr}`);
  return JSON.parse(res.stdout).estimate.seconds;
}

/**
 * Wall milliseconds of 1 thread and of each count N > 1 of threads spinning on arithmetic at
 * once, `rounds` times in turns: per count, the shortest (as the sweep runs are the best of
 * theirs). N × the one thread's / N's is how much of an N-fold speedup the machine gives.
 */
async function spinWalls(counts: readonly number[], iterations: number, rounds: number): Promise<Map<number, number>> {
  const spin = `let x = 0; for (let i = 0; i < ${iterations}; i++) x += Math.sqrt(i); require('node:worker_threads').parentPort.postMessage(x);`;
  const wall = async (threads: number) => {
    const t0 = performance.now();
    await Promise.all(Array.from({ length: threads }, () => new Promise((done) => new Worker(spin, { eval: true }).once("message", done))));
    return performance.now() - t0;
  };
  const best = new Map<number, number>();
  for (let r = 0; r < rounds; r++) {
    for (const n of [1, ...counts.filter((c) => c > 1)]) best.set(n, Math.min(best.get(n) ?? Infinity, await wall(n)));
  }
  return best;
}

/**
 * A run's CPU seconds as figures `PREFIX_cpu_s_Nw` and, where /proc split them, `PREFIX_coordinator_cpu_s_Nw`,
 * `_workers_` and `_other_` (each only when above 0: the report takes positive figures); and as text.
 */
function cpuOf(figures: Figures, prefix: string, w: number, run: Run): string {
  figures[`${prefix}_cpu_s_${w}w`] = run.cpu;
  if (run.split === null) return `${run.cpu.toFixed(2)} CPU s`;
  for (const [part, seconds] of Object.entries(run.split)) if (seconds > 0) figures[`${prefix}_${part}_cpu_s_${w}w`] = seconds;
  const { coordinator, workers, other } = run.split;
  return `${run.cpu.toFixed(2)} CPU s: coordinator ${coordinator.toFixed(2)}, workers ${workers.toFixed(2)}, V8 and libuv helpers ${other.toFixed(2)}`;
}

const fmt = (x: number) => x.toExponential(3);
const workersLabel = (w: number) => `${w} worker${w > 1 ? "s" : ""}:`.padEnd(12);

export async function sweepBench(o: BenchOptions): Promise<Figures> {
  const dir = mkdtempSync(join(tmpdir(), "wattsweep-sweep-bench-"));
  // an ESM package scope, as a user's sweep folder would be: plain import() in every thread
  writeFileSync(join(dir, "package.json"), '{ "type": "module" }\n');
  const reps = o.quick ? 1 : 2;
  const rounds = o.quick ? 1 : 3;
  const numpy = haveNumpy();
  const figures: Figures = {};
  try {
    // two sizes: end to end on the larger, and the marginal rate between them (startup cancels)
    const size = table1Size(o);
    const full = replicated(dir, "table1-bands", size.replicates, size.samples);
    const half = o.quick ? null : replicated(dir, "table1-bands", size.replicates / 2, size.samples);
    const spins = o.quick ? 2e6 : 2e8;
    const spinRounds = o.quick ? 1 : 2;
    const before = await spinWalls(o.workers, spins, spinRounds);
    const best = new Map<number, Run>();
    const bestHalf = new Map<number, Run>();
    const keepBest = (kept: Map<number, Run>, w: number, run: Run) => {
      const was = kept.get(w);
      if (was === undefined || run.rate > was.rate) kept.set(w, run);
    };
    let numpyRate = 0;
    let numpyProcess = Infinity;
    let cliProcess = Infinity;
    let estimate = Infinity;
    for (let r = 0; r < rounds; r++) {
      for (const w of o.workers) {
        keepBest(best, w, await bestRun(full, join(dir, "t1"), w, reps));
        if (half) keepBest(bestHalf, w, await bestRun(half, join(dir, "t1"), w, reps));
      }
      cliProcess = Math.min(cliProcess, await cliRunSeconds(full, join(dir, "t1cli")));
      estimate = Math.min(estimate, describeSeconds(full, 1));
      if (numpy) {
        const peer = numpyPeerRun(size.replicates, size.samples);
        numpyRate = Math.max(numpyRate, peer.samplesPerS);
        numpyProcess = Math.min(numpyProcess, peer.processSeconds);
      }
    }
    figures.sweep_process_s_1w = cliProcess;
    console.log(`Table 1 bands sweep ×${size.replicates} replicates, ${size.samples} samples per point (exact bands, no points.arrow), ` +
      `${rounds} round${rounds > 1 ? "s" : ""} of one process per worker count, one \`wattsweep run\`${numpy ? " and one numpy peer run" : ""}, ` +
      `best of each (a process: best of ${reps}):`);
    for (const w of o.workers) {
      const large = best.get(w)!;
      figures[`sweep_samples_per_s_${w}w`] = large.rate;
      figures[`coordinator_elu_${w}w`] = large.elu;
      let line = `  ${workersLabel(w)}${fmt(large.rate)} samples/s end to end (${large.rows} in ${large.seconds.toFixed(2)} s, ${cpuOf(figures, "sweep", w, large)})`;
      if (half) {
        const small = bestHalf.get(w)!;
        const marginal = (large.rows - small.rows) / (large.seconds - small.seconds);
        // noise from other processes can make the difference meaningless; then leave it out
        if (Number.isFinite(marginal) && marginal > 0) {
          figures[`sweep_marginal_samples_per_s_${w}w`] = marginal;
          line += `; ${fmt(marginal)} samples/s marginal`;
          // what a run costs besides its samples: the line through both sizes at no samples
          // (pool start, plan, each worker's warm-up, the last files)
          const fixed = large.seconds - large.rows / marginal;
          if (fixed > 0) {
            figures[`sweep_fixed_s_${w}w`] = fixed;
            line += `, ${fixed.toFixed(3)} s fixed`;
          }
        } else line += "; marginal rate not measurable this run (the larger sweep was not slower)";
      }
      console.log(`${line}; coordinator event loop ${(100 * large.elu).toFixed(1)} % busy`);
    }
    console.log(`  \`wattsweep run\` on 1 worker, whole process: ${cliProcess.toFixed(2)} s`);
    figures.describe_estimate_vs_run_1w = estimate / best.get(1)!.seconds;
    console.log(`  \`wattsweep describe --workers 1\` estimated ${estimate.toFixed(2)} s for it: ` +
      `${figures.describe_estimate_vs_run_1w.toFixed(2)}x the run's ${best.get(1)!.seconds.toFixed(2)} s`);
    if (numpy) {
      figures.numpy_peer_samples_per_s = numpyRate;
      figures.numpy_peer_process_s = numpyProcess;
      console.log(`  numpy peer: ${fmt(numpyRate)} samples/s end to end (one thread, the same sweep); whole process ${numpyProcess.toFixed(2)} s`);
    } else console.log("  numpy peer: not available (python3 cannot import numpy)");
    // the scaling goal's own size: long enough that start-up and the compiler's warm-up weigh little
    const scale = scalingSize(o);
    const scaling = replicated(dir, "table1-bands", scale.replicates, scale.samples);
    const scaled = new Map<number, Run>();
    const cores = availableParallelism();
    for (let r = 0; r < (o.quick ? 1 : 2); r++) for (const w of o.workers) keepBest(scaled, w, await bestRun(scaling, join(dir, "t1s"), w, 1));
    const after = await spinWalls(o.workers, spins, spinRounds);
    const capacity = (walls: Map<number, number>, n: number) => (n * walls.get(1)!) / walls.get(n)!;
    // one thread's shortest and N's, of all the rounds before and after the sweeps
    const spun = new Map([...before.keys()].map((n) => [n, Math.min(before.get(n)!, after.get(n)!)]));
    for (const w of o.workers.filter((n) => n > 1)) {
      figures[`spin_capacity_${w}w`] = capacity(spun, w);
      const speedup = figures[`sweep_samples_per_s_${w}w`] / figures.sweep_samples_per_s_1w;
      console.log(`  speedup ${w} vs 1 worker: ${speedup.toFixed(2)}x end to end; control: ${w} spinning threads did ` +
        `${capacity(spun, w).toFixed(2)}x the work of one (${capacity(before, w).toFixed(2)}x before the sweeps, ${capacity(after, w).toFixed(2)}x after)`);
    }
    console.log(`Table 1 bands sweep x${scale.replicates} replicates (${scaled.get(1)!.rows} samples), best of ${o.quick ? 1 : 2} rounds:`);
    for (const w of o.workers) {
      const run = scaled.get(w)!;
      figures[`scaling_samples_per_s_${w}w`] = run.rate;
      let line = `  ${workersLabel(w)}${fmt(run.rate)} samples/s (${run.seconds.toFixed(2)} s, ${cpuOf(figures, "scaling", w, run)})`;
      if (w > 1) line += `; ${(run.rate / scaled.get(1)!.rate).toFixed(2)}x 1 worker, against ${figures[`spin_capacity_${w}w`].toFixed(2)}x for ${w} spinning threads`;
      console.log(line);
      // the run can use no more than every core: its CPU seconds over them bound its wall time, and so its speedup
      if (w > 1) {
        const ceiling = (cores * scaled.get(1)!.seconds) / run.cpu;
        figures[`scaling_cpu_ceiling_speedup_${w}w`] = ceiling;
        console.log(`    its ${run.cpu.toFixed(2)} CPU s on ${cores} cores allow at most ${ceiling.toFixed(2)}x 1 worker (${cores} × ${scaled.get(1)!.seconds.toFixed(2)} s / ${run.cpu.toFixed(2)} CPU s)`);
      }
    }

    // the same sweep as whole processes: N workers in one process, and N shards (--shard K/N) of
    // 1 worker each started side by side, as N machines would run them but here on one: what
    // splitting the run into processes gives this machine, beside what the workers give
    const processes = new Map<number, number>();
    const shards = new Map<number, number>();
    const keepShortest = (kept: Map<number, number>, w: number, seconds: number) => kept.set(w, Math.min(kept.get(w) ?? Infinity, seconds));
    const outTo = (name: string) => ["--out", join(dir, name), "--force"];
    for (let r = 0; r < (o.quick ? 1 : 2); r++) {
      for (const w of o.workers) {
        keepShortest(processes, w, await processesSeconds([["run", scaling, "--workers", String(w), ...outTo(`p${w}`)]]));
        if (w === 1) continue;
        const parts = Array.from({ length: w }, (_, k) => ["run", scaling, "--workers", "1", "--shard", `${k + 1}/${w}`, ...outTo(`s${w}-${k + 1}`)]);
        keepShortest(shards, w, await processesSeconds(parts));
      }
    }
    const oneProcess = processes.get(1)!;
    figures.scaling_process_s_1w = oneProcess;
    let line = `  as whole processes (\`wattsweep run\`, best of ${o.quick ? 1 : 2}): 1 worker ${oneProcess.toFixed(2)} s`;
    for (const w of o.workers.filter((n) => n > 1)) {
      figures[`scaling_process_s_${w}w`] = processes.get(w)!;
      figures[`scaling_shards_process_s_${w}w`] = shards.get(w)!;
      line += `; ${w} workers ${processes.get(w)!.toFixed(2)} s (${(oneProcess / processes.get(w)!).toFixed(2)}x), ` +
        `${w} shards of 1 worker side by side ${shards.get(w)!.toFixed(2)} s (${(oneProcess / shards.get(w)!).toFixed(2)}x)`;
    }
    console.log(line);

    // the fleet Monte Carlo at the size of issue 12's goal: 3.6 M samples, each re-sizing its fleet
    const t3 = o.quick ? { replicates: 1, samples: 20 } : { replicates: 150, samples: 2000 };
    const fleetFile = replicated(dir, "table3-bands", t3.replicates, t3.samples);
    const fleets = new Map<number, Run>();
    // three rounds: a run of 2-3 s moves more with the machine's load than the longer scaling run
    const fleetRounds = o.quick ? 1 : 3;
    for (let r = 0; r < fleetRounds; r++) for (const w of o.workers) keepBest(fleets, w, await bestRun(fleetFile, join(dir, "t3"), w, 1));
    console.log(`Table 3 bands sweep ×${t3.replicates} replicates, ${t3.samples} Monte Carlo samples per point (each re-sizes its fleet), best of ${fleetRounds} rounds:`);
    for (const w of o.workers) {
      const fleet = fleets.get(w)!;
      figures[`fleet_mc_samples_per_s_${w}w`] = fleet.rate;
      let line = `  ${workersLabel(w)}${fmt(fleet.rate)} samples/s (${fleet.rows} in ${fleet.seconds.toFixed(2)} s, ${cpuOf(figures, "fleet_mc", w, fleet)})`;
      if (w > 1) line += `; ${(fleet.rate / fleets.get(1)!.rate).toFixed(2)}x 1 worker, against ${figures[`spin_capacity_${w}w`].toFixed(2)}x for ${w} spinning threads`;
      console.log(line);
    }
    return figures;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

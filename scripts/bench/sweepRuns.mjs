// `node sweepRuns.mjs DIST FILE OUT WORKERS REPS`: REPS runs of runSweep from the built dist/
// in a plain node process, as `wattsweep run` runs a sweep (the bench itself runs under tsx,
// whose loader worker threads would inherit; users' workers never boot TypeScript). Prints one
// JSON array: per run its rows, seconds, the coordinator's event-loop utilisation, the whole
// process's CPU seconds and, on Linux, those split by thread (threadSplit).
import { readdirSync, readFileSync } from "node:fs";

const [dist, file, out, workers, reps] = process.argv.slice(2);
const { runSweep } = await import(dist + "index.js");

/** Seconds of a clock tick in /proc's CPU times (USER_HZ, 100 on Linux). */
const TICK_S = 0.01;

/** Each thread's CPU ticks (user + system) from /proc/self/task; null where /proc is not there. */
function threadTicks() {
  let tids;
  try {
    tids = readdirSync("/proc/self/task");
  } catch {
    return null;
  }
  const found = new Map();
  for (const tid of tids) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, "utf8");
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      found.set(tid, Number(f[11]) + Number(f[12]));
    } catch {
      // gone since it was listed
    }
  }
  return found;
}

/**
 * Called before a run: given the run's whole-process CPU seconds, the function it returns
 * splits them into the main thread's own (coordinator); the growth of the threads there before
 * the run (other: V8's compiler and garbage-collector helpers, libuv's); and the rest (workers:
 * mostly the pool's threads, which came with the run and are joined before runSweep returns;
 * also the difference between /proc's 10 ms ticks and process.cpuUsage()). Null without /proc.
 */
function threadSplit() {
  const before = threadTicks();
  if (before === null) return null;
  return (total) => {
    const after = threadTicks();
    const main = String(process.pid);
    const coordinator = (after.get(main) - before.get(main)) * TICK_S;
    let other = 0;
    for (const [tid, t] of after) if (tid !== main && before.has(tid)) other += (t - before.get(tid)) * TICK_S;
    return { coordinator, other, workers: Math.max(0, total - coordinator - other) };
  };
}

const runs = [];
for (let r = 0; r < Number(reps); r++) {
  const elu0 = performance.eventLoopUtilization();
  const split = threadSplit();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const { rows } = await runSweep({ file, out, workers: Number(workers), progress: null });
  const used = process.cpuUsage(cpu0);
  const cpu = (used.user + used.system) / 1e6;
  runs.push({ rows, seconds: (performance.now() - t0) / 1000, elu: performance.eventLoopUtilization(elu0).utilization, cpu, split: split?.(cpu) ?? null });
}
console.log(JSON.stringify(runs));

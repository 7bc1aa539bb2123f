// The numpy peer (bench/numpy/table1_bands.py): the Table 1 bands sweep as a numpy user would
// write it, on one thread, at the size of the sweep bench's Table 1 run, best of as many runs.
// Reported only when `python3` can import numpy.
import { spawnSync } from "node:child_process";
import type { BenchOptions, Figures } from "./options.ts";
import { table1Size } from "./sweep.ts";

const SCRIPT = new URL("../../bench/numpy/table1_bands.py", import.meta.url).pathname;

/** The environment without OpenBLAS tuning variables set for other programs: numpy runs with its own defaults. */
function pythonEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  return env;
}

export function haveNumpy(): boolean {
  return spawnSync("python3", ["-c", "import numpy"], { stdio: "ignore", env: pythonEnv() }).status === 0;
}

/** Samples per second of one run of the peer. */
export function numpyPeerRate(replicates: number, samples: number): number {
  const res = spawnSync("python3", [SCRIPT, String(replicates), String(samples)], { encoding: "utf8", env: pythonEnv() });
  if (res.status !== 0) throw new Error(`numpy peer exited with ${res.status}: ${res.stderr}`);
  return JSON.parse(res.stdout.trim().split("\n").at(-1)!).samples_per_s;
}

export async function numpyBench(o: BenchOptions): Promise<Figures> {
  if (!haveNumpy()) {
    console.log("numpy peer: not available (python3 cannot import numpy)");
    return {};
  }
  const { replicates, samples } = table1Size(o);
  const runs = o.quick ? 1 : 2;
  let best = 0;
  for (let r = 0; r < runs; r++) best = Math.max(best, numpyPeerRate(replicates, samples));
  console.log(`numpy peer, Table 1 bands ×${replicates} replicates, ${samples} samples per point (1 thread): ` +
    `${best.toExponential(3)} samples/s end to end, best of ${runs}`);
  return { numpy_peer_samples_per_s: best };
}

// The numpy peer (bench/numpy/table1_bands.py): the Table 1 bands sweep as a numpy user would
// write it, on one thread. The sweep section runs it at the size of its Table 1 run, in turns
// with that run (sweep.ts); it is reported only when `python3` can import numpy.
import { spawnSync } from "node:child_process";
import { performance } from "node:perf_hooks";

const SCRIPT = new URL("../../bench/numpy/table1_bands.py", import.meta.url).pathname;

/** The environment without OpenBLAS tuning variables set for other programs: numpy runs with its own defaults. */
function pythonEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  return env;
}

let numpy: boolean | undefined;

/** Whether python3 can import numpy: asked once (the report's required keys and the sweep section both need it). */
export function haveNumpy(): boolean {
  return (numpy ??= spawnSync("python3", ["-c", "import numpy"], { stdio: "ignore", env: pythonEnv() }).status === 0);
}

/** One run of the peer: samples per second as it times itself (draws, model, bands), and the whole process's wall seconds. */
export function numpyPeerRun(replicates: number, samples: number): { samplesPerS: number; processSeconds: number } {
  const t0 = performance.now();
  const res = spawnSync("python3", [SCRIPT, String(replicates), String(samples)], { encoding: "utf8", env: pythonEnv() });
  const processSeconds = (performance.now() - t0) / 1000;
  if (res.status !== 0) throw new Error(`numpy peer exited with ${res.status}: ${res.stderr}`);
  return { samplesPerS: JSON.parse(res.stdout.trim().split("\n").at(-1)!).samples_per_s, processSeconds };
}

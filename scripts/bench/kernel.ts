// Single-GPU kernel throughput against the native C baseline (shared/bench/kernel_baseline.c),
// on the same scenario pattern: ctx 2K..128K, W ±20 %, power scale 0.85..1.15, H100 profile.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { allocateColumns, evaluateSingleGpu, KERNEL_INPUTS, KERNEL_OUTPUTS, setProfileRow, type KernelInputs } from "../../src/kernel/index.ts";
import { MANUAL_PROFILES } from "../../src/model/index.ts";

const POINTS = 5_000_000;
const REPS = 5;

/** Points per second of the C baseline built with -O3 -march=native, or undefined without a compiler or the source. */
export function nativeBaseline(points = POINTS): number | undefined {
  const src = [new URL("../../../shared/bench/kernel_baseline.c", import.meta.url).pathname].find(existsSync);
  if (!src) return undefined;
  const exe = join(mkdtempSync(join(tmpdir(), "wattsweep-bench-")), "kb");
  try {
    execFileSync("cc", ["-O3", "-march=native", "-o", exe, src, "-lm"], { stdio: "pipe" });
  } catch {
    return undefined;
  }
  const out = execFileSync(exe, [String(points)], { encoding: "utf8" });
  return Number(/points_per_s=([\d.e+]+)/.exec(out)?.[1]);
}

const VARYING = ["ctx", "W", "powerScale"];

/**
 * The baseline's scenario as kernel columns. With `broadcast`, the fields the baseline
 * holds constant are length-1 columns (as a sweep passes them); without, every field is
 * a full column.
 */
function scenarioColumns(points: number, broadcast: boolean): KernelInputs {
  const full = allocateColumns(KERNEL_INPUTS, points) as KernelInputs;
  const h100 = MANUAL_PROFILES["h100-80gb"];
  for (let i = 0; i < points; i++) {
    setProfileRow(full, i, h100);
    full.ctx[i] = 2048 * 2 ** (i % 7);
    // (i mod 1000) keeps the products exact in doubles; same residues as the C code's.
    full.W[i] = 0.004 * (0.8 + (0.4 * (((i % 1000) * 761) % 1000)) / 1000);
    full.powerScale[i] = 0.85 + (0.3 * (((i % 1000) * 503) % 1000)) / 1000;
  }
  if (!broadcast) return full;
  const inp = { ...full };
  for (const name of KERNEL_INPUTS) if (!VARYING.includes(name)) inp[name] = full[name].slice(0, 1);
  return inp;
}

/** Best-of-REPS points per second of the TypeScript kernel on this thread. */
export function kernelPointsPerSecond(points = POINTS, broadcast = true): number {
  const inp = scenarioColumns(points, broadcast);
  const out = allocateColumns(KERNEL_OUTPUTS, points);
  let best = Infinity;
  for (let rep = 0; rep < REPS; rep++) {
    const t0 = performance.now();
    evaluateSingleGpu(inp, out);
    best = Math.min(best, (performance.now() - t0) / 1000);
  }
  return points / best;
}

export async function kernelBench(): Promise<void> {
  const ts = kernelPointsPerSecond();
  const tsFull = kernelPointsPerSecond(POINTS, false);
  const native = nativeBaseline();
  console.log(`TypeScript kernel (1 thread): ${ts.toExponential(3)} points/s (${POINTS} points, best of ${REPS}; constant fields as length-1 columns)`);
  console.log(`TypeScript kernel, every field a full column: ${tsFull.toExponential(3)} points/s`);
  if (native === undefined) {
    console.log("native baseline: not available (no cc or no shared/bench/kernel_baseline.c)");
    return;
  }
  console.log(`native C baseline (-O3 -march=native): ${native.toExponential(3)} points/s`);
  console.log(`ratio TS / native: ${(ts / native).toFixed(3)} (goal >= 0.6); all full columns: ${(tsFull / native).toFixed(3)}`);
}

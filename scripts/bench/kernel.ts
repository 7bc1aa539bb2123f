// Single-GPU kernel throughput on one thread against the native yardstick (bench/native/kernel.c)
// on the same scenario: H100, ctx 2K..128K, W ±20 %, power scale 0.85..1.15. Both sides sum
// tokPerW over the points; the sums must agree, or the two are not measuring the same work.
import { allocateColumns, evaluateSingleGpu, KERNEL_INPUTS, KERNEL_OUTPUTS, setProfileRow, type KernelInputs } from "../../src/kernel/index.ts";
import { MANUAL_PROFILES } from "../../src/model/index.ts";
import { nativeKernel } from "./native.ts";
import type { BenchOptions, Figures } from "./options.ts";

const VARYING = ["ctx", "W", "powerScale"];

/**
 * The yardstick's scenario as kernel columns. With `broadcast`, the fields it holds constant
 * are length-1 columns (as a sweep passes them); without, every field is a full column.
 */
function scenarioColumns(points: number, broadcast: boolean): KernelInputs {
  const full = allocateColumns(KERNEL_INPUTS, points) as KernelInputs;
  const h100 = MANUAL_PROFILES["h100-80gb"];
  for (let i = 0; i < points; i++) {
    setProfileRow(full, i, h100);
    full.ctx[i] = 2048 * 2 ** (i % 7);
    // (i mod 1000) keeps the products exact in doubles; the C code uses the same residues
    full.W[i] = 0.004 * (0.8 + (0.4 * (((i % 1000) * 761) % 1000)) / 1000);
    full.powerScale[i] = 0.85 + (0.3 * (((i % 1000) * 503) % 1000)) / 1000;
  }
  if (!broadcast) return full;
  const inp = { ...full };
  for (const name of KERNEL_INPUTS) if (!VARYING.includes(name)) inp[name] = full[name].slice(0, 1);
  return inp;
}

/** Best-of-`reps` points per second of the TypeScript kernel on this thread, and its tokPerW sum. */
export function kernelPointsPerSecond(points: number, reps: number, broadcast = true): { rate: number; checksum: number } {
  const inp = scenarioColumns(points, broadcast);
  const out = allocateColumns(KERNEL_OUTPUTS, points);
  let best = Infinity;
  for (let rep = 0; rep < reps; rep++) {
    const t0 = performance.now();
    evaluateSingleGpu(inp, out);
    best = Math.min(best, (performance.now() - t0) / 1000);
  }
  let checksum = 0;
  for (let i = 0; i < points; i++) checksum += out.tokPerW[i];
  return { rate: points / best, checksum };
}

export async function kernelBench(o: BenchOptions): Promise<Figures> {
  const points = o.quick ? 20_000 : 5_000_000;
  const reps = o.quick ? 2 : 5;
  const ts = kernelPointsPerSecond(points, reps);
  const tsFull = kernelPointsPerSecond(points, reps, false);
  console.log(`TypeScript kernel (1 thread): ${ts.rate.toExponential(3)} points/s (${points} points, best of ${reps}; constant fields as length-1 columns)`);
  console.log(`TypeScript kernel, every field a full column: ${tsFull.rate.toExponential(3)} points/s`);
  const figures: Figures = { kernel_points_per_s: ts.rate, kernel_full_columns_points_per_s: tsFull.rate };
  const native = nativeKernel(points, reps);
  if (native === undefined) {
    console.log("native baseline: not available (no C compiler `cc` on the PATH)");
    return figures;
  }
  // libm's and V8's exp/log2 may differ in the last bit; anything more is different work
  if (Math.abs(native.checksum - ts.checksum) > 1e-12 * Math.abs(ts.checksum)) {
    throw new Error(`native and TypeScript kernels disagree: sum of tokPerW ${native.checksum} vs ${ts.checksum}`);
  }
  console.log(`native C baseline (cc -O3 -march=native, 1 thread): ${native.pointsPerS.toExponential(3)} points/s writing tokPerW, ` +
    `${native.allOutputsPointsPerS.toExponential(3)} writing all five outputs (same tokPerW sum as the TypeScript kernel)`);
  console.log(`ratio TS / native: ${(ts.rate / native.pointsPerS).toFixed(3)} (goal >= 0.6); all five outputs natively: ` +
    `${(ts.rate / native.allOutputsPointsPerS).toFixed(3)}; TS with full columns: ${(tsFull.rate / native.pointsPerS).toFixed(3)}`);
  return { ...figures, native_points_per_s: native.pointsPerS, native_all_outputs_points_per_s: native.allOutputsPointsPerS };
}

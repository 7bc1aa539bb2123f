// The native yardstick for the kernel: bench/native/kernel.c, built at run time with the
// system C compiler (cc -O3 -march=native) and run on one thread. Without cc it is reported
// as unavailable; with cc, a build or run failure is a bug in the bench and throws.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const SOURCE = new URL("../../bench/native/kernel.c", import.meta.url).pathname;

export interface NativeRun {
  /** points per second writing tokPerW only (the yardstick) */
  pointsPerS: number;
  /** points per second writing all five outputs, as the TypeScript kernel does */
  allOutputsPointsPerS: number;
  /** sum of tokPerW over the points, to check that both sides computed the same thing */
  checksum: number;
}

export function haveCompiler(): boolean {
  return spawnSync("cc", ["--version"], { stdio: "ignore" }).status === 0;
}

/** Builds and runs the yardstick on `points` points, best of `reps`; undefined without cc. */
export function nativeKernel(points: number, reps: number): NativeRun | undefined {
  if (!haveCompiler()) return undefined;
  const dir = mkdtempSync(join(tmpdir(), "wattsweep-native-"));
  try {
    const exe = join(dir, "kernel");
    execFileSync("cc", ["-O3", "-march=native", "-o", exe, SOURCE, "-lm"], { stdio: "pipe" });
    const out = JSON.parse(execFileSync(exe, [String(points), String(reps)], { encoding: "utf8" }));
    return { pointsPerS: out.points_per_s, allOutputsPointsPerS: out.all_outputs_points_per_s, checksum: out.checksum };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

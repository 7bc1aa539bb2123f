// points.arrow and points.parquet stream: peak memory must not grow with the number of samples written.
// (Here 0.4M vs 2.4M samples, and 3M samples of 10 points under 600 MB, run by the built
// package in plain node as users run it.)
import { execFileSync } from "node:child_process";
import { statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, sweepFile, table1Body, tempDir } from "./helpers.ts";

/** Runs the sweeps [samples, betas] in one child process; each one's points.arrow (+ .parquet) size and the peak RSS after it. */
function peaksMb(dir: string, sweeps: Array<[number, number]>): Array<{ rss: number; bytes: number; parquet: number }> {
  const runs = sweeps.map(([samples, betas]) => ({
    file: sweepFile(dir, `rss${samples}`, table1Body(samples, betas)), out: join(dir, `out${samples}`),
  }));
  const stdout = execFileSync(process.execPath, [join(ROOT, "test/sweep/rssChild.mjs"), ...runs.flatMap((r) => [r.file, r.out])],
    { cwd: ROOT, encoding: "utf8" });
  const rss = stdout.trim().split("\n").map(Number);
  return runs.map((r, i) => ({ rss: rss[i], bytes: statSync(join(r.out, "points.arrow")).size, parquet: statSync(join(r.out, "points.parquet")).size }));
}

describe("memory", () => {
  it("peak RSS stays flat while points.arrow and points.parquet grow sixfold, and huge sample counts per point stream too", () => {
    const dir = tempDir();
    const [small] = peaksMb(dir, [[1000, 40]]); // 400 points × 1000 = 0.4M samples
    // 2.4M samples; then, in the same process, 10 points × 300K = 3M samples in 2-point blocks
    // of 600K rows cut into sample ranges (the peak printed after it covers both runs, so it
    // bounds the huge run's own)
    const [large, huge] = peaksMb(dir, [[6000, 40], [300_000, 1]]);
    expect(large.bytes).toBeGreaterThan(5.5 * small.bytes);
    expect(large.parquet).toBeGreaterThan(4 * small.parquet);
    expect(large.rss).toBeLessThan(600);
    expect(large.rss - small.rss).toBeLessThan(0.5 * (large.bytes - small.bytes) / 2 ** 20);
    expect(huge.bytes).toBeGreaterThan(3e6 * 72);
    expect(huge.rss).toBeLessThan(600);
  });
});

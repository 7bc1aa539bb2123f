// Fleet sweeps over the utilisation cap (a dimension and an uncertain input), the rule that
// binds as a metric, and the per-sample simulation: opt-in, and the same bytes for any
// number of workers and chunking.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import pl from "nodejs-polars";
import { describe, expect, it } from "vitest";
import { runSweep } from "../../src/sweep/index.ts";
import { sweepFile, tempDir } from "./helpers.ts";

const bands = (dir: string) => pl.readCSV(readFileSync(join(dir, "bands.csv"), "utf8"));
const cell = (df: pl.DataFrame, where: Record<string, string | number>) => {
  let f = df;
  for (const [k, v] of Object.entries(where)) f = f.filter(pl.col(k).eq(pl.lit(v)));
  expect(f.height, JSON.stringify(where)).toBe(1);
  return f.toRecords()[0] as Record<string, number>;
};

describe("fleet sweeps and the utilisation cap", () => {
  const dir = tempDir();

  it("a max_utilisation dimension: 0.85 gives Table 3's counts, higher caps fewer GPUs, 1 lets the P99 target decide", async () => {
    const file = sweepFile(dir, "cap", `export default w.defineSweep({
  name: "cap", evaluator: "fleet",
  grid: { workload: w.workloads("azure"), gpu: w.profiles("h100-80gb"), topology: w.topologies("homo", "fleetopt"),
    max_utilisation: [0.8, 0.85, 0.95, 1] },
});`);
    await runSweep({ file, out: join(dir, "cap"), workers: 1, progress: null });
    const df = bands(join(dir, "cap"));
    expect(df.columns).not.toContain("des_p99_ttft_ms_p50"); // the simulation is opt-in
    const homo = (cap: number) => cell(df, { topology: "homo", max_utilisation: cap });
    expect([0.8, 0.85, 0.95, 1].map((c) => homo(c).gpus_p50)).toEqual([154, 145, 130, 125]);
    expect([homo(0.85).cap_binds_mean, homo(0.85).slo_binds_mean, homo(1).slo_binds_mean]).toEqual([1, 0, 1]);
    // FleetOpt at 0.85: the short pool by the cap, the long one by the search start
    expect([cell(df, { topology: "fleetopt", max_utilisation: 0.85 }).cap_binds_mean]).toEqual([0.5]);
  });

  it("max_utilisation as an uncertain input moves the counts within the caps' range; a cap above 1 is bad input", async () => {
    const file = sweepFile(dir, "mc", `export default w.defineSweep({
  name: "mc", evaluator: "fleet", samples: 64, seed: 3,
  grid: { workload: w.workloads("azure"), gpu: w.profiles("h100-80gb"), topology: w.topologies("homo") },
  uncertain: { cap: { target: "max_utilisation", dist: w.uniform(0.8, 0.95) } },
});`);
    await runSweep({ file, out: join(dir, "mc"), workers: 1, progress: null });
    const homo = cell(bands(join(dir, "mc")), { topology: "homo" });
    expect(homo.gpus_min).toBeGreaterThanOrEqual(130);
    expect(homo.gpus_max).toBeLessThanOrEqual(154);
    expect(homo.gpus_max - homo.gpus_min).toBeGreaterThan(10);
    const bad = sweepFile(dir, "bad", `export default w.defineSweep({
  name: "bad", evaluator: "fleet",
  grid: { workload: w.workloads("azure"), gpu: w.profiles("h100-80gb"), topology: w.topologies("homo"), max_utilisation: [0.9, 1.2] },
});`);
    await expect(runSweep({ file: bad, out: join(dir, "bad"), workers: 1, progress: null }))
      .rejects.toThrow(/grid\.max_utilisation = 1\.2: the utilisation cap must be in \(0, 1\]/);
  });

  it("per-sample simulation, when listed: every paper fleet meets the SLO, and the bytes do not depend on workers or chunks", async () => {
    const file = sweepFile(dir, "des", `export default w.defineSweep({
  name: "des", evaluator: "fleet", samples: 6, seed: 9,
  grid: { workload: w.workloads("azure", "lmsys_multiturn"), gpu: w.profiles("h100-80gb", "b200-projected"),
    topology: w.topologies("homo", "fleetopt"), des_requests: [2000] },
  uncertain: { wf: { target: "w", dist: w.uniform(0.9, 1.1) } },
  metrics: ["gpus", "p99_ttft_ms", "des_p99_ttft_ms", "des_slo_met"],
});`);
    const run = (name: string, workers: number, chunkRows: number) =>
      runSweep({ file, out: join(dir, name), workers, chunkRows, points: true, progress: null });
    await run("one", 1, 100_000);
    await run("split", 2, 2);
    expect(JSON.parse(readFileSync(join(dir, "split", "manifest.json"), "utf8")).chunk).toEqual({ points: 1, samples: 2 });
    for (const f of ["bands.csv", "points.arrow"]) {
      expect(readFileSync(join(dir, "split", f)).equals(readFileSync(join(dir, "one", f))), f).toBe(true);
    }
    const df = bands(join(dir, "one"));
    expect(df.height).toBe(8);
    for (const r of df.toRecords() as Array<Record<string, number>>) {
      expect(r.des_slo_met_min).toBe(1);
      expect(r.des_p99_ttft_ms_min).toBeGreaterThan(0);
      expect(r.des_p99_ttft_ms_max).toBeLessThan(500);
    }
  });
});

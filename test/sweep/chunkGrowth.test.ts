// Chunks of a run whose results are bands alone grow in its middle (chunking's `sharing`): they
// tile the points in order, each worker's first and the run's last stay single, a grown chunk's
// bands stay under 1 MB, and the files are the same bytes as with every chunk single.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { log2Range, plusMinus, profiles, replicates } from "../../src/index.ts";
import { chunking } from "../../src/execute/chunking.ts";
import { planSweep, runSweep } from "../../src/sweep/index.ts";
import { moduleDir, sweepFile, table1Body } from "./helpers.ts";

const replicated = (rep: number) => planSweep({
  name: "grow", samples: 10000, method: "latinHypercube", seed: 5,
  grid: { rep: replicates(rep), ctx: log2Range(2048, 131072), gpu: profiles("h100-80gb", "b200-projected") },
  uncertain: { f: { target: "power_scale", dist: plusMinus(0.15), vary: "perGpu" } },
}, "t.ts");

/** The points of each chunk, in order. */
const sizes = (cut: ReturnType<typeof chunking>) => Array.from({ length: cut.count }, (_, c) => cut.at(c).p1 - cut.at(c).p0);

describe("chunks that grow", () => {
  it("tile the points in order: 2 single chunks per worker first, 16 joined in the middle, 16 single per worker last", () => {
    const plan = replicated(100); // one replicate a chunk: 14 points
    const cut = chunking(plan, 0, plan.points, 65536, undefined, 2);
    // 100 units: 4 first, 32 last, the middle's 64 in 4 chunks of 16
    expect(sizes(cut)).toEqual([14, 14, 14, 14, ...Array(4).fill(224), ...Array(32).fill(14)]);
    let p = 0;
    for (let c = 0; c < cut.count; c++) {
      expect(cut.at(c)).toMatchObject({ p0: p, s0: 0, s1: 10000 });
      p = cut.at(c).p1;
    }
    expect(p).toBe(plan.points);
    // a middle that does not divide: its last chunk is shorter; a range [from, to) keeps its start
    const range = chunking(plan, 14, 14 + 70 * 14, 65536, undefined, 1);
    expect(sizes(range)).toEqual([14, 14, ...Array(3).fill(224), 4 * 14, ...Array(16).fill(14)]);
    expect(range.at(0).p0).toBe(14);
  });

  it("join fewer where their bands would pass 1 MB", () => {
    const plan = replicated(3000);
    const bandsBytes = (points: number) => points * (plan.metricSlots.length + plan.derived.length) * 9 * 8;
    for (const replicatesPerUnit of [1, 10, 50, 100]) {
      const cut = chunking(plan, 0, plan.points, replicatesPerUnit * 14 * 10000, undefined, 2);
      const unit = Math.min(...sizes(cut));
      const largest = Math.max(...sizes(cut));
      expect(unit).toBe(replicatesPerUnit * 14);
      expect(bandsBytes(largest)).toBeLessThanOrEqual(2 ** 20);
      // as many as fit, up to 16 (where the units leave a middle to grow at all)
      expect(largest / unit).toBe(Math.min(16, Math.floor(2 ** 20 / bandsBytes(unit))));
    }
  });

  it("do not grow without sharing, with too few chunks, for a sensitivity design or a range of samples", () => {
    const plan = replicated(100);
    expect(sizes(chunking(plan, 0, plan.points, 65536))).toEqual(Array(100).fill(14));
    // 2 + 16 single and fewer than 2 × 16 between them
    expect(sizes(chunking(replicated(49), 0, 49 * 14, 65536, undefined, 1))).toEqual(Array(49).fill(14));
    expect(sizes(chunking(replicated(50), 0, 50 * 14, 65536, undefined, 1))).toEqual([14, 14, 224, 224, ...Array(16).fill(14)]);
    const design = planSweep({
      name: "design", grid: { ctx: log2Range(2048, 131072), gpu: profiles("h100-80gb", "b200-projected") }, method: "sobol", samples: 64, seed: 1,
      uncertain: { f: { target: "power_scale", dist: plusMinus(0.15) }, b: { target: "beta", dist: plusMinus(0.1) } },
      sensitivity: { metrics: ["tok_per_w"] },
    }, "t.ts");
    expect(chunking(design, 0, design.points, 64, undefined, 1).count).toBe(design.points / design.blockPoints);
    expect(new Set(sizes(chunking(design, 0, design.points, 64, undefined, 1))).size).toBe(1);
    expect(new Set(sizes(chunking(plan, 0, plan.points, 65536, [0, 5000], 2))).size).toBe(1);
  });

  it("leave every bands file the same bytes as single chunks, on 1 and 2 workers", async () => {
    const dir = moduleDir();
    // 400 points × 200 samples, 2-point blocks: 200 chunks of 400 rows
    const file = sweepFile(dir, "grow", table1Body(200, 40));
    const run = (out: string, workers: number, points: boolean) => runSweep({ file, out: join(dir, out), workers, chunkRows: 400, points, progress: null });
    const runs = [await run("w1", 1, false), await run("w2", 2, false), await run("single", 2, true)];
    expect(runs[0].plan.points).toBe(400);
    // on 2 workers 4 single, 164 in 10 chunks of 16 and one of 4, 32 single
    expect(sizes(chunking(runs[0].plan, 0, 400, 400, undefined, 2))).toEqual([2, 2, 2, 2, ...Array(10).fill(32), 8, ...Array(32).fill(2)]);
    for (const name of ["bands.csv", "bands.arrow", "bands.parquet"]) {
      const single = readFileSync(join(dir, "single", name));
      expect(readFileSync(join(dir, "w1", name)).equals(single), name).toBe(true);
      expect(readFileSync(join(dir, "w2", name)).equals(single), name).toBe(true);
    }
  });
});

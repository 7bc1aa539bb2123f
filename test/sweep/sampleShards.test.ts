// A sweep whose grid is one unit (here: 10 points of one derived-metric group) still splits
// over 16 shards: each computes a range of samples of every point, and merge bands them into
// the bytes one run writes.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { mergeShards } from "../../src/output/merge.ts";
import { loadSweepPlan, runSweep } from "../../src/sweep/index.ts";
import { moduleDir, sweepFile, table1Body } from "./helpers.ts";

const dir = moduleDir();
const file = sweepFile(dir, "one-unit", table1Body(203));
const N = 16;
const shardDirs = Array.from({ length: N }, (_, i) => join(dir, `shard${i + 1}`));

describe("shards of samples", () => {
  beforeAll(async () => {
    await runSweep({ file, out: join(dir, "single"), workers: 2, points: true, progress: null });
    for (let k = 1; k <= N; k++) await runSweep({ file, out: shardDirs[k - 1], workers: 1, points: true, shard: [k, N], progress: null });
    await mergeShards([...shardDirs].reverse(), join(dir, "merged"));
  });

  it("the grid is one unit, so shards split samples: each writes samples.arrow, no bands", async () => {
    const plan = await loadSweepPlan(file);
    expect(Math.ceil(plan.points / plan.unitPoints)).toBe(1);
    const ranges = shardDirs.map((d) => JSON.parse(readFileSync(join(d, "manifest.json"), "utf8")).shard.samples);
    expect(ranges[0]).toEqual([0, 12]);
    expect(ranges[N - 1]).toEqual([190, 203]);
    expect(readdirSync(shardDirs[3]).sort()).toEqual(["manifest.json", "samples.arrow"]);
  });

  it("merge writes the bytes of a single run: bands.csv, bands.arrow, points.arrow", () => {
    for (const name of ["bands.csv", "bands.arrow", "points.arrow"]) {
      const single = readFileSync(join(dir, "single", name));
      expect(readFileSync(join(dir, "merged", name)).equals(single), name).toBe(true);
    }
  });

  it("merge refuses an incomplete set of shards of samples", async () => {
    await expect(mergeShards(shardDirs.filter((_, i) => i !== 5), join(dir, "gap"))).rejects.toThrow(/shard1: shard 1\/16, but 15 folders given/);
  });
});

// replicates(n): independent repetitions of a sweep. The spread of a band across replicates is
// its Monte Carlo error (known here: a mean of S independent draws varies by sd / sqrt(S)), and
// the files are the same bytes whatever the workers, chunks or shards.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { mergeShards } from "../../src/output/merge.ts";
import { runSweep, type RunSummary } from "../../src/sweep/index.ts";
import { moduleDir, sweepFile } from "./helpers.ts";

const dir = moduleDir();
const R = 40;
const S = 400;
const file = sweepFile(dir, "replicated", `export default w.defineSweep({
  name: "replicated",
  grid: { rep: w.replicates(${R}), ctx: w.log2Range(2048, 8192), gpu: w.profiles("h100-80gb", "b200-projected") },
  uncertain: { power_factor: { target: "power_scale", dist: w.plusMinus(0.15), vary: "perGpu" } },
  derived: { gain: w.ratio("tok_per_w", { gpu: "b200-projected" }, { gpu: "h100-80gb" }) },
  samples: ${S}, method: "monteCarlo", seed: 11,
});`);

describe("replicates(n)", () => {
  let one: RunSummary;
  beforeAll(async () => {
    one = await runSweep({ file, out: join(dir, "one"), workers: 1, progress: null });
    await runSweep({ file, out: join(dir, "two"), workers: 2, chunkRows: 1000, progress: null });
    for (let k = 1; k <= 3; k++) await runSweep({ file, out: join(dir, `shard${k}`), workers: 1, shard: [k, 3], progress: null });
    await mergeShards([1, 2, 3].map((k) => join(dir, `shard${k}`)), join(dir, "merged"));
  });

  it("spread a mean across replicates by its Monte Carlo error, sd / sqrt(S)", () => {
    const bands = one.bands!;
    const at = (ctx: number, gpu: string) => Array.from({ length: bands.to }, (_, p) => p)
      .filter((p) => bands.dim(p, "ctx") === ctx && bands.dim(p, "gpu") === gpu);
    for (const gpu of ["h100-80gb", "b200-projected"]) {
      const points = at(4096, gpu);
      expect(points).toHaveLength(R);
      const means = points.map((p) => bands.stat(p, "power_w", "mean"));
      const grand = means.reduce((a, b) => a + b, 0) / R;
      const spread = Math.sqrt(means.reduce((a, m) => a + (m - grand) ** 2, 0) / (R - 1));
      const expected = bands.stat(points[0], "power_w", "sd") / Math.sqrt(S);
      // the sample sd of 40 replicate means is within ±35 % of the truth with probability > 0.99
      expect(spread / expected).toBeGreaterThan(0.65);
      expect(spread / expected).toBeLessThan(1.35);
    }
  });

  it("write the same bytes on 1 or 2 workers, in other chunks, and merged from 3 shards", () => {
    for (const name of ["bands.csv", "bands.arrow", "bands.parquet"]) {
      const single = readFileSync(join(dir, "one", name));
      expect(readFileSync(join(dir, "two", name)).equals(single), `two workers: ${name}`).toBe(true);
      expect(readFileSync(join(dir, "merged", name)).equals(single), `merged: ${name}`).toBe(true);
    }
  });
});

// `run --seed N` replaces a sweep's seed: the bands equal those of the same file with
// `seed: N` written in, the manifest says where the seed came from, and merge refuses
// shards run with different seeds.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { mergeShards } from "../../src/output/merge.ts";
import { runSweep } from "../../src/sweep/index.ts";
import { sweepFile, table1Body, tempDir } from "./helpers.ts";

const dir = tempDir();
const seven = sweepFile(dir, "seven", table1Body(40));
const nine = sweepFile(dir, "nine", table1Body(40).replace("seed: 7,", "seed: 9,"));
const opts = { workers: 1, progress: null } as const;

describe("run --seed", () => {
  it("gives the bands of the definition with that seed, and records it", async () => {
    await runSweep({ ...opts, file: seven, out: join(dir, "override"), seed: 9 });
    await runSweep({ ...opts, file: nine, out: join(dir, "written") });
    await runSweep({ ...opts, file: seven, out: join(dir, "own") });
    const csv = (out: string) => readFileSync(join(dir, out, "bands.csv"), "utf8");
    expect(csv("override")).toBe(csv("written"));
    expect(csv("own")).not.toBe(csv("written"));
    const manifest = JSON.parse(readFileSync(join(dir, "override", "manifest.json"), "utf8"));
    expect([manifest.seed, manifest.seedFrom]).toEqual([9, "--seed"]);
  });

  it("is checked like the definition's seed", async () => {
    await expect(runSweep({ ...opts, file: seven, out: join(dir, "bad"), seed: -1 })).rejects.toThrow(/--seed: seed = -1: must be an integer/);
  });

  it("merge refuses shards run with different seeds", async () => {
    await runSweep({ ...opts, file: seven, out: join(dir, "s1"), shard: [1, 2], seed: 1 });
    await runSweep({ ...opts, file: seven, out: join(dir, "s2"), shard: [2, 2], seed: 2 });
    await expect(mergeShards([join(dir, "s1"), join(dir, "s2")], join(dir, "m"))).rejects.toThrow(/seed 2, but .* has seed 1/);
  });
});

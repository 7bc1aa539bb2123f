// A results folder is one atomic set: what a run leaves is exactly its own files, listed with
// their sizes and hashes in manifest.json; a second writer, a foreign folder and a truncated
// shard are refused with one line.
import { existsSync, mkdirSync, readdirSync, readFileSync, truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { mergeShards } from "../../src/output/merge.ts";
import { analyzeRun } from "../../src/output/rankAnalysis.ts";
import { ResultSet } from "../../src/output/resultSet.ts";
import { runSweep } from "../../src/sweep/index.ts";
import { moduleDir, sweepFile, table1Body } from "../sweep/helpers.ts";

const dir = moduleDir();
const file = sweepFile(dir, "t1", table1Body(30, 70));
const run = (out: string, more: object = {}) => runSweep({ file, out: join(dir, out), workers: 1, progress: null, ...more });

describe("result sets", () => {
  it("a rerun without --points leaves no older points.arrow beside the new bands", async () => {
    await run("a", { points: true });
    expect(readdirSync(join(dir, "a"))).toContain("points.arrow");
    await run("a");
    expect(readdirSync(join(dir, "a")).sort()).toEqual(["bands.arrow", "bands.csv", "bands.parquet", "manifest.json"]);
    const m = JSON.parse(readFileSync(join(dir, "a", "manifest.json"), "utf8"));
    expect(m.files.map((f: { name: string }) => f.name)).toEqual(["bands.arrow", "bands.csv", "bands.parquet"]);
    expect(m.files[1].bytes).toBe(readFileSync(join(dir, "a", "bands.csv")).length);
    expect(readdirSync(dir).filter((f) => f.includes(".partial") || f.endsWith(".lock"))).toEqual([]);
  });

  it("a second writer is refused while the first holds the lock; a dead writer's lock is taken over", () => {
    const first = new ResultSet(join(dir, "locked"), { name: "t1-small" });
    expect(() => new ResultSet(join(dir, "locked"), { name: "t1-small" })).toThrow(new RegExp(`locked: another wattsweep \\(pid ${process.pid}\\) is writing there`));
    first.abort();
    writeFileSync(join(dir, "stale.lock"), "999999999\n");
    const taken = new ResultSet(join(dir, "stale"), { name: "t1-small" });
    taken.abort();
    expect(existsSync(join(dir, "stale.lock"))).toBe(false);
  });

  it("a folder holding other files or another sweep's results is refused unless forced", async () => {
    mkdirSync(join(dir, "foreign"));
    writeFileSync(join(dir, "foreign", "notes.txt"), "mine");
    await expect(run("foreign")).rejects.toThrow(/foreign: holds files that are not a wattsweep result \(notes\.txt\); choose another --out or add --force/);
    expect(readFileSync(join(dir, "foreign", "notes.txt"), "utf8")).toBe("mine");
    const other = sweepFile(dir, "other", table1Body(5).replace('name: "t1-small"', 'name: "other"'));
    await runSweep({ file: other, out: join(dir, "b"), workers: 1, progress: null });
    await expect(run("b")).rejects.toThrow(/b: holds the results of "other", not "t1-small"/);
    await run("b", { force: true });
    expect(JSON.parse(readFileSync(join(dir, "b", "manifest.json"), "utf8")).name).toBe("t1-small");
  });

  it("a file put beside a finished result is refused by a rerun and by analyze, and kept; --force replaces the folder", async () => {
    await run("noted", { points: true });
    writeFileSync(join(dir, "noted", "notes.txt"), "mine");
    const refused = /noted: holds files its manifest\.json does not list \(notes\.txt\), which a new version of the results would drop/;
    await expect(run("noted")).rejects.toThrow(refused);
    await expect(analyzeRun(join(dir, "noted"), { resamples: 20 })).rejects.toThrow(refused);
    expect(readFileSync(join(dir, "noted", "notes.txt"), "utf8")).toBe("mine");
    await run("noted", { force: true });
    expect(existsSync(join(dir, "noted", "notes.txt"))).toBe(false);
  });

  it("merge refuses a shard whose file was truncated after it was written", async () => {
    // 700 points × 200 samples: three units, so two shards of points
    const big = sweepFile(dir, "big", table1Body(200, 70));
    for (const k of [1, 2]) await runSweep({ file: big, out: join(dir, `s${k}`), workers: 1, progress: null, shard: [k, 2] });
    truncateSync(join(dir, "s2", "bands.csv"), 10);
    await expect(mergeShards([join(dir, "s1"), join(dir, "s2")], join(dir, "m"))).rejects.toThrow(/s2: bands\.csv is not the file manifest\.json lists \(10 bytes, expected \d+\): truncated or replaced/);
    expect(existsSync(join(dir, "m"))).toBe(false);
  });
});

// A block whose chunks are sample ranges is put back together by the coordinator and banded,
// its indices computed, on a worker (reduceBlock): the files come out byte-identical to those
// of whole-block chunks (indices computed where the block was evaluated), on an own pool or
// a shared one, and a failing reduce fails the run with its error.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Piscina } from "piscina";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Interrupted } from "../../src/execute/interrupted.ts";
import { runOnPool, SharedPool } from "../../src/execute/pool.ts";
import { startPool } from "../../src/execute/threads.ts";
import { loadSweepPlan, runSweep, type RunOptions } from "../../src/sweep/index.ts";
import { ishigamiBody, sweepFile, tempDir } from "./helpers.ts";

const dir = tempDir();
// Ishigami over 3 values of a × 4 of c; the derived ratio spans a, so blocks are 3 points
const file = sweepFile(dir, "ish", ishigamiBody(256, "{ a: [5, 7, 9], b: [0.1], c: [0, 1, 2, 3] }",
  `derived: { gain: w.ratio("y", { a: 9 }, { a: 5 }) },
  sensitivity: { secondOrder: true, resamples: 100 },`, 11));
const run = (out: string, o: Partial<RunOptions>) => runSweep({ file, out: join(dir, out), points: true, progress: null, ...o });
const bytes = (out: string, name: string) => readFileSync(join(dir, out, name));
const manifestChunk = (out: string) => JSON.parse(bytes(out, "manifest.json").toString()).chunk;

describe("blocks of sample ranges, reduced on workers", () => {
  const shared = new SharedPool(2);
  beforeAll(async () => {
    // blocks of 3 points × 256 (2k + 2 =) 8 samples, k = 3 with second order: whole blocks by default
    await run("whole", { workers: 1 });
    // 3 × 50 rows a chunk: every block cut into 41 sample ranges
    await run("split1", { workers: 1, chunkRows: 150 });
    await run("split2", { workers: 2, chunkRows: 150 });
    await run("shared", { pool: shared, chunkRows: 150 });
  });
  afterAll(() => shared.destroy());

  it("write the bytes of whole-block chunks: indices, bands and every sample in points.arrow", () => {
    expect(manifestChunk("whole").samples).toBe(2048);
    for (const out of ["split1", "split2", "shared"]) {
      expect(manifestChunk(out)).toEqual({ points: 3, samples: 50 });
      for (const name of ["indices.csv", "indices_s2.csv", "bands.csv", "points.arrow"]) {
        expect(bytes(out, name).equals(bytes("whole", name)), `${out}/${name}`).toBe(true);
      }
    }
  });

  it("a reduce that throws fails the run with its error and hands on no block", async () => {
    const plan = await loadSweepPlan(file);
    const failing = new Piscina({ filename: new URL("./failingReduceWorker.mjs", import.meta.url).href, minThreads: 2, maxThreads: 2 });
    const blocks: number[] = [];
    try {
      await expect(runOnPool(failing, plan, file, 0, plan.points, { workers: 2, chunkRows: 150, columns: false }, (res) => {
        blocks.push(res.p0);
      // the first reduce to fail: on two threads, block 0's or block 1's
      })).rejects.toThrow(/^reduce of points (0\.\.3|3\.\.6) failed on purpose$/);
      expect(blocks).toEqual([]);
    } finally {
      await failing.destroy();
    }
  });

  it("an abort with blocks out on workers ends the run as Interrupted after the first block, and the pool closes cleanly", async () => {
    const plan = await loadSweepPlan(file);
    const pool = startPool(2);
    const stop = new AbortController();
    const blocks: number[] = [];
    try {
      await expect(runOnPool(pool, plan, file, 0, plan.points, { workers: 2, chunkRows: 150, columns: true, signal: stop.signal }, (res) => {
        blocks.push(res.p0);
        stop.abort();
      })).rejects.toBeInstanceOf(Interrupted);
      expect(blocks).toEqual([0]);
    } finally {
      await pool.destroy();
    }
  });
});

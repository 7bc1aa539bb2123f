// A chunk that fails fails the run with its error, whenever it comes: here while the
// coordinator is busy with the chunk before it (writing its files, say), so not while the run
// waits for a result.
import { Piscina } from "piscina";
import { describe, expect, it } from "vitest";
import { runOnPool } from "../../src/execute/pool.ts";
import { loadSweepPlan } from "../../src/sweep/index.ts";
import { moduleDir, sweepFile, table1Body } from "./helpers.ts";

describe("a chunk that fails", () => {
  it("fails the run with its error when it comes while the coordinator is busy with the chunk before", async () => {
    const file = sweepFile(moduleDir(), "fails", table1Body(8));
    const plan = await loadSweepPlan(file);
    const pool = new Piscina({ filename: new URL("./failingChunkWorker.mjs", import.meta.url).href, minThreads: 1, maxThreads: 1, concurrentTasksPerWorker: 8 });
    const blocks: number[] = [];
    try {
      // chunks of one point each; the first result's handling outlasts the second chunk, which
      // fails a while after the first is back (failingChunkWorker.mjs): had both come in one
      // turn, the failure would fail the run before the first result, and this were not tested
      await expect(runOnPool(pool, plan, file, 0, plan.points, { workers: 1, chunkRows: 8, columns: false }, async (res) => {
        blocks.push(res.p0);
        await new Promise((resolve) => setTimeout(resolve, 600));
      })).rejects.toThrow("chunk 1 failed on purpose");
      expect(blocks).toEqual([0]);
    } finally {
      await pool.destroy();
    }
  }, 20_000);
});

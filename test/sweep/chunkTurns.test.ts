// A thread that takes many of a run's chunk tasks in one turn (its plan already loaded: a second
// run on the pool) sends each chunk's result as it is done, not all after the last: each task
// computes in a turn of its own (runChunkTask).
import { Piscina } from "piscina";
import { describe, expect, it } from "vitest";
import { runOnPool } from "../../src/execute/pool.ts";
import { loadSweepPlan } from "../../src/sweep/index.ts";
import { moduleDir, sweepFile, table1Body } from "./helpers.ts";

describe("chunk tasks taken in one turn", () => {
  it("send their results one by one", async () => {
    const file = sweepFile(moduleDir(), "turns", table1Body(8, 2)); // 10 chunks of 2 points
    const plan = await loadSweepPlan(file);
    const pool = new Piscina({ filename: new URL("./slowChunkWorker.mjs", import.meta.url).href, minThreads: 1, maxThreads: 1, concurrentTasksPerWorker: 32 });
    try {
      const o = { workers: 1, chunkRows: 8 * plan.blockPoints, columns: false };
      await runOnPool(pool, plan, file, 0, plan.points, o, () => undefined); // the plan loads on the thread
      const t0 = performance.now();
      const at: number[] = [];
      await runOnPool(pool, plan, file, 0, plan.points, o, () => void at.push(performance.now() - t0));
      expect(at.length).toBe(10);
      // one by one, a chunk (50 ms) apart: not most of them in the moment the last is done
      // (a moment's delay of this thread may still bring two or three together)
      const withLast = at.filter((t) => at.at(-1)! - t < 25).length;
      expect(withLast, `results at ${at.map(Math.round).join(", ")} ms`).toBeLessThanOrEqual(3);
    } finally {
      await pool.destroy();
    }
  }, 60_000);
});

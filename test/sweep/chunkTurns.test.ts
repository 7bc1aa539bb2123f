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
    const file = sweepFile(moduleDir(), "turns", table1Body(8));
    const plan = await loadSweepPlan(file);
    const pool = new Piscina({ filename: new URL("./slowChunkWorker.mjs", import.meta.url).href, minThreads: 1, maxThreads: 1, concurrentTasksPerWorker: 32 });
    try {
      const o = { workers: 1, chunkRows: 8 * plan.blockPoints, columns: false };
      await runOnPool(pool, plan, file, 0, plan.points, o, () => undefined); // the plan loads on the thread
      const t0 = performance.now();
      const at: number[] = [];
      await runOnPool(pool, plan, file, 0, plan.points, o, () => void at.push(performance.now() - t0));
      expect(at.length).toBeGreaterThanOrEqual(4);
      // one by one: a chunk (50 ms) apart, not several in the same moment once the last is done
      const gaps = at.slice(1).map((t, i) => t - at[i]);
      expect(Math.min(...gaps), `results at ${at.map(Math.round).join(", ")} ms`).toBeGreaterThan(25);
    } finally {
      await pool.destroy();
    }
  }, 60_000);
});

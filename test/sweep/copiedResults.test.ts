// A chunk's result goes back to the coordinator as it is, copied by postMessage, even when its
// bands are large: a buffer transferred out of a worker would be detached there, and V8 then
// checks every typed-array access of that thread's optimized code (runChunkTask).
import { Piscina } from "piscina";
import { describe, expect, it } from "vitest";
import { runOnPool } from "../../src/execute/pool.ts";
import { loadSweepPlan } from "../../src/sweep/index.ts";
import { moduleDir, sweepFile, table1Body } from "./helpers.ts";

describe("chunk results", () => {
  it("come back copied, not transferred, however large their bands", async () => {
    const file = sweepFile(moduleDir(), "copied", table1Body(8, 40)); // 400 points of 8 samples: one chunk
    const plan = await loadSweepPlan(file);
    const pool = new Piscina({ filename: new URL("./copiedResultWorker.mjs", import.meta.url).href, minThreads: 1, maxThreads: 1 });
    try {
      let bytes = 0;
      await runOnPool(pool, plan, file, 0, plan.points, { workers: 1, chunkRows: plan.points * plan.samples, columns: true },
        (r) => void (bytes = Math.max(bytes, r.bands.byteLength)));
      expect(bytes).toBeGreaterThan(64 * 1024); // larger than the results the worker used to transfer
    } finally {
      await pool.destroy();
    }
  }, 60_000);
});

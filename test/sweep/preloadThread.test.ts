// A pool's first thread loading a run's plan (preloadPlan) is that run's thread, not a busy one:
// the run's first chunk goes behind the load on it, and the pool starts no other thread for it
// (a run of fewer chunks than workers had booted one more thread than it had chunks).
import { describe, expect, it } from "vitest";
import { planTaskOf } from "../../src/execute/pool.ts";
import { closePool, preloadPlan, runTask, startPool } from "../../src/execute/threads.ts";
import { loadSweepPlan } from "../../src/sweep/index.ts";
import { moduleDir, sweepFile, table1Body } from "./helpers.ts";

describe("a thread loading a plan", () => {
  it("takes the run's first chunk, and the pool starts no second thread for it", async () => {
    const file = sweepFile(moduleDir(), "preload", table1Body(4));
    const plan = await loadSweepPlan(file);
    const pool = startPool(2, 1);
    // every thread the pool starts (an idle one would leave pool.threads after a second)
    let started = 0;
    pool.on("workerCreate", () => started++);
    try {
      preloadPlan(pool, file, plan.module!);
      await runTask(pool, { ...planTaskOf(plan, file), p0: 0, p1: plan.blockPoints, s0: 0, s1: plan.samples, columns: false });
      expect(started).toBe(1);
      expect(pool.threads.length).toBe(1);
    } finally {
      await closePool(pool);
    }
  }, 60_000);
});

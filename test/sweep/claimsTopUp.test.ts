// A run hands its workers claims on its next chunk, not the chunks themselves, and keeps
// handing them out while chunks are left: a worker that runs ahead of another (the other on a
// longer chunk, or still warming up) claims on instead of idling. When a run made one claim
// per chunk, split between the workers as they were submitted, a worker stuck on one chunk
// held the claims of chunks the other could have computed, and the run waited for it.
import type { Piscina } from "piscina";
import { describe, expect, it } from "vitest";
import { runOnPool } from "../../src/execute/pool.ts";
import runChunkTask, { type ChunkTask, type ClaimedResult } from "../../src/execute/worker.ts";
import { loadSweepPlan } from "../../src/sweep/index.ts";
import { moduleDir, sweepFile, table1Body } from "./helpers.ts";

/**
 * Two stand-in workers in this thread, each running its tasks in turn; a task goes to the one
 * holding fewer (as the pool's balancer places them). Worker 0 starts none until released.
 */
function twoWorkers() {
  const held = [0, 0];
  const ran: number[][] = [[], []];
  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => (release = resolve));
  const turns = [released, Promise.resolve()];
  const pool = {
    run(task: ChunkTask) {
      const w = held[0] < held[1] ? 0 : 1;
      held[w]++;
      const result = turns[w].then(() => runChunkTask(task) as Promise<ClaimedResult | null>).then((res) => {
        held[w]--;
        if (res !== null) ran[w].push(res.chunk);
        return res;
      });
      turns[w] = result.then(() => undefined);
      return result;
    },
  } as unknown as Piscina;
  return { pool, ran, release };
}

describe("claims on a run's chunks", () => {
  it("go on to the worker that is free while chunks are left, not only the share it was first handed", async () => {
    const file = sweepFile(moduleDir(), "claims", table1Body(4)); // 10 points of 4 samples
    const plan = await loadSweepPlan(file);
    const { pool, ran, release } = twoWorkers();
    const blocks: number[] = [];
    // the stuck worker goes on once every block is back, or after a while (then the old way shows)
    const timer = setTimeout(release, 2000);
    await runOnPool(pool, plan, file, 0, plan.points, { workers: 2, chunkRows: 8, columns: false }, (res) => {
      blocks.push(res.p0);
      if (blocks.length === 5) release();
    });
    clearTimeout(timer);
    expect(blocks).toEqual([0, 2, 4, 6, 8]); // blocks of 2 points (the derived gain spans gpu)
    expect(ran).toEqual([[], [0, 1, 2, 3, 4]]);
  });
});

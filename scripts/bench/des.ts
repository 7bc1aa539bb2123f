// The discrete-event check on one thread: 400 000 requests of Table 3's largest pool (azure
// Homo H100, 145 GPUs × 16 slots = 2320 servers), in simulated requests per second, beside
// the goal of under a second; then every Table 3 pool at the default request count, as
// `wattsweep fleet --verify des` runs them.
import { DES_DEFAULT_REQUESTS, PAPER_FLEET, verifyFleet, verifyPool } from "../../src/fleet/index.ts";
import { table3Rows } from "../../src/paper/table3.ts";
import type { BenchOptions, Figures } from "./options.ts";

const FULL_REQUESTS = 400_000;

export async function desBench(o: BenchOptions): Promise<Figures> {
  const rows = table3Rows({ revision: "v1", sampler: "exact", seed: 42 });
  const homo = rows[0];
  const pool = homo.fleet.pools[0];
  const REQUESTS = o.quick ? 20_000 : FULL_REQUESTS;
  let best = Infinity;
  for (let round = 0; round < 3; round++) {
    const t0 = performance.now();
    const d = verifyPool(homo.plan.pools[0].cdf, homo.profile, pool, PAPER_FLEET.sloS, { requests: REQUESTS, seed: [round] });
    best = Math.min(best, performance.now() - t0);
    if (d.unstable) throw new Error("the paper's pool is stable");
  }
  const simulated = REQUESTS * 1.1; // the warm-up tenth is simulated too
  const rate = (simulated / best) * 1000;
  console.log(`${REQUESTS.toLocaleString("en-US")} requests (+10 % warm-up) of azure Homo H100 (${pool.gpus * pool.nSlots} slots): ` +
    `${best.toFixed(0)} ms, ${Math.round(rate).toLocaleString("en-US")} simulated requests/s, P99 and interval included ` +
    `(goal < 1000 ms: ${best < 1000 ? "met" : "NOT met"})`);
  const t0 = performance.now();
  for (const r of rows) verifyFleet(r.plan, r.profile, r.fleet, PAPER_FLEET.sloS, DES_DEFAULT_REQUESTS, 42);
  const pools = rows.reduce((a, r) => a + r.fleet.pools.length, 0);
  console.log(`every Table 3 pool (${pools}) at ${DES_DEFAULT_REQUESTS.toLocaleString("en-US")} requests each: ` +
    `${((performance.now() - t0) / 1000).toFixed(2)} s`);
  return { des_requests_per_s: rate, des_table3_pools_s: (performance.now() - t0) / 1000 };
}

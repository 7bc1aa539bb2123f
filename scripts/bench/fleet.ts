// Fleet sizing throughput on one thread: exact moments + M/G/c sizing of the paper's azure
// FleetOpt two-pool fleet (B_short 4096, gamma 2), per sample a perturbed H100 profile.
import { EXACT, loadWorkload, planFleet, sizePlan, type FleetPlan, type MomentMethod, type Workload } from "../../src/fleet/index.ts";
import { MANUAL_PROFILES, type Profile } from "../../src/model/index.ts";
import type { BenchOptions, Figures } from "./options.ts";

const GOAL = 20_000;
const TOPOLOGY = { kind: "fleetopt", bShort: 4096, gamma: 2 } as const;

/** H100 with W and H scaled by ±20 % (as a Monte Carlo sweep perturbs them), deterministic in i. */
function perturbed(i: number): Profile {
  const base = MANUAL_PROFILES["h100-80gb"];
  const s = 0.8 + (0.4 * ((i * 761) % 1000)) / 1000;
  return { ...base, W: base.W * s, H: base.H * (2 - s) };
}

/** Best of `rounds` rounds of `ms` milliseconds each, in fleets per second. */
function rate(step: (i: number) => number, rounds: number, ms: number): number {
  let best = 0;
  let sink = 0;
  for (let round = 0; round < rounds; round++) {
    let n = 0;
    const t0 = performance.now();
    let t = t0;
    while (t - t0 < ms) {
      for (let k = 0; k < 50; k++) sink += step(n++);
      t = performance.now();
    }
    best = Math.max(best, (n / (t - t0)) * 1000);
  }
  if (!Number.isFinite(sink)) throw new Error("bench produced a non-finite fleet");
  return best;
}

const fresh = (wl: Workload, method: MomentMethod) => (i: number) =>
  sizePlan(planFleet(TOPOLOGY, wl, { lam: 1000 }), perturbed(i), 0.5, method).tokPerW;

export async function fleetBench(o: BenchOptions): Promise<Figures> {
  const [rounds, ms] = o.quick ? [1, 20] : [3, 500];
  const wl = loadWorkload("azure");
  const exact = rate(fresh(wl, EXACT), rounds, ms);
  const sampler = rate(fresh(wl, { sampler: "reference", seed: 42 }), rounds, ms);
  const plan: FleetPlan = planFleet(TOPOLOGY, wl, { lam: 1000 });
  const memo = rate((i) => sizePlan(plan, perturbed(i), 0.5, EXACT).tokPerW, rounds, ms);
  const f = (x: number) => Math.round(x).toLocaleString("en-US");
  console.log(`exact moments + sizing, from scratch (split, moments, Erlang-C): ${f(exact)} fleets/s ` +
    `(goal >= ${f(GOAL)}: ${exact >= GOAL ? "met" : "NOT met"})`);
  console.log(`reference sampler (3000 CPython draws per pool), from scratch:     ${f(sampler)} fleets/s ` +
    `(exact is ${(exact / sampler).toFixed(0)}x faster)`);
  console.log(`exact, plan reused (length moments memoised, as in a sweep):      ${f(memo)} fleets/s`);
  return { fleet_exact_fleets_per_s: exact, fleet_reference_sampler_fleets_per_s: sampler, fleet_exact_plan_reused_fleets_per_s: memo };
}

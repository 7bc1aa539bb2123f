import { badInput } from "../../errors.ts";
import { int, type Profile } from "../../model/index.ts";
import type { FleetResult, PoolResult } from "../fleet.ts";
import { PyRandom } from "../pyrandom.ts";
import type { FleetPlan } from "../topology.ts";
import type { Cdf } from "../workload.ts";
import { simulateFcfs, type JobSource } from "./fcfs.ts";
import { tailWithCi } from "./tail.ts";

/**
 * The discrete-event check of a sized pool (docs/queueing.md): Poisson arrivals at the
 * pool's rate, request lengths drawn from its CDF part as the reference sampler draws them
 * (docs/model.md, pool sizing), each request holding one of the pool's gpus × nSlots KV
 * slots for the model's service time S(L) and reaching its first token after its wait
 * plus its own prefill, FCFS over all the slots.
 */
export const DES_DEFAULT_REQUESTS = 200_000;
/** fewest measured requests: 20 sections of 100, so each section's P99 is its largest value or near it */
export const DES_MIN_REQUESTS = 2_000;

export interface DesOptions {
  /** measured requests per pool; a tenth as many again are simulated first and discarded */
  requests: number;
  /** 32-bit words of the seed (see desSeedKey) */
  seed: readonly number[];
}

export type DesCheck =
  | { unstable: true; rho: number }
  | {
    unstable: false;
    rho: number;
    requests: number;
    warmUp: number;
    /** simulated P99 TTFT (ms) and its 95 % sectioning interval */
    p99TtftMs: number;
    ci95Ms: [number, number];
    /** the simulated P99 TTFT is within the SLO */
    sloMet: boolean;
    /** fraction of requests that waited for a slot (Erlang-C's C for M/M/c), and the mean wait (ms) */
    waitFraction: number;
    meanWaitMs: number;
  };

/**
 * Draws lengths as the reference sampler does, u -> knot -> uniform integer L, and turns
 * each into the model's times: S(L) = m (W + h Lb) with m = ceil(lin/chunk) + lout,
 * Lb = lin + lout, h = H nSlots / Lcal (the full-batch iteration), and prefill(L) =
 * ceil(lin/chunk) (W + H).
 */
export function poolJobSource(cdf: Cdf, poolMax: number, profile: Profile, nSlots: number): JobSource {
  const n = cdf.t.length;
  const f = Float64Array.from(cdf.f);
  const lo = new Float64Array(n);
  const width = new Float64Array(n); // 0: the knot's range is empty, L = poolMax
  for (let i = 0; i < n; i++) {
    lo[i] = Math.max(1, i > 0 ? cdf.t[i - 1] + 1 : 1);
    width[i] = Math.max(0, Math.min(poolMax, cdf.t[i]) - lo[i] + 1);
  }
  const fLast = f[n - 1];
  const { W, H, chunk } = profile;
  const h = (H * nSlots) / profile.Lcal;
  const prefillIter = W + H;
  return (rng, job) => {
    const u = rng.random() * fLast;
    // first knot with u <= f[i] (the last one if none)
    let a = 0;
    let b = n - 1;
    while (a < b) {
      const mid = (a + b) >>> 1;
      if (u > f[mid]) a = mid + 1;
      else b = mid;
    }
    const L = width[a] > 0 ? lo[a] + Math.floor(rng.random() * width[a]) : poolMax;
    const lin = Math.max(1, int(0.8 * L));
    const lout = Math.max(1, L - lin);
    const c = Math.ceil(lin / chunk);
    job.service = (c + lout) * (W + h * (lin + lout));
    job.firstToken = c * prefillIter;
  };
}

/** Simulates one sized pool; `unstable` when its load reaches its capacity (rho >= 1). */
export function verifyPool(cdf: Cdf, profile: Profile, pool: PoolResult, sloS: number, options: DesOptions): DesCheck {
  if (!(pool.rho < 1)) return { unstable: true, rho: pool.rho };
  const warmUp = Math.ceil(options.requests / 10);
  const run = { requests: options.requests, warmUp, lam: pool.lam, servers: pool.gpus * pool.nSlots };
  const { wait, ttft } = simulateFcfs(run, new PyRandom(options.seed), poolJobSource(cdf, pool.maxCtx, profile, pool.nSlots));
  const p99 = tailWithCi(ttft, 0.99);
  let waited = 0;
  let total = 0;
  for (let i = 0; i < wait.length; i++) {
    if (wait[i] > 0) waited++;
    total += wait[i];
  }
  return {
    unstable: false, rho: pool.rho, requests: options.requests, warmUp,
    // the interval is symmetric about the estimate; a TTFT is never negative
    p99TtftMs: p99.value * 1000, ci95Ms: [Math.max(0, p99.ci95[0]) * 1000, p99.ci95[1] * 1000], sloMet: p99.value <= sloS,
    waitFraction: waited / wait.length, meanWaitMs: (total / wait.length) * 1000,
  };
}

/** The rng key of pool `index`: the seed's two 32-bit words, then the pool, then any further words (e.g. a sweep sample). */
export function desSeedKey(seed: number, index: number, ...more: number[]): number[] {
  return [seed >>> 0, Math.floor(seed / 2 ** 32) >>> 0, index + 1, ...more];
}

export function checkDesRequests(requests: number, where: string, field: string): void {
  if (!(Number.isSafeInteger(requests) && requests >= DES_MIN_REQUESTS)) {
    badInput(where, field, requests, `must be a whole number of requests, at least ${DES_MIN_REQUESTS}`);
  }
}

/** verifyPool's arguments as plain data, so that a worker thread can run it (simulatePool). */
export interface PoolDesJob {
  cdf: Cdf;
  profile: Profile;
  pool: PoolResult;
  sloS: number;
  options: DesOptions;
}

export function simulatePool(job: PoolDesJob): DesCheck {
  return verifyPool(job.cdf, job.profile, job.pool, job.sloS, job.options);
}

/** The simulations verifyFleet runs, one per pool (null for a pool without traffic). */
export function fleetDesJobs(plan: FleetPlan, profiles: Profile | readonly Profile[], result: FleetResult, sloS: number,
  requests: number, seed: number, ...more: number[]): Array<PoolDesJob | null> {
  checkDesRequests(requests, "des", "requests");
  const list = Array.isArray(profiles) ? profiles : [profiles as Profile];
  return result.pools.map((pool, i) => (pool.lam > 0
    ? { cdf: plan.pools[i].cdf, profile: list[plan.pools[i].gpu], pool, sloS, options: { requests, seed: desSeedKey(seed, i, ...more) } }
    : null));
}

/** Simulates every pool of a sized fleet (null for a pool without traffic), pool i seeded by desSeedKey(seed, i, ...more). */
export function verifyFleet(plan: FleetPlan, profiles: Profile | readonly Profile[], result: FleetResult, sloS: number,
  requests: number, seed: number, ...more: number[]): Array<DesCheck | null> {
  return fleetDesJobs(plan, profiles, result, sloS, requests, seed, ...more).map((job) => (job === null ? null : simulatePool(job)));
}

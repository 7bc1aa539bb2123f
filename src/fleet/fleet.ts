import { badInput, InputError } from "../errors.ts";
import { int, powerAt, type Profile } from "../model/index.ts";
import { lengthMoments, momentsOfLengths, referenceLengths, serviceMoments, type LengthMoments, type MomentMethod } from "./moments.ts";
import { minGpus, PAPER_MAX_UTILISATION, sloGpus, type Binding } from "./queue.ts";
import { planFleet, type FleetPlan, type PoolPlan, type Topology } from "./topology.ts";
import type { Workload } from "./workload.ts";

/** One sized pool (docs/model.md §9 pool result). */
export interface PoolResult {
  label: string;
  profile: string;
  lam: number;
  maxCtx: number;
  nSlots: number;
  muGpu: number;
  cv2: number;
  meanPrefillS: number;
  meanOut: number;
  gpus: number;
  /** the counts the search start and the utilisation cap demand (null without a cap), and which rule set `gpus` */
  gStart: number | null;
  gCap: number | null;
  binding: Binding;
  rho: number;
  nActive: number;
  powerW: number;
  p99TtftMs: number;
  costPerMil: number;
  /** the P99 wait is within the SLO, and the mean prefill alone does not exceed it */
  sloReachable: boolean;
}

export interface FleetResult {
  pools: PoolResult[];
  totalGpus: number;
  powerKw: number;
  tokPerW: number;
  /** $ per million output tokens */
  costPerMil: number;
  worstP99TtftMs: number;
  sloReachable: boolean;
}

/**
 * Each pool's last reference-sampler draws: GPUs of another chunk size size the same pool
 * with the same seed next (a sweep's gpu dimension varies fast), and redraw nothing.
 */
const lastDraws = new WeakMap<PoolPlan, { seed: number; draws: number; lengths: Float64Array }>();

function drawnLengths(pool: PoolPlan, seed: number, draws: number): Float64Array {
  const last = lastDraws.get(pool);
  if (last !== undefined && last.seed === seed && last.draws === draws) return last.lengths;
  const lengths = referenceLengths(pool.cdf, pool.maxCtx, seed, draws);
  lastDraws.set(pool, { seed, draws, lengths });
  return lengths;
}

/** A pool's length moments for a chunk size, memoised on the plan (they do not depend on W, H or slots). */
export function poolLengthMoments(pool: PoolPlan, chunk: number, method: MomentMethod): LengthMoments {
  const key = method.sampler === "exact" ? `${chunk}` : `${chunk}:${method.seed ?? 42}:${method.draws ?? 3000}`;
  let lm = pool.memo.get(key);
  if (lm === undefined) {
    lm = method.sampler === "exact" ? lengthMoments(pool.cdf, pool.maxCtx, chunk, method)
      : momentsOfLengths(drawnLengths(pool, method.seed ?? 42, method.draws ?? 3000), chunk);
    pool.memo.set(key, lm);
  }
  return lm;
}

/**
 * One pool sized. `into`, when given, is written over and returned: a sweep sizes a plan for
 * every sample and reads each result before the next, so a result per pool and sample would
 * only be garbage for its worker's collector (`node --trace-gc` counts the scavenges).
 */
export function sizePool(pool: PoolPlan, profile: Profile, sloS: number, method: MomentMethod,
  maxUtilisation = PAPER_MAX_UTILISATION, into: PoolResult = emptyPoolResult()): PoolResult {
  const sm = serviceMoments(poolLengthMoments(pool, profile.chunk, method), profile, pool.maxCtx);
  if (!(sm.nSlots >= 1)) badInput("topology", `pool ${pool.label} window`, pool.maxCtx, `leaves no KV slot on ${profile.name}`);
  const { lam } = pool;
  // no traffic routed here: the pool is not built
  const { gpus, p99WaitS, gStart, gCap, binding } = lam > 0 ? minGpus(lam, sm.muGpu, sm.nSlots, sm.cv2, sloS, maxUtilisation)
    : maxUtilisation < 1 ? NO_POOL : NO_POOL_UNCAPPED;
  const rho = lam > 0 ? lam / (gpus * sm.muGpu) : 0;
  const nActive = rho * sm.nSlots;
  const r = into;
  r.label = pool.label;
  r.profile = profile.name;
  r.lam = lam;
  r.maxCtx = pool.maxCtx;
  r.nSlots = sm.nSlots;
  r.muGpu = sm.muGpu;
  r.cv2 = sm.cv2;
  r.meanPrefillS = sm.meanPrefillS;
  r.meanOut = pool.meanOut;
  r.gpus = gpus;
  r.gStart = gStart;
  r.gCap = gCap;
  r.binding = binding;
  r.rho = rho;
  r.nActive = nActive;
  r.powerW = lam > 0 ? powerAt(profile, Math.max(1, int(nActive))) : 0;
  r.p99TtftMs = lam > 0 ? (p99WaitS + sm.meanPrefillS) * 1000 : 0;
  r.costPerMil = lam > 0 ? (((gpus * profile.costPerHour) / 3600) / (lam * pool.meanOut)) * 1e6 : 0;
  r.sloReachable = lam === 0 || (p99WaitS <= sloS && sm.meanPrefillS <= sloS);
  return r;
}

/** A PoolResult to be written over (sizePool): every field, so that all results share one shape. */
function emptyPoolResult(): PoolResult {
  return {
    label: "", profile: "", lam: 0, maxCtx: 0, nSlots: 0, muGpu: 0, cv2: 0, meanPrefillS: 0, meanOut: 0, gpus: 0, gStart: null,
    gCap: null, binding: "slo", rho: 0, nActive: 0, powerW: 0, p99TtftMs: 0, costPerMil: 0, sloReachable: true,
  };
}

const NO_POOL = { gpus: 0, p99WaitS: 0, gStart: 0, gCap: 0, binding: "cap" as const };
const NO_POOL_UNCAPPED = { gpus: 0, p99WaitS: 0, gStart: null, gCap: null, binding: "slo" as const };

/** g_slo of a sized pool: the fewest GPUs meeting the P99 wait target, whatever the utilisation. */
export function poolSloGpus(pool: PoolResult, sloS: number): number {
  return pool.lam > 0 ? sloGpus(pool.lam, pool.muGpu, pool.nSlots, pool.cv2, sloS) : 0;
}

export function checkMaxUtilisation(value: number, where = "demand", field = "max_utilisation"): void {
  if (!(value > 0 && value <= 1)) badInput(where, field, value, "the utilisation cap must be in (0, 1] (1: no cap, size on the SLO alone)");
}

/**
 * Sizes every pool of a plan; `profiles` is one profile for all pools or one per route index.
 * `maxUtilisation` is the cap (the paper's 0.85; 1 sizes on the P99 target alone). `into`, an
 * earlier result (of any plan), is written over and returned (see sizePool).
 */
export function sizePlan(plan: FleetPlan, profiles: Profile | readonly Profile[], sloS: number, method: MomentMethod,
  maxUtilisation = PAPER_MAX_UTILISATION, into?: FleetResult): FleetResult {
  if (!(Number.isFinite(sloS) && sloS > 0)) badInput("demand", "slo", sloS, "the P99 TTFT SLO must be positive");
  checkMaxUtilisation(maxUtilisation);
  const list = Array.isArray(profiles) ? profiles : [profiles as Profile];
  const pools = into?.pools ?? [];
  let totalGpus = 0;
  let watts = 0;
  let dollarsPerS = 0;
  let tokPerS = 0;
  let worst = 0;
  let reachable = true;
  for (let i = 0; i < plan.pools.length; i++) {
    const pool = plan.pools[i];
    const profile = list[pool.gpu];
    if (profile === undefined) badInput("topology", `pool ${pool.label} gpu`, pool.gpu, `no such profile (${list.length} given)`);
    const r = sizePool(pool, profile, sloS, method, maxUtilisation, pools[i]);
    pools[i] = r;
    totalGpus += r.gpus;
    watts += r.gpus * r.powerW;
    dollarsPerS += (r.gpus * profile.costPerHour) / 3600;
    tokPerS += r.lam * r.meanOut;
    worst = Math.max(worst, r.p99TtftMs);
    reachable &&= r.sloReachable;
  }
  pools.length = plan.pools.length; // `into` may have held a plan of more pools
  const r = into ?? { pools, totalGpus: 0, powerKw: 0, tokPerW: 0, costPerMil: 0, worstP99TtftMs: 0, sloReachable: true };
  r.totalGpus = totalGpus;
  r.powerKw = watts / 1000;
  r.tokPerW = tokPerS / watts;
  r.costPerMil = (dollarsPerS / tokPerS) * 1e6;
  r.worstP99TtftMs = worst;
  r.sloReachable = reachable;
  return r;
}

export interface Demand {
  /** arrival rate, requests/s */
  lam: number;
  /** P99 TTFT SLO, s */
  sloS: number;
  /** long window (default PAPER_FLEET.longCtx, 64K) */
  longCtx?: number;
  /** utilisation cap (default the paper's 0.85; 1: none) */
  maxUtilisation?: number;
}

/** Plans and sizes a fleet in one call. For many samples of one fleet, plan once and call sizePlan. */
export function sizeFleet(topology: Topology, workload: Workload, profiles: Profile | readonly Profile[], demand: Demand,
  method: MomentMethod): FleetResult {
  return sizePlan(planFleet(topology, workload, demand), profiles, demand.sloS, method, demand.maxUtilisation);
}

/** Throws an InputError when some pool cannot meet the SLO at any size, naming the best P99 it reaches. */
export function requireSlo(result: FleetResult, sloS: number): FleetResult {
  const bad = result.pools.find((p) => !p.sloReachable);
  if (bad) {
    const floor = bad.meanPrefillS * 1000;
    const why = floor > sloS * 1000
      ? `any fleet, however large, reaches at best a P99 TTFT of ${floor.toPrecision(4)} ms (its mean prefill)`
      : `its P99 TTFT is ${bad.p99TtftMs.toPrecision(4)} ms at ${bad.gpus} GPUs`;
    throw new InputError(`no fleet meets the P99 TTFT SLO of ${sloS * 1000} ms: pool ${bad.label} (${bad.profile}): ${why}`);
  }
  return result;
}

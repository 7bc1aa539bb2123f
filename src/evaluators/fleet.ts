// The fleet evaluator: Table 3's fleets (docs/model.md §8-10) sized afresh for every sample, so
// that perturbed profiles, arrival rates, SLOs and routing bounds move the GPU counts too.
// Power uncertainty (power_scale, and §11's beta at each pool's window) multiplies per-GPU
// power after sizing: sizing does not depend on power. des_p99_ttft_ms and des_slo_met simulate
// every pool of every sample (src/fleet/des), so they are computed only when listed.
import { FLEET_METRICS, FLEET_TARGETS, type FleetMetric, type FleetTarget } from "../definition/index.ts";
import { badInput, InputError } from "../errors.ts";
import {
  checkDesRequests, checkMaxUtilisation, EXACT, loadWorkload, PAPER_B_SHORT, PAPER_FLEET, PAPER_MAX_UTILISATION, planFleet, sizePlan,
  verifyFleet, type FleetPlan, type FleetResult, type MomentMethod, type Topology, type Workload,
} from "../fleet/index.ts";
import { kvPowerFactor, type Profile } from "../model/index.ts";
import { coord, dimProfile, profileDim, type ChunkRunner, type Evaluator, type Plan, type PlanDim, type Target } from "../plan/index.ts";

const INPUTS = FLEET_TARGETS;
type InputName = FleetTarget;

const UNITS: Record<InputName, string> = {
  w: "s", h: "s", kv_blocks: "blocks", max_slots: "sequences", chunk: "tokens", p_idle: "W", p_nom: "W", k: "1/doubling",
  x0: "log2(sequences)", lam: "req/s", slo: "s", b_short: "tokens", gamma: "1", long_ctx: "tokens", power_scale: "1",
  beta: "1", sampler_seed: "", max_utilisation: "1", des_requests: "requests",
};
const METRIC_UNITS: Record<FleetMetric, string> = {
  tok_per_w: "tok/J", power_kw: "kW", gpus: "GPUs", cost_per_mil: "$/Mtok", p99_ttft_ms: "ms", slo_met: "1",
  // fraction of the fleet's pools whose GPU count the P99 target / the utilisation cap set
  slo_binds: "1", cap_binds: "1",
  // the worst pool's simulated P99 TTFT, and whether every pool meets the SLO in simulation
  des_p99_ttft_ms: "ms", des_slo_met: "1",
};
const SET_TARGETS = new Set<string>(["slo", "b_short", "gamma", "long_ctx", "beta", "sampler_seed", "max_utilisation", "des_requests"]);
/** requests simulated per pool and sample when des_p99_ttft_ms or des_slo_met is asked for (a des_requests dimension changes it) */
const SWEEP_DES_REQUESTS = 20_000;
const TARGETS: Record<string, Target> = Object.fromEntries(
  INPUTS.map((n) => [n, { unit: UNITS[n], apply: SET_TARGETS.has(n) ? "set" : "scale" }]),
);
const TOPOLOGIES = ["homo", "pool", "fleetopt"];
const INDEX = Object.fromEntries(INPUTS.map((n, i) => [n, i])) as Record<InputName, number>;
/** Position of an input in the per-sample vector (-1 for a name that is not an input). */
const at = (name: InputName) => (Object.hasOwn(INDEX, name) ? INDEX[name] : -1);

function baseInputs(profile: Profile, workload: string): Float64Array {
  const pw = profile.power.kind === "logistic" ? profile.power : { pIdle: NaN, pNom: NaN, k: NaN, x0: NaN };
  const v: Record<InputName, number> = {
    w: profile.W, h: profile.H, kv_blocks: profile.kvBlocks, max_slots: profile.maxSlots, chunk: profile.chunk,
    p_idle: pw.pIdle, p_nom: pw.pNom, k: pw.k, x0: pw.x0, lam: PAPER_FLEET.lam, slo: PAPER_FLEET.sloS,
    b_short: PAPER_B_SHORT[workload] ?? NaN, gamma: PAPER_FLEET.gamma, long_ctx: PAPER_FLEET.longCtx, power_scale: 1, beta: 0,
    sampler_seed: NaN, max_utilisation: PAPER_MAX_UTILISATION, des_requests: SWEEP_DES_REQUESTS,
  };
  return Float64Array.from(INPUTS, (n) => v[n]);
}

function topologyOf(kind: string, x: Float64Array): Topology {
  if (kind === "homo") return { kind };
  if (kind === "pool") return { kind, bShort: x[INDEX.b_short] };
  return { kind: "fleetopt", bShort: x[INDEX.b_short], gamma: x[INDEX.gamma] };
}

function createRunner(plan: Plan): ChunkRunner {
  const dimOf = (kind: string) => plan.dims.findIndex((d) => d.kind === kind);
  const pd = plan.dims.findIndex((d) => d.kind === "profile" || d.kind === "gpu");
  const wd = dimOf("workload");
  const td = dimOf("topology");
  const profiles = plan.dims[pd].values.map((v) => dimProfile(plan.dims[pd], String(v)));
  const loaded = plan.dims[wd].values.map((v) => loadWorkload(String(v)));
  const overrides = plan.dims.flatMap((d, i) => (d.kind === "number" ? [[i, at(d.name as InputName)]] : []));
  const targets = plan.perturbations.map((p) => at(p.target as InputName));
  const scales = plan.perturbations.map((p) => p.apply === "scale");
  // Fleet plans (CDF splits, memoised length moments) per routing and demand, kept across chunks.
  const fleetPlans = new Map<string, FleetPlan>();
  const keyed = (w: Workload, topology: Topology, lam: number, longCtx: number) => {
    const key = `${w.name}|${JSON.stringify(topology)}|${lam}|${longCtx}`;
    let fp = fleetPlans.get(key);
    if (fp === undefined) {
      if (fleetPlans.size >= 4096) fleetPlans.clear();
      fp = planFleet(topology, w, { lam, longCtx });
      fleetPlans.set(key, fp);
    }
    return fp;
  };
  // consecutive samples mostly need the plan the previous one had: compare its inputs before
  // building a key (all four, whichever the topology reads: the key decides what differs)
  let last: { w: Workload; kind: string; bShort: number; gamma: number; lam: number; longCtx: number; fp: FleetPlan } | null = null;
  const fleetPlan = (w: Workload, kind: string, x: Float64Array) => {
    const bShort = x[INDEX.b_short];
    const gamma = x[INDEX.gamma];
    const lam = x[INDEX.lam];
    const longCtx = x[INDEX.long_ctx];
    if (last === null || last.w !== w || last.kind !== kind || !Object.is(last.lam, lam) || !Object.is(last.longCtx, longCtx) ||
      !Object.is(last.bShort, bShort) || !Object.is(last.gamma, gamma)) {
      last = { w, kind, bShort, gamma, lam, longCtx, fp: keyed(w, topologyOf(kind, x), lam, longCtx) };
    }
    return last.fp;
  };
  const x = new Float64Array(INPUTS.length);
  // Per profile of the grid, a copy of it that each sample writes its inputs into (sizing reads
  // it during the call and keeps nothing of it): a profile spread anew per sample, with its
  // power curve, was garbage for the worker's collector (`node --trace-gc` counts its scavenges).
  // Only the inputs below are written; every other field stays the profile's own.
  const sampledProfiles: Profile[] = profiles.map((p) => ({ ...p, power: p.power.kind === "logistic" ? { ...p.power } : p.power }));
  // the sample's fleet, written over for every sample (sizePlan's `into`): read before the next
  let sized: FleetResult | undefined;
  /** `sampled` (a copy from sampledProfiles) with the sample's inputs `x`; integer fields stay integers (slot and block counts, prefill chunk). */
  const withInputs = (sampled: Profile, x: Float64Array): Profile => {
    sampled.W = x[INDEX.w];
    sampled.H = x[INDEX.h];
    sampled.chunk = Math.max(1, Math.round(x[INDEX.chunk]));
    sampled.kvBlocks = Math.floor(x[INDEX.kv_blocks]);
    sampled.maxSlots = Math.floor(x[INDEX.max_slots]);
    if (sampled.power.kind === "logistic") {
      sampled.power.pIdle = x[INDEX.p_idle];
      sampled.power.pNom = x[INDEX.p_nom];
      sampled.power.k = x[INDEX.k];
      sampled.power.x0 = x[INDEX.x0];
    }
    return sampled;
  };
  const simulate = plan.metrics.includes("des_p99_ttft_ms") || plan.metrics.includes("des_slo_met");

  /** The metric columns of a chunk, by name (out holds them in FLEET_METRICS order). */
  const columnsOf = (out: readonly Float64Array[]) => {
    const column = (m: FleetMetric) => out[FLEET_METRICS.indexOf(m)];
    return {
      tokPerW: column("tok_per_w"), powerKw: column("power_kw"), gpus: column("gpus"), costPerMil: column("cost_per_mil"),
      p99: column("p99_ttft_ms"), sloMet: column("slo_met"), sloBinds: column("slo_binds"), capBinds: column("cap_binds"),
      desP99: column("des_p99_ttft_ms"), desSloMet: column("des_slo_met"),
    };
  };

  /**
   * Sample s of point p (row r of the chunk): a function of its own, not the body of run's
   * loop, so that the optimizing compiler takes it once it is hot rather than compiling run,
   * sizing inlined, while its loop runs (on-stack replacement), again at run's next call and
   * again after each deoptimization (docs/architecture.md, "Hot loops").
   */
  const sample = (p: number, s: number, r: number, sampled: Profile, workload: Workload, kind: string, base: Float64Array,
    draws: readonly Float64Array[], cols: ReturnType<typeof columnsOf>, s0: number): void => {
    x.set(base);
    for (let j = 0; j < targets.length; j++) {
      const v = draws[j][r];
      if (v === v) x[targets[j]] = scales[j] ? x[targets[j]] * v : v;
    }
    const perturbed = withInputs(sampled, x);
    const seed = x[INDEX.sampler_seed];
    const method: MomentMethod = seed === seed ? { sampler: "reference", seed: Math.floor(seed), draws: 3000 } : EXACT;
    const fp = fleetPlan(workload, kind, x);
    const res = (sized = sizePlan(fp, perturbed, x[INDEX.slo], method, x[INDEX.max_utilisation], sized));
    // per-GPU power times the sample's scale and the KV-correlated factor at each pool's window
    let watts = 0;
    let tokS = 0;
    let bySlo = 0;
    let byCap = 0;
    for (const pool of res.pools) {
      watts += pool.gpus * pool.powerW * kvPowerFactor(x[INDEX.beta], pool.maxCtx);
      tokS += pool.lam * pool.meanOut;
      if (pool.binding === "slo") bySlo++;
      else if (pool.binding === "cap") byCap++;
    }
    watts *= x[INDEX.power_scale];
    cols.tokPerW[r] = tokS / watts;
    cols.powerKw[r] = watts / 1000;
    cols.gpus[r] = res.totalGpus;
    cols.costPerMil[r] = res.costPerMil;
    cols.p99[r] = res.worstP99TtftMs;
    cols.sloMet[r] = res.sloReachable ? 1 : 0;
    cols.sloBinds[r] = bySlo / res.pools.length;
    cols.capBinds[r] = byCap / res.pools.length;
    if (simulate) {
      const requests = x[INDEX.des_requests];
      checkDesRequests(requests, "sweep", "des_requests");
      // seeded by the sweep's seed, the point and the sample: the same whatever the chunking
      const checks = verifyFleet(fp, perturbed, res, x[INDEX.slo], requests, plan.seed, p, s0 + s);
      cols.desP99[r] = Math.max(...checks.map((d) => (d === null ? 0 : d.unstable ? Infinity : d.p99TtftMs)));
      cols.desSloMet[r] = checks.every((d) => d === null || (!d.unstable && d.sloMet)) ? 1 : 0;
    } else {
      cols.desP99[r] = NaN; // not asked for
      cols.desSloMet[r] = NaN;
    }
  };

  return {
    run(p0, p1, draws, out, s0) {
      const cols = columnsOf(out);
      const S = cols.tokPerW.length / (p1 - p0); // samples per point in this chunk
      for (let p = p0; p < p1; p++) {
        const g = coord(plan, p, pd);
        const workload = loaded[coord(plan, p, wd)];
        const kind = String(plan.dims[td].values[coord(plan, p, td)]);
        const base = baseInputs(profiles[g], workload.name);
        for (const [d, i] of overrides) base[i] = plan.dims[d].values[coord(plan, p, d)] as number;
        for (let s = 0; s < S; s++) sample(p, s, (p - p0) * S + s, sampledProfiles[g], workload, kind, base, draws, cols, s0);
      }
    },
  };
}

function checkDims(dims: readonly PlanDim[], where: string): void {
  const pd = profileDim(dims, where, "fleet");
  const one = (kind: string, helper: string) => {
    const found = dims.filter((d) => d.kind === kind);
    if (found.length !== 1) badInput(where, "grid", `${found.length} ${kind} dimensions`, `the fleet evaluator needs exactly one ${helper}(...) dimension`);
    return found[0];
  };
  const wd = one("workload", "workloads");
  const td = one("topology", "topologies");
  const guard = (field: string, value: unknown, f: () => unknown) => {
    try {
      f();
    } catch (err) {
      if (err instanceof InputError) badInput(where, field, value, err.message);
      throw err;
    }
  };
  for (const v of pd.values) guard(`grid.${pd.name}`, v, () => dimProfile(pd, String(v)));
  for (const v of wd.values) guard(`grid.${wd.name}`, v, () => loadWorkload(String(v)));
  for (const v of td.values) if (!TOPOLOGIES.includes(String(v))) badInput(where, `grid.${td.name}`, v, `unknown topology; valid: ${TOPOLOGIES.join(", ")}`);
  for (const d of dims) {
    if (d.kind === "model") badInput(where, `grid.${d.name}`, d.values, "models(...) need the singleGpu evaluator (fleets use the paper's profiles)");
    if (d.kind === "number" && at(d.name as InputName) < 0) {
      badInput(where, `grid.${d.name}`, d.name, `not a fleet input; numeric dimensions must be one of ${INPUTS.join(", ")}`);
    }
    if (d.name === "max_utilisation") for (const v of d.values) checkMaxUtilisation(v as number, where, `grid.${d.name}`);
    if (d.name === "des_requests") for (const v of d.values) checkDesRequests(v as number, where, `grid.${d.name}`);
  }
  const routed = td.values.some((v) => v !== "homo");
  if (routed && !dims.some((d) => d.name === "b_short")) {
    for (const v of wd.values) {
      if (PAPER_B_SHORT[String(v)] === undefined) {
        badInput(where, `grid.${wd.name}`, v, `no paper B_short for this workload; add a b_short dimension (paper: ${JSON.stringify(PAPER_B_SHORT)})`);
      }
    }
  }
}

export const fleetEvaluator: Evaluator = {
  name: "fleet",
  // in the order the runner fills its output columns
  metrics: Object.fromEntries(FLEET_METRICS.map((m) => [m, METRIC_UNITS[m]])),
  optInMetrics: ["des_p99_ttft_ms", "des_slo_met"],
  countMetrics: ["gpus"],
  targets: TARGETS,
  checkDims,
  dimUnit: (d) => (d.kind === "number" && at(d.name as InputName) >= 0 ? UNITS[d.name as InputName] : ""),
  runner: createRunner,
};

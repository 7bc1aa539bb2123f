/**
 * Fleet sizing (docs/model.md §8–10): workloads, routing topologies, M/G/c pools, fleets.
 *
 *   const wl = loadWorkload("azure");                       // or a CDF file path
 *   const topo: Topology = { kind: "fleetopt", bShort: 4096, gamma: 2 };
 *   const r = sizeFleet(topo, wl, MANUAL_PROFILES["h100-80gb"], { lam: 1000, sloS: 0.5 }, EXACT);
 *   r.tokPerW, r.powerKw, r.totalGpus, r.costPerMil, r.worstP99TtftMs, r.pools[i].gpus ...
 *
 * Hot loops (Monte Carlo over perturbed profiles): plan once, size many times.
 *   const plan = planFleet(topo, wl, { lam: 1000 });        // splits the CDF, once
 *   for (...) sizePlan(plan, perturbedProfile(s), 0.5, EXACT);
 * sizePlan is pure in its result; it memoises each pool's length moments on the plan per
 * (chunk, method), since they depend on neither W, H, slots nor power (see moments.ts).
 * A plan is not shared between threads: build one per worker. `profiles` is one Profile
 * for every pool or an array indexed by each route's `gpu` (N-pool topologies).
 * Methods: EXACT (default everywhere) or { sampler: "reference", seed, draws } (the paper's
 * 3000-draw CPython sampler). Sizing never throws for an SLO it cannot meet: it flags
 * `sloReachable`; `requireSlo` turns that into an InputError for the CLI.
 * Lower levels: cdfAt, splitCdf, meanOut, exactLengthMoments, sampledLengthMoments,
 * serviceMoments, erlangC, kimuraP99, minGpus, sloGpus, PyRandom.
 * Each pool reports which rule set its count (`binding`: the P99 target, the utilisation
 * cap or the search start); `poolSloGpus` gives the count the P99 target alone needs.
 * Checking by simulation: verifyFleet(plan, profiles, result, sloS, requests, seed) (des/).
 */
export * from "./workload.ts";
export * from "./pyrandom.ts";
export * from "./moments.ts";
export * from "./queue.ts";
export * from "./topology.ts";
export * from "./fleet.ts";
export * from "./des/index.ts";

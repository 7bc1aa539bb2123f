import { badInput } from "../errors.ts";
import type { LengthMoments } from "./moments.ts";
import { cdfAt, meanOut, splitCdf, type Cdf, type Workload } from "./workload.ts";

/**
 * How a fleet routes requests by total length (docs/model.md §10), as data:
 * - homo: one pool for everything at the long window;
 * - pool: requests up to bShort go to a pool with window bShort, the rest to the long pool;
 * - fleetopt: requests up to gamma * bShort are compressed into the bShort-window pool;
 * - pools: any number of pools; pool i takes lengths in (upTo[i-1], upTo[i]] (the last one
 *   takes everything above the previous bound) and serves them at window maxCtx on the
 *   profile with index `gpu` in the profiles passed to sizing.
 */
export type Topology =
  | { kind: "homo" }
  | { kind: "pool"; bShort: number }
  | { kind: "fleetopt"; bShort: number; gamma: number }
  | { kind: "pools"; pools: readonly PoolRoute[] };

export interface PoolRoute {
  label?: string;
  /** largest total length routed here (ignored for the last pool) */
  upTo: number;
  /** serving context window (poolMax) */
  maxCtx: number;
  /** index into the profiles given to sizing (default 0) */
  gpu?: number;
}

/** The paper's settings (docs/model.md §10). */
export const PAPER_FLEET = { lam: 1000, sloS: 0.5, longCtx: 64 * 1024, gamma: 2.0 } as const;
export const PAPER_B_SHORT: Readonly<Record<string, number>> = { azure: 4096, lmsys_multiturn: 1536 };

/** One pool ready to size: its traffic, its sub-CDF and window. Length moments are memoised per chunk and method. */
export interface PoolPlan {
  label: string;
  lam: number;
  maxCtx: number;
  cdf: Cdf;
  meanOut: number;
  gpu: number;
  readonly memo: Map<string, LengthMoments>;
}

export interface FleetPlan {
  workload: string;
  topology: Topology;
  pools: PoolPlan[];
}

const WHERE = "topology";

function checkWindow(field: string, value: number, longCtx: number): void {
  if (!Number.isInteger(value) || value < 1) badInput(WHERE, field, value, "must be a positive integer");
  if (value >= longCtx) badInput(WHERE, field, value, `must be below the long window ${longCtx}`);
}

/** The routes a topology stands for, validated against the long window. */
export function topologyRoutes(topology: Topology, longCtx: number): PoolRoute[] {
  if (!Number.isInteger(longCtx) || longCtx < 2) badInput(WHERE, "long_ctx", longCtx, "must be an integer of at least 2");
  switch (topology.kind) {
    case "homo":
      return [{ label: "homo", upTo: longCtx, maxCtx: longCtx }];
    case "pool":
      checkWindow("b_short", topology.bShort, longCtx);
      return [{ label: "short", upTo: topology.bShort, maxCtx: topology.bShort }, { label: "long", upTo: longCtx, maxCtx: longCtx }];
    case "fleetopt": {
      checkWindow("b_short", topology.bShort, longCtx);
      const { gamma } = topology;
      if (!(Number.isFinite(gamma) && gamma >= 1)) badInput(WHERE, "gamma", gamma, "must be a number of at least 1");
      // lengths are whole tokens: "up to gamma * B" is up to its floor
      const upTo = Math.floor(gamma * topology.bShort);
      return [{ label: "short", upTo, maxCtx: topology.bShort }, { label: "long", upTo: longCtx, maxCtx: longCtx }];
    }
    case "pools": {
      const routes = topology.pools;
      if (routes.length === 0) badInput(WHERE, "pools", routes, "needs at least one pool");
      routes.forEach((r, i) => {
        if (!Number.isInteger(r.maxCtx) || r.maxCtx < 1) badInput(WHERE, `pools[${i}].max_ctx`, r.maxCtx, "must be a positive integer");
        if (i < routes.length - 1 && !(Number.isInteger(r.upTo) && r.upTo > (i > 0 ? routes[i - 1].upTo : 0))) {
          badInput(WHERE, `pools[${i}].up_to`, r.upTo, "bounds must be whole tokens, positive and increasing");
        }
      });
      return routes.map((r, i) => ({ ...r, label: r.label ?? `pool${i}` }));
    }
  }
}

/**
 * Splits the workload over a topology's pools: pool i gets the sub-CDF of its length range
 * (docs/model.md §8 split: the long part at its lower bound, then the short part at its upper
 * bound) and lam times its share of the CDF; with two pools this is exactly §10.
 */
export function planFleet(topology: Topology, workload: Workload, demand: { lam: number; longCtx?: number }): FleetPlan {
  const { lam } = demand;
  if (!(Number.isFinite(lam) && lam > 0)) badInput("demand", "lam", lam, "arrival rate must be positive (req/s)");
  const routes = topologyRoutes(topology, demand.longCtx ?? PAPER_FLEET.longCtx);
  const full = workload.cdf;
  const last = routes.length - 1;
  const pools = routes.map((route, i): PoolPlan => {
    let cdf = i > 0 ? splitCdf(full, routes[i - 1].upTo).long : full;
    if (i < last) cdf = splitCdf(cdf, route.upTo).short;
    const upper = i < last ? Math.min(1, cdfAt(full, route.upTo)) : 1;
    const lower = i > 0 ? Math.min(1, cdfAt(full, routes[i - 1].upTo)) : 0;
    return {
      label: route.label ?? `pool${i}`, lam: lam * (upper - lower), maxCtx: route.maxCtx, cdf,
      meanOut: meanOut(cdf), gpu: route.gpu ?? 0, memo: new Map(),
    };
  });
  if (topology.kind === "pools") checkPoolsCover(pools, full, workload.name);
  return { workload: workload.name, topology, pools };
}

/**
 * A user's pool list must serve the traffic it is given: the last pool takes every length
 * above the previous bound, so its window must reach the workload's longest request, and a
 * pool whose length range holds no requests would be sized for zero traffic.
 */
function checkPoolsCover(pools: readonly PoolPlan[], full: Cdf, workload: string): void {
  const longest = full.t[full.t.length - 1];
  const last = pools[pools.length - 1];
  if (last.maxCtx < longest) {
    badInput("--pools", `${last.label}.window`, last.maxCtx, `shorter than the longest request of ${workload} (${longest} tokens), which the last pool receives`);
  }
  for (const p of pools) {
    if (p.lam <= 0) badInput("--pools", p.label, p.maxCtx, `receives no traffic: ${workload} has no requests in its length range`);
  }
}

import { describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.ts";
import {
  cdfAt, EXACT, loadWorkload, parseCdf, planFleet, requireSlo, sizeFleet, sizePlan, topologyRoutes, type Topology,
} from "../../src/fleet/index.ts";
import { b200Profile, MANUAL_PROFILES } from "../../src/model/index.ts";

const azure = loadWorkload("azure");
const h100 = MANUAL_PROFILES["h100-80gb"];
const b200 = b200Profile("v1");

describe("topologies as data", () => {
  it("a two-route N-pool list is exactly the pool topology, and with a compressed window exactly FleetOpt", () => {
    const demand = { lam: 1000, sloS: 0.5 };
    const pool = sizeFleet({ kind: "pool", bShort: 4096 }, azure, h100, demand, EXACT);
    const asList = sizeFleet({ kind: "pools", pools: [{ upTo: 4096, maxCtx: 4096 }, { upTo: 65536, maxCtx: 65536 }] }, azure, h100, demand, EXACT);
    expect(asList.pools.map(({ label: _, ...p }) => p)).toEqual(pool.pools.map(({ label: _, ...p }) => p));
    const opt = sizeFleet({ kind: "fleetopt", bShort: 4096, gamma: 2 }, azure, h100, demand, EXACT);
    const optList = sizeFleet({ kind: "pools", pools: [{ upTo: 8192, maxCtx: 4096 }, { upTo: 0, maxCtx: 65536 }] }, azure, h100, demand, EXACT);
    expect(optList.tokPerW).toBe(opt.tokPerW);
  });

  it("N pools split the traffic by length range and each uses its own profile", () => {
    const topology: Topology = { kind: "pools", pools: [
      { upTo: 1024, maxCtx: 1024, gpu: 1 }, { upTo: 4096, maxCtx: 4096, gpu: 0 }, { upTo: 65536, maxCtx: 65536, gpu: 0 }] };
    const plan = planFleet(topology, azure, { lam: 1000 });
    expect(plan.pools.map((p) => p.lam)).toEqual([1000 * cdfAt(azure.cdf, 1024), 1000 * (cdfAt(azure.cdf, 4096) - cdfAt(azure.cdf, 1024)),
      1000 * (1 - cdfAt(azure.cdf, 4096))]);
    expect(plan.pools[1].cdf.t[0]).toBe(1536);
    expect(plan.pools[1].cdf.t.at(-1)).toBe(4096);
    const r = sizePlan(plan, [h100, b200], 0.5, EXACT);
    expect(r.pools.map((p) => p.profile)).toEqual([b200.name, h100.name, h100.name]);
    expect(r.totalGpus).toBe(r.pools.reduce((a, p) => a + p.gpus, 0));
    expect(r.powerKw).toBeCloseTo(r.pools.reduce((a, p) => a + (p.gpus * p.powerW) / 1000, 0), 12);
    expect(() => sizePlan(plan, [h100], 0.5, EXACT)).toThrow(/gpu = 1: no such profile/);
  });

  it("a pool that receives no traffic is not built", () => {
    const short = parseCdf("[[1000, 0.5], [2000, 1]]", "x");
    const r = sizeFleet({ kind: "fleetopt", bShort: 1500, gamma: 2 }, { name: "x", cdf: short }, h100, { lam: 100, sloS: 0.5 }, EXACT);
    expect(r.pools[1].lam).toBe(0);
    expect([r.pools[1].gpus, r.pools[1].powerW]).toEqual([0, 0]);
    expect(r.totalGpus).toBe(r.pools[0].gpus);
  });

  it("memoised length moments give the same fleet as a fresh plan", () => {
    const plan = planFleet({ kind: "pool", bShort: 4096 }, azure, { lam: 1000 });
    const first = sizePlan(plan, b200, 0.5, EXACT);
    sizePlan(plan, h100, 0.5, { sampler: "reference", seed: 3 });
    expect(sizePlan(plan, b200, 0.5, EXACT)).toEqual(first);
    expect(plan.pools[0].memo.size).toBe(2); // (chunk 2048, exact) and (chunk 1024, seed 3)
    expect(sizePlan(planFleet({ kind: "pool", bShort: 4096 }, azure, { lam: 1000 }), b200, 0.5, EXACT)).toEqual(first);
  });

  const bad: Array<[string, () => unknown, RegExp]> = [
    ["B_short at the long window", () => topologyRoutes({ kind: "pool", bShort: 65536 }, 65536), /b_short = 65536: must be below the long window/],
    ["fractional B_short", () => topologyRoutes({ kind: "fleetopt", bShort: 100.5, gamma: 2 }, 65536), /b_short = 100\.5/],
    ["gamma below 1", () => topologyRoutes({ kind: "fleetopt", bShort: 4096, gamma: 0.5 }, 65536), /gamma = 0\.5/],
    ["pool bounds not increasing", () => topologyRoutes({ kind: "pools", pools: [{ upTo: 4096, maxCtx: 4096 }, { upTo: 2048, maxCtx: 2048 },
      { upTo: 0, maxCtx: 65536 }] }, 65536), /pools\[1\]\.up_to = 2048/],
    ["no pools", () => topologyRoutes({ kind: "pools", pools: [] }, 65536), /needs at least one pool/],
    ["zero arrival rate", () => planFleet({ kind: "homo" }, azure, { lam: 0 }), /lam = 0/],
    ["negative arrival rate", () => planFleet({ kind: "homo" }, azure, { lam: -5 }), /lam = -5/],
    ["zero SLO", () => sizeFleet({ kind: "homo" }, azure, h100, { lam: 10, sloS: 0 }, EXACT), /slo = 0/],
    ["negative SLO", () => sizeFleet({ kind: "homo" }, azure, h100, { lam: 10, sloS: -1 }, EXACT), /slo = -1/],
  ];
  for (const [what, run, message] of bad) {
    it(`rejects ${what}`, () => {
      expect(run).toThrow(InputError);
      expect(run).toThrow(message);
    });
  }

  it("requireSlo names the pool and the best P99 any fleet reaches", () => {
    const r = sizeFleet({ kind: "pool", bShort: 4096 }, azure, h100, { lam: 1000, sloS: 0.01 }, EXACT);
    expect(r.sloReachable).toBe(false);
    expect(() => requireSlo(r, 0.01)).toThrow(/SLO of 10 ms: pool long \(H100-80GB\): .*at best a P99 TTFT of 15\.90 ms/);
    const ok = sizeFleet({ kind: "pool", bShort: 4096 }, azure, h100, { lam: 1000, sloS: 0.5 }, EXACT);
    expect(requireSlo(ok, 0.5)).toBe(ok);
  });
});

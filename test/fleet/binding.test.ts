// Which rule sets a pool's GPU count (the P99 target, the utilisation cap or the search
// start), and the cap as an input, against the spec's sizing scanned one GPU at a time.
import { describe, expect, it } from "vitest";
import {
  EXACT, kimuraP99, loadWorkload, minGpus, planFleet, poolSloGpus, sizePlan, sloGpus, type Binding,
} from "../../src/fleet/index.ts";
import { MANUAL_PROFILES } from "../../src/model/index.ts";
import { table3Rows } from "../../src/paper/table3.ts";

/** The spec's rule written out: g_slo scanned from 1, the start, the cap's floor, and the largest wins. */
function specCount(lam: number, muGpu: number, nS: number, cv2: number, slo: number, cap: number) {
  let gSlo = 1;
  while (kimuraP99(gSlo * nS, lam, muGpu / nS, cv2) > slo) gSlo++;
  if (cap >= 1) return { gpus: gSlo, gSlo, binding: "slo" as Binding };
  const start = Math.ceil(lam / muGpu) + 1;
  const gCap = Math.ceil(lam / (muGpu * cap));
  const gpus = Math.max(start, gSlo, gCap);
  const binding: Binding = gSlo > Math.max(start, gCap) ? "slo" : gCap >= start ? "cap" : "start";
  return { gpus, gSlo, binding };
}

describe("the rule that binds", () => {
  it("matches the spec's scan for every cap, and g_slo is the fewest GPUs meeting the P99 wait", () => {
    const seen = new Set<Binding>();
    for (const [lam, muGpu, nS] of [[3, 1, 1], [50, 2, 4], [1000, 8.14, 16], [900, 50, 256], [12, 7.5, 41]]) {
      for (const cv2 of [0.01, 1, 20, 150]) {
        for (const slo of [0.001, 0.05, 0.5, 5]) {
          for (const cap of [0.5, 0.8, 0.85, 0.95, 1]) {
            const r = minGpus(lam, muGpu, nS, cv2, slo, cap);
            const spec = specCount(lam, muGpu, nS, cv2, slo, cap);
            const at = `lam ${lam} mu ${muGpu} nS ${nS} cv2 ${cv2} slo ${slo} cap ${cap}`;
            expect([r.gpus, r.binding], at).toEqual([spec.gpus, spec.binding]);
            expect(sloGpus(lam, muGpu, nS, cv2, slo), at).toBe(spec.gSlo);
            expect(r.p99WaitS).toBe(kimuraP99(r.gpus * nS, lam, muGpu / nS, cv2));
            expect([r.gStart, r.gCap], at).toEqual(cap < 1 ? [Math.ceil(lam / muGpu) + 1, Math.ceil(lam / (muGpu * cap))] : [null, null]);
            seen.add(r.binding);
          }
        }
      }
    }
    expect([...seen].sort()).toEqual(["cap", "slo", "start"]);
  });

  it("in the paper's Table 3 the cap sets 15 of the 20 pools, the search start the 5 smallest, the P99 target none", () => {
    const pools = table3Rows({ revision: "v1", sampler: "exact", seed: 42 })
      .flatMap((r) => r.fleet.pools.map((p) => ({ at: `${r.workload} ${r.topology} ${r.gpu} ${p.label}`, p })));
    expect(pools).toHaveLength(20);
    const by = (b: Binding) => pools.filter((x) => x.p.binding === b).map((x) => x.at);
    expect(by("slo")).toEqual([]);
    expect(by("start")).toEqual(["azure fleetopt H100 long", "azure fleetopt B200 long", "lmsys_multiturn fleetopt H100 short",
      "lmsys_multiturn pool B200 short", "lmsys_multiturn fleetopt B200 short"]);
    expect(by("cap")).toHaveLength(15);
    for (const { at, p } of pools) {
      expect(p.gpus, at).toBe(Math.max(p.gStart!, p.gCap!));
      expect(poolSloGpus(p, 0.5), at).toBeLessThan(p.gpus);
    }
    // azure Homo H100: the cap's 145 GPUs, where the P99 target alone needs 125
    const homo = pools.find((x) => x.at === "azure homo H100 homo")!.p;
    expect([homo.gpus, homo.gCap, homo.gStart, poolSloGpus(homo, 0.5)]).toEqual([145, 145, 124, 125]);
  });
});

describe("the utilisation cap as an input", () => {
  const azure = loadWorkload("azure");
  const h100 = MANUAL_PROFILES["h100-80gb"];
  const plan = planFleet({ kind: "fleetopt", bShort: 4096, gamma: 2 }, azure, { lam: 1000 });

  it("0.85 is the default; a higher cap never needs more GPUs; 1 sizes every pool on the P99 target alone", () => {
    expect(sizePlan(plan, h100, 0.5, EXACT, 0.85)).toEqual(sizePlan(plan, h100, 0.5, EXACT));
    let previous = Infinity;
    for (const cap of [0.5, 0.8, 0.85, 0.9, 0.95, 0.99, 1]) {
      const r = sizePlan(plan, h100, 0.5, EXACT, cap);
      expect(r.totalGpus, `cap ${cap}`).toBeLessThanOrEqual(previous);
      previous = r.totalGpus;
      for (const p of r.pools) expect(p.rho, `cap ${cap} ${p.label}`).toBeLessThanOrEqual(cap);
    }
    const none = sizePlan(plan, h100, 0.5, EXACT, 1);
    for (const p of none.pools) {
      expect([p.gpus, p.binding, p.gCap, p.gStart]).toEqual([poolSloGpus(p, 0.5), "slo", null, null]);
    }
    expect(none.pools.map((p) => p.gpus)).toEqual([34, 1]);
  });

  it("a cap outside (0, 1] is bad input", () => {
    for (const cap of [0, -0.2, 1.2, NaN]) {
      expect(() => sizePlan(plan, h100, 0.5, EXACT, cap)).toThrow(/max_utilisation = .*: the utilisation cap must be in \(0, 1\]/);
    }
  });
});

describe("a sized fleet written over (sizePlan's `into`, as a sweep sizes a plan per sample)", () => {
  it("equals the fleet sized anew, whatever plan, profile or cap `into` held before, and is `into` itself", () => {
    const azure = loadWorkload("azure");
    const h100 = MANUAL_PROFILES["h100-80gb"];
    const a100 = MANUAL_PROFILES["a100-80gb"];
    const three = planFleet({ kind: "fleetopt", bShort: 4096, gamma: 2 }, azure, { lam: 1000 });
    const one = planFleet({ kind: "homo" }, azure, { lam: 300 });
    expect([three.pools.length, one.pools.length]).toEqual([2, 1]);
    let into = sizePlan(three, a100, 0.5, EXACT, 1);
    for (const [plan, profile, cap] of [[one, h100, 0.85], [three, h100, 0.85], [three, a100, 1], [one, a100, 0.5]] as const) {
      const reused = sizePlan(plan, profile, 0.5, EXACT, cap, into);
      expect(reused).toBe(into);
      expect(reused).toEqual(sizePlan(plan, profile, 0.5, EXACT, cap));
      into = reused;
    }
  });
});

import { describe, expect, it } from "vitest";
import {
  exactLengthMoments, loadWorkload, parseCdf, planFleet, poolLengthMoments, sampledLengthMoments, serviceMoments, type Cdf,
  type LengthMoments,
} from "../../src/fleet/index.ts";
import { b200Profile, MANUAL_PROFILES } from "../../src/model/index.ts";
import { expectClose } from "../helpers.ts";

/** The definition, one integer length at a time (docs/model.md §9), with Python's int(0.8 * L). */
function naiveMoments(cdf: Cdf, poolMax: number, chunk: number): LengthMoments {
  const acc = [0, 0, 0, 0, 0, 0, 0];
  const add = (L: number, w: number) => {
    const lin = Math.max(1, Math.trunc(0.8 * L));
    const lout = Math.max(1, L - lin);
    const c = Math.ceil(lin / chunk);
    const m = c + lout;
    const lb = lin + lout;
    [1, m, m * lb, m * m, m * m * lb, m * m * lb * lb, c].forEach((v, i) => (acc[i] += w * v));
  };
  let tPrev = 0;
  let fPrev = 0;
  cdf.t.forEach((t, i) => {
    const mass = cdf.f[i] - fPrev;
    const lo = Math.max(1, tPrev + 1);
    const hi = Math.min(poolMax, t);
    if (lo > hi) add(poolMax, mass);
    else for (let L = lo; L <= hi; L++) add(L, mass / (hi - lo + 1));
    tPrev = t;
    fPrev = cdf.f[i];
  });
  const [w, m1, mL, m2, m2L, m2L2, c1] = acc;
  return { m1: m1 / w, mL: mL / w, m2: m2 / w, m2L: m2L / w, m2L2: m2L2 / w, c1: c1 / w };
}

describe("exact length moments", () => {
  const cdfs: Array<[string, Cdf]> = [
    ["azure", loadWorkload("azure").cdf],
    ["agent_heavy", loadWorkload("agent_heavy").cdf],
    ["odd knots", parseCdf("[[1, 0.1], [2, 0.15], [3, 0.2], [17, 0.5], [1029, 0.7], [5003, 0.9], [70001, 1]]", "odd")],
  ];
  for (const [name, cdf] of cdfs) {
    for (const chunk of [1, 7, 512, 1024, 2048, 3000]) {
      for (const poolMax of [1, 5, 4096, 65536]) {
        it(`closed form equals the per-length sum: ${name}, chunk ${chunk}, poolMax ${poolMax}`, () => {
          const a = exactLengthMoments(cdf, poolMax, chunk);
          const b = naiveMoments(cdf, poolMax, chunk);
          // the per-length sum itself carries up to ~65536 roundings of 1e-16
          for (const k of Object.keys(b) as Array<keyof LengthMoments>) expectClose(a[k], b[k], 1e-10, k);
        });
      }
    }
  }
});

/**
 * The sampler estimates the same expectation as the exact method. Seeds 1..K give K
 * independent 3000-draw estimates; their mean has standard error sd/sqrt(K), taken from
 * their own spread. |z| < 5 fails by chance with probability ~6e-7 under a normal
 * approximation (K >= 200 estimates, each itself a mean of 3000 draws). The check has
 * power: the standard error is asserted below 0.5 % of the value for E[S] and E[prefill]
 * (so a 2.5 % bias in either method fails) and below 5 % for the heavy-tailed E[S^2].
 * lmsys' tail (cv^2 up to 90) needs K = 1500 for that. Seeds are fixed: deterministic.
 */
describe("reference sampler agrees with the exact expectation over many seeds", () => {
  const cases = [
    { workload: "azure", topology: { kind: "homo" } as const, pool: 0, profile: MANUAL_PROFILES["h100-80gb"] },
    { workload: "azure", topology: { kind: "fleetopt", bShort: 4096, gamma: 2 } as const, pool: 0, profile: MANUAL_PROFILES["h100-80gb"] },
    { workload: "azure", topology: { kind: "pool", bShort: 4096 } as const, pool: 1, profile: b200Profile("v1") },
    { workload: "lmsys_multiturn", topology: { kind: "homo" } as const, pool: 0, profile: b200Profile("v1") },
    { workload: "lmsys_multiturn", topology: { kind: "pool", bShort: 1536 } as const, pool: 1, profile: MANUAL_PROFILES["h100-80gb"] },
  ];
  for (const c of cases) {
    it(`${c.workload} ${c.topology.kind} pool ${c.pool} on ${c.profile.name}`, () => {
      const pool = planFleet(c.topology, loadWorkload(c.workload), { lam: 1000 }).pools[c.pool];
      const exact = serviceMoments(exactLengthMoments(pool.cdf, pool.maxCtx, c.profile.chunk), c.profile, pool.maxCtx);
      const K = c.workload === "azure" ? 200 : 1500;
      const samples = Array.from({ length: K }, (_, seed) =>
        serviceMoments(sampledLengthMoments(pool.cdf, pool.maxCtx, c.profile.chunk, seed + 1), c.profile, pool.maxCtx));
      const checks: Array<[string, (s: typeof exact) => number, number]> = [
        ["E[S]", (s) => s.e1, 0.005], ["E[prefill]", (s) => s.meanPrefillS, 0.005], ["E[S^2]", (s) => s.e2, 0.05],
      ];
      for (const [what, get, maxRelSe] of checks) {
        const xs = samples.map(get);
        const mean = xs.reduce((a, b) => a + b, 0) / K;
        const sd = Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (K - 1));
        const se = sd / Math.sqrt(K);
        expect(se / get(exact), `${what}: standard error too large for the test to mean anything`).toBeLessThan(maxRelSe);
        expect(Math.abs(mean - get(exact)) / se, `${what}: sampler mean ${mean} vs exact ${get(exact)} (se ${se})`).toBeLessThan(5);
      }
    });
  }
});

describe("a pool's reference-sampler moments, memoised on its plan", () => {
  it("equal a fresh draw for each chunk size and seed, whatever was asked before (the memo serves no other chunk's or seed's)", () => {
    const pool = planFleet({ kind: "pool", bShort: 4096 }, loadWorkload("azure"), { lam: 1000 }).pools[1];
    // chunk sizes alternate as a gpu dimension makes them; seeds change in between
    for (const [chunk, seed] of [[1024, 7], [2048, 7], [1024, 8], [2048, 8], [2048, 7], [512, 8]] as const) {
      const method = { sampler: "reference", seed, draws: 3000 } as const;
      expect(poolLengthMoments(pool, chunk, method)).toEqual(sampledLengthMoments(pool.cdf, pool.maxCtx, chunk, seed, 3000));
    }
    // the chunk changes the moments, so a memo keyed without it would fail above
    expect(sampledLengthMoments(pool.cdf, pool.maxCtx, 1024, 7)).not.toEqual(sampledLengthMoments(pool.cdf, pool.maxCtx, 2048, 7));
  });
});

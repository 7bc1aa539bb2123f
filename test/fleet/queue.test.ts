import { describe, expect, it } from "vitest";
import { erlangC, kimuraP99, minGpus } from "../../src/fleet/index.ts";
import { expectClose } from "../helpers.ts";

/** Erlang-C straight from its definition, finite for small c. */
function directErlangC(c: number, a: number): number {
  let term = 1; // a^k / k!
  let sum = 0;
  for (let k = 0; k < c; k++) {
    sum += term;
    term *= a / (k + 1);
  }
  const top = term / (1 - a / c);
  return top / (sum + top);
}

describe("Erlang-C", () => {
  it("equals the direct sum for small c", () => {
    for (const c of [1, 2, 3, 5, 10, 30, 80, 150]) {
      for (const rho of [0.05, 0.3, 0.7, 0.9, 0.99]) {
        expectClose(erlangC(c, rho * c), directErlangC(c, rho * c), 1e-12, `C(${c}, ${rho * c})`);
      }
    }
    expectClose(erlangC(1, 0.4), 0.4, 1e-15, "M/M/1 waits with probability rho");
  });

  it("is finite, in [0, 1] and decreasing in c up to 100,000 servers", () => {
    for (const a of [10, 900, 45_000, 99_000]) {
      let prev = 1;
      for (let c = Math.floor(a) + 1; c <= 100_000; c += Math.max(1, Math.floor((100_000 - a) / 300))) {
        const C = erlangC(c, a);
        expect(Number.isFinite(C) && C >= 0 && C <= 1, `C(${c}, ${a}) = ${C}`).toBe(true);
        expect(C, `C(${c}, ${a}) rises`).toBeLessThanOrEqual(prev);
        prev = C;
      }
    }
    const C = erlangC(100_000, 99_500);
    expect(C > 0 && C < 1).toBe(true);
  });

  it("is 1 at or beyond saturation and 0 without load", () => {
    expect(erlangC(10, 10)).toBe(1);
    expect(erlangC(10, 0)).toBe(0);
  });
});

describe("Kimura P99 wait", () => {
  it("follows the formula, with the early exit exactly where C <= 1 %", () => {
    for (const c of [4, 16, 256, 4096, 40_000]) {
      for (const rho of [0.5, 0.8, 0.9, 0.95, 0.99, 0.999]) {
        const mu = 0.2;
        const lam = rho * c * mu;
        const C = erlangC(c, lam / mu);
        const expected = C <= 0.01 ? 0 : Math.log(C / 0.01) / ((2 * (c * mu - lam)) / (1 + 1.7));
        expectClose(kimuraP99(c, lam, mu, 1.7), expected, 1e-9, `P99(${c}, rho ${rho})`);
      }
    }
  });
  it("is infinite when overloaded", () => {
    expect(kimuraP99(10, 20, 2, 1)).toBe(Infinity);
  });
});

describe("minimum GPUs", () => {
  it("an easy SLO gives the 85 % utilisation floor", () => {
    expect(minGpus(1000, 8.14, 16, 1.7, 0.5).gpus).toBe(Math.ceil(1000 / (8.14 * 0.85)));
  });
  /** The spec's search, one GPU at a time. */
  function linearScan(lam: number, muGpu: number, nS: number, cv2: number, slo: number): number {
    let g = Math.max(1, Math.ceil(lam / muGpu) + 1);
    while (kimuraP99(g * nS, lam, muGpu / nS, cv2) > slo) g++;
    return Math.max(g, Math.ceil(lam / (muGpu * 0.85)));
  }
  it("a tight SLO needs more than the floor; the galloping search finds what the spec's scan finds", () => {
    let beyondFloor = 0;
    for (const [lam, muGpu, nS] of [[3, 1, 1], [50, 2, 4], [1000, 8.14, 16], [2e5, 3.1, 16], [900, 50, 256]]) {
      for (const cv2 of [0.01, 1, 20, 150]) {
        for (const slo of [1e-4, 0.01, 0.2, 0.5, 5]) {
          const r = minGpus(lam, muGpu, nS, cv2, slo);
          expect(r.gpus, `lam ${lam} mu ${muGpu} nS ${nS} cv2 ${cv2} slo ${slo}`).toBe(linearScan(lam, muGpu, nS, cv2, slo));
          expect(r.p99WaitS).toBe(kimuraP99(r.gpus * nS, lam, muGpu / nS, cv2));
          expect(r.p99WaitS).toBeLessThanOrEqual(slo);
          if (r.gpus > Math.ceil(lam / (muGpu * 0.85))) beyondFloor++;
        }
      }
    }
    expect(beyondFloor).toBeGreaterThan(10);
  });
});

// Known values of the t and F distributions (tables; exact binomial sums for integer beta arguments).
import { describe, expect, it } from "vitest";
import { fUpperTail, incompleteBeta, lnGamma, studentTCdf, studentTQuantile } from "../../src/calibrate/stats.ts";

describe("sampling distributions", () => {
  it("ln Γ at integers and at one half", () => {
    expect(lnGamma(1)).toBeCloseTo(0, 14);
    expect(lnGamma(5)).toBeCloseTo(Math.log(24), 13);
    expect(lnGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 14);
    expect(lnGamma(30)).toBeCloseTo(71.257038967168, 10);
  });

  it("I_x(a, b) for integer a, b equals the binomial tail sum", () => {
    const binomTail = (x: number, a: number, b: number) => {
      const n = a + b - 1;
      let s = 0;
      for (let j = a; j <= n; j++) s += choose(n, j) * x ** j * (1 - x) ** (n - j);
      return s;
    };
    const choose = (n: number, k: number): number => (k === 0 ? 1 : (n * choose(n - 1, k - 1)) / k);
    for (const [x, a, b] of [[0.5, 2, 3], [0.1, 1, 7], [0.9, 6, 2], [0.37, 5, 5], [0.02, 3, 40]]) {
      expect(incompleteBeta(x, a, b)).toBeCloseTo(binomTail(x, a, b), 13);
    }
    expect(incompleteBeta(0, 2, 3)).toBe(0);
    expect(incompleteBeta(1, 2, 3)).toBe(1);
  });

  it("Student t: 97.5 % quantiles from the tables, CDF symmetric", () => {
    const table: Array<[number, number]> = [[1, 12.7062047362], [2, 4.30265272975], [3, 3.18244630528], [5, 2.57058183564],
      [10, 2.22813885196], [30, 2.04227245630]];
    for (const [dof, t] of table) expect(studentTQuantile(0.975, dof)).toBeCloseTo(t, 9);
    expect(studentTCdf(0, 4)).toBe(0.5);
    expect(studentTCdf(-2, 7) + studentTCdf(2, 7)).toBeCloseTo(1, 14);
    expect(studentTQuantile(0.025, 3)).toBeCloseTo(-3.18244630528, 9);
  });

  it("F upper tail at the tables' critical values", () => {
    expect(fUpperTail(4.964603, 1, 10)).toBeCloseTo(0.05, 6);
    expect(fUpperTail(18.0, 2, 4)).toBeCloseTo(0.01, 9); // F(2, 4): P(F > f) = (4 / (4 + 2f))^2 exactly
    expect(fUpperTail(6.944272, 2, 4)).toBeCloseTo(0.05, 6);
    expect(fUpperTail(0, 2, 4)).toBe(1);
  });
});

// The bootstrap's resamples: row counts of n draws with replacement, a pure function of (seed,
// stream, replicate), with the moments of the multinomial they must follow.
import { describe, expect, it } from "vitest";
import { checkBootstrap, resampleCounts } from "../../src/stats/sensitivity/bootstrap.ts";

describe("resample counts", () => {
  it("are n draws: non-negative integers summing to n", () => {
    const boot = checkBootstrap({ seed: 3 }, "test");
    for (const n of [1, 2, 7, 1000, 8193]) {
      const c = resampleCounts(boot, 1, 0, n);
      expect(c.every((x) => Number.isInteger(x) && x >= 0)).toBe(true);
      expect(c.reduce((s, x) => s + x, 0)).toBe(n);
    }
  });

  it("follow the multinomial: mean count 1, variance 1 - 1/n, P(left out) = (1 - 1/n)^n, each row equally likely", () => {
    const boot = checkBootstrap({ seed: 11 }, "test");
    const n = 1000;
    const B = 400;
    const perRow = new Float64Array(n);
    let squares = 0;
    let zeros = 0;
    for (let b = 0; b < B; b++) {
      const c = resampleCounts(boot, 9, b, n);
      for (let r = 0; r < n; r++) {
        perRow[r] += c[r];
        squares += (c[r] - 1) ** 2;
        if (c[r] === 0) zeros++;
      }
    }
    // 400 000 counts: the variance's and the left-out share's standard errors are about 0.002 and 0.0008
    expect(Math.abs(squares / (B * n) - (1 - 1 / n))).toBeLessThan(0.01);
    expect(Math.abs(zeros / (B * n) - (1 - 1 / n) ** n)).toBeLessThan(0.004);
    // each row's total over the replicates is Binomial(B n, 1/n): chi-square with n - 1 degrees of freedom
    const chi2 = perRow.reduce((s, x) => s + (x - B) ** 2 / B, 0);
    expect(Math.abs(chi2 - (n - 1)) / Math.sqrt(2 * (n - 1))).toBeLessThan(4);
  });

  it("are a pure function of (seed, stream, replicate): the same again, another for each coordinate", () => {
    const boot = checkBootstrap({ seed: 5 }, "test");
    const n = 500;
    const a = resampleCounts(boot, 1, 7, n);
    expect(resampleCounts(boot, 1, 7, n, new Float64Array(n).fill(9), new Int32Array(n).fill(4))).toEqual(a);
    expect(resampleCounts(boot, 2, 7, n)).not.toEqual(a);
    expect(resampleCounts(boot, 1, 8, n)).not.toEqual(a);
    expect(resampleCounts(checkBootstrap({ seed: 6 }, "test"), 1, 7, n)).not.toEqual(a);
  });

  it("never repeat a replicate among 1000 at n = 8192 (drawing row hash(root ^ i) could: roots differing in low bits drew the same rows)", () => {
    for (const seed of [0, 1, 2, 3]) {
      const boot = checkBootstrap({ seed }, "sobol indices");
      const seen = new Set<string>();
      for (let b = 0; b < 1000; b++) seen.add(Buffer.from(resampleCounts(boot, 0x5a17e111, b, 8192).buffer).toString("base64"));
      expect(seen.size, `seed ${seed}`).toBe(1000);
    }
  });
});

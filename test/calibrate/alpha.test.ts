// The measured alpha: exact on a noise-free power law, and its 95 % interval covers the true
// exponent in about 95 % of noisy synthetic sweeps.
import { describe, expect, it } from "vitest";
import { alphaFit, parseAlphaRanges } from "../../src/calibrate/alpha.ts";
import { logLogFit } from "../../src/numeric/logLog.ts";
import { InputError } from "../../src/errors.ts";
import { independentSlope } from "../studies/helpers.ts";
import { normals } from "./synthetic.ts";

const [R4_64, R2_128] = parseAlphaRanges("4K-64K,2K-128K");
const CTX = [2048, 4096, 8192, 16384, 32768, 65536, 131072];

describe("measured alpha", () => {
  it("parses ranges, labelled as written in K", () => {
    expect(R4_64).toEqual({ label: "4K-64K", from: 4096, to: 65536 });
    expect(parseAlphaRanges("3000-1M")).toEqual([{ label: "3000-1024K", from: 3000, to: 1048576 }]);
    for (const bad of ["4K", "64K-4K", "4K-x", "0-8K"]) expect(() => parseAlphaRanges(bad)).toThrow(InputError);
    expect(() => parseAlphaRanges("64K-4K")).toThrow(/--alpha-ranges: range = "64K-4K": FROM must be below TO/);
  });

  it("is the exponent of a noise-free power law, with a zero-width interval, over the range's contexts only", () => {
    const tpw = CTX.map((c) => 3e4 * c ** -0.91);
    const a = alphaFit(CTX, tpw, R4_64);
    expect(a.contexts).toEqual([4096, 8192, 16384, 32768, 65536]);
    expect(a.value).toBeCloseTo(0.91, 12);
    expect(a.ci95![1] - a.ci95![0]).toBeLessThan(1e-10);
  });

  it("equals an independently written slope, with se = sqrt(rss / (n - 2) / Sxx)", () => {
    const z = normals(5);
    const tpw = CTX.map((c) => c ** -0.9 * Math.exp(0.05 * z()));
    const fit = logLogFit(CTX, tpw);
    expect(fit.slope).toBeCloseTo(independentSlope(CTX, tpw), 12);
    const lx = CTX.map(Math.log);
    const ly = tpw.map(Math.log);
    const mx = lx.reduce((s, v) => s + v, 0) / lx.length;
    const my = ly.reduce((s, v) => s + v, 0) / ly.length;
    const sxx = lx.reduce((s, v) => s + (v - mx) ** 2, 0);
    const rss = lx.reduce((s, v, i) => s + (ly[i] - my - fit.slope * (v - mx)) ** 2, 0);
    expect(fit.stderr).toBeCloseTo(Math.sqrt(rss / 5 / sxx), 12);
    const a = alphaFit(CTX, tpw, R2_128);
    expect(a.ci95![1] - a.value).toBeCloseTo(2.570581835636 * fit.stderr, 10);
  });

  it("the 95 % interval covers the true exponent in 95 % of noisy sweeps (2000 sweeps, both ranges)", () => {
    const z = normals(11);
    const truth = 0.87;
    const covered = { "4K-64K": 0, "2K-128K": 0 };
    const N = 2000;
    for (let k = 0; k < N; k++) {
      const tpw = CTX.map((c) => 5e4 * c ** -truth * Math.exp(0.03 * z()));
      for (const r of [R4_64, R2_128]) {
        const a = alphaFit(CTX, tpw, r);
        if (a.ci95![0] <= truth && truth <= a.ci95![1]) covered[r.label as keyof typeof covered]++;
      }
    }
    // binomial sd at 95 % over 2000 draws is 0.49 %: ±2 points is four of them
    for (const c of Object.values(covered)) expect(Math.abs(c / N - 0.95)).toBeLessThan(0.02);
  });

  it("two contexts give a value without an interval; one gives none", () => {
    expect(alphaFit([4096, 8192], [2, 1], R4_64)).toMatchObject({ value: 1, ci95: null });
    expect(alphaFit([4096, 4096, 1024], [2, 2.1, 9], R4_64).value).toBeNaN();
  });
});

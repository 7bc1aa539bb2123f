import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.ts";
import { cdfAt, cdfPairs, loadWorkload, meanOut, parseCdf, splitCdf, WORKLOAD_NAMES } from "../../src/fleet/index.ts";

describe("workload CDFs", () => {
  it("loads the four bundled workloads, each ending at fraction 1", () => {
    for (const name of WORKLOAD_NAMES) {
      const { cdf } = loadWorkload(name);
      expect(cdf.t.length).toBeGreaterThan(10);
      expect(cdf.f.at(-1)).toBe(1);
    }
  });

  it("cdfAt interpolates from (0, 0), is flat past the last knot", () => {
    const cdf = parseCdf("[[100, 0.5], [300, 0.7], [400, 1]]", "x");
    expect(cdfAt(cdf, 0)).toBe(0);
    expect(cdfAt(cdf, -5)).toBe(0);
    expect(cdfAt(cdf, 50)).toBe(0.25);
    expect(cdfAt(cdf, 200)).toBeCloseTo(0.6, 15);
    expect(cdfAt(cdf, 350)).toBeCloseTo(0.85, 15);
    expect(cdfAt(cdf, 1e6)).toBe(1);
  });

  it("split: short part renormalised and ending at (b, 1); long part rescaled, last fraction 1", () => {
    const cdf = parseCdf("[[100, 0.2], [200, 0.6], [400, 1.0]]", "x");
    const { alpha, short, long } = splitCdf(cdf, 150);
    expect(alpha).toBeCloseTo(0.4, 15);
    expect(cdfPairs(short)).toEqual([[100, 0.2 / alpha], [150, 1]]);
    expect(cdfPairs(long)).toEqual([[200, (0.6 - alpha) / (1 - alpha)], [400, 1]]);
    // a bound on a knot keeps one knot there; a bound past the end leaves [(b+1, 1)] as the long part
    const atKnot = splitCdf(cdf, 200);
    expect(atKnot.alpha).toBeCloseTo(0.6, 15);
    expect(cdfPairs(atKnot.short)).toEqual([[100, 0.2 / atKnot.alpha], [200, 1]]);
    expect(cdfPairs(splitCdf(cdf, 500).long)).toEqual([[501, 1]]);
    expect(splitCdf(cdf, 500).alpha).toBe(1 - 1e-6);
  });

  it("meanOut is 20 % of the knot-midpoint mean, truncated, at least 1", () => {
    expect(meanOut(parseCdf("[[100, 0.5], [300, 1]]", "x"))).toBe(Math.trunc(0.2 * (50 * 0.5 + 200 * 0.5)));
    expect(meanOut(parseCdf("[[2, 1]]", "x"))).toBe(1);
  });

  const bad: Array<[string, string, RegExp]> = [
    ["not JSON", "[[1, 0.5],", /not JSON/],
    ["empty", "[]", /cdf = \[\]: is empty/],
    ["tokens not increasing", "[[100, 0.2], [100, 0.5]]", /cdf\[1\] = \[100,0\.5\]: tokens must increase/],
    ["fractions decreasing", "[[100, 0.6], [200, 0.5]]", /cdf\[1\] = \[200,0\.5\]: fractions must not decrease/],
    ["fraction above 1", "[[100, 0.5], [200, 1.2]]", /cdf\[1\] = \[200,1\.2\]: cumulative_fraction must be within \[0, 1\]/],
    ["fraction below 0", "[[100, -0.1]]", /cumulative_fraction must be within \[0, 1\]/],
    ["not pairs", "[[100, 0.5, 3]]", /expected \[total_tokens, cumulative_fraction\]/],
    ["no mass", "[[100, 0], [200, 0]]", /last cumulative fraction must be 1/],
    ["object without cdf", "{\"x\": 1}", /expected an array/],
  ];
  for (const [what, text, message] of bad) {
    it(`rejects a CDF file that is ${what}, naming the file`, () => {
      const path = join(mkdtempSync(join(tmpdir(), "wattsweep-cdf-")), "w.json");
      writeFileSync(path, text);
      expect(() => loadWorkload(path)).toThrow(InputError);
      expect(() => loadWorkload(path)).toThrow(message);
      expect(() => loadWorkload(path)).toThrow(path);
    });
  }

  it("accepts the {\"cdf\": [...]} wrapper", () => {
    expect(parseCdf("{\"cdf\": [[10, 1]], \"source\": \"x\"}", "x").t).toEqual([10]);
  });
});

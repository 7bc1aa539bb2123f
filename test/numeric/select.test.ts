// Selection against the ascending sort it stands in for: every position, with ties, runs,
// signed zeros aside (the callers' values are never -0 and +0 together).
import { describe, expect, it } from "vitest";
import { selectInPlace } from "../../src/numeric/select.ts";

/** A small deterministic generator (LCG), so a failure reproduces. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

describe("selectInPlace", () => {
  it("returns what the ascending sort holds at every position", () => {
    const rand = lcg(7);
    const lists = [
      Float64Array.from([5, 1, 4, 2, 3]),
      Float64Array.from([2, 2, 2, 2]),
      Float64Array.from([1]),
      Float64Array.from({ length: 257 }, () => Math.floor(rand() * 5)), // many ties
      Float64Array.from({ length: 1000 }, () => rand() * 1e6 - 5e5),
      Float64Array.from({ length: 300 }, (_, i) => i), // sorted
      Float64Array.from({ length: 300 }, (_, i) => 300 - i), // reversed
      Float64Array.from([Infinity, -Infinity, 0, 3, -2, Infinity]),
    ];
    for (const list of lists) {
      const sorted = Float64Array.from(list).sort();
      for (let k = 0; k < list.length; k++) expect(selectInPlace(Float64Array.from(list), k)).toBe(sorted[k]);
    }
  });

  it("keeps the values it reorders", () => {
    const rand = lcg(11);
    const list = Float64Array.from({ length: 500 }, () => Math.floor(rand() * 50));
    const copy = Float64Array.from(list);
    selectInPlace(copy, 495);
    expect(Array.from(copy.sort())).toEqual(Array.from(list.sort()));
  });

  it("rejects a position outside the list", () => {
    expect(() => selectInPlace(new Float64Array(3), 3)).toThrow(/position 3 is outside 0..2/);
    expect(() => selectInPlace(new Float64Array(0), 0)).toThrow(RangeError);
  });
});

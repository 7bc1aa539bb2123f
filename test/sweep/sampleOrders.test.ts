import { describe, expect, it } from "vitest";
import { BAND_STATS, bandStats } from "../../src/stats/bands.ts";
import { offerOrders, orderStatisticsByKeptOrder } from "../../src/stats/sampleOrders.ts";
import { uniformAt } from "../../src/sample/rng.ts";

/** Type-7 order statistics (min, p5..p95, max) of a typed-array sort (-0 before +0, NaN last). */
function sortedStats(values: Float64Array): number[] {
  const s = Float64Array.from(values).sort();
  const n = s.length;
  const q = (p: number) => {
    const h = (n - 1) * p;
    const lo = Math.floor(h);
    return h === lo ? s[lo] : s[lo] + (h - lo) * (s[lo + 1] - s[lo]);
  };
  return [s[0], q(0.05), q(0.25), q(0.5), q(0.75), q(0.95), s[n - 1]];
}

function expectSameBits(actual: ArrayLike<number>, expected: readonly number[], label: string): void {
  // Object.is tells -0 from +0 and accepts NaN = NaN: the bits, not merely equal numbers
  expect(Array.from(actual).map((x) => (Object.is(x, -0) ? "-0" : x)), label).toEqual(expected.map((x) => (Object.is(x, -0) ? "-0" : x)));
}

function draws(n: number, stream: number): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => uniformAt(7, stream, 0, 0, i));
}

const stats = (values: Float64Array) => {
  const out = new Float64Array(BAND_STATS.length);
  bandStats(values, out, 0);
  return out.subarray(2);
};

describe("order statistics through kept sample orders", () => {
  it("columns that rise or fall with shared draws, with ties and among unrelated columns, match a full sort bit for bit", () => {
    for (const n of [1, 2, 3, 31, 32, 33, 100, 10_000]) {
      const a = draws(n, 1);
      const b = draws(n, 2);
      const columns = (scale: number) => [
        a.map((u) => 300 * scale * (0.85 + 0.3 * u)), // a power: rises with the draw
        a.map((u) => 12_000 / (300 * scale * (0.85 + 0.3 * u))), // tokens per watt: falls
        a.map((u) => Math.round(8 * u) + scale), // few distinct values: ties everywhere
        b.map((u, i) => 1 + u * a[i]), // a product of two draws: fits neither order
        a.map((u) => -1 - u * scale), // negative values
      ];
      for (let point = 0; point < 6; point++) {
        columns(1 + point / 10).forEach((col, c) => expectSameBits(stats(col), sortedStats(col), `n ${n}, point ${point}, column ${c}`));
      }
    }
  });

  it("reads a kept order only when the column is monotone along it: one swapped pair is caught", () => {
    const n = 1000;
    const a = draws(n, 3).map((u) => 1 + u);
    const ks = [0, 499, 500, 999];
    const stat = new Float64Array(ks.length);
    const built = orderStatisticsByKeptOrder(a, Math.min(...a), Math.max(...a), ks, stat);
    expect(built).not.toBeNull();
    // the same column scaled: monotone along a's order, so read along it (the same order, not another built)
    const scaled = a.map((x) => 2 * x);
    expect(orderStatisticsByKeptOrder(scaled, Math.min(...scaled), Math.max(...scaled), ks, stat)?.order).toBe(built!.order);
    const sorted = Float64Array.from(scaled).sort();
    expectSameBits(stat, ks.map((k) => sorted[k]), "scaled");
    // swap the smallest and the median value: read along a's order this would put the median first
    const swapped = Float64Array.from(a);
    const iMin = swapped.indexOf(Math.min(...a));
    const iMid = swapped.indexOf(Float64Array.from(a).sort()[500]);
    [swapped[iMin], swapped[iMid]] = [swapped[iMid], swapped[iMin]];
    for (let round = 0; round < 3; round++) {
      expectSameBits(stats(swapped), sortedStats(swapped), `swapped, round ${round}`);
      expectSameBits(stats(a), sortedStats(a), `original, round ${round}`);
    }
  });

  it("leaves columns with zero in their range to the selection, which keeps -0 before +0", () => {
    // sorted: -2, -1, -0, +0, ...: p5 of 41 values is the third, -0; +0 comes first among the tied zeros
    const base = draws(41, 4);
    const col = base.map((u, i) => [0, -0, -1, -2][i] ?? 1 + u);
    const stat = new Float64Array(1);
    expect(orderStatisticsByKeptOrder(col, -2, Math.max(...col), [2], stat)).toBeNull();
    for (let round = 0; round < 2; round++) {
      const q = stats(col).subarray(1, 6); // the quantiles' bits (min and max come from the summing pass)
      expect(Object.is(q[0], -0), `round ${round}`).toBe(true);
      expectSameBits(q, sortedStats(col).slice(1, 6), `round ${round}`);
    }
  });

  it("a hint's guessed order, checked in the summing pass, is used only where it fits", () => {
    // 2000 samples: the pass's four-a-step loop alone; 2001-2003 and 35: its last samples one at a
    // time too (at 35 the p95 lies between two of them)
    for (const n of [2000, 2001, 2002, 2003, 35]) {
      const a = draws(n, 6);
      const b = draws(n, 8);
      const hinted = (values: Float64Array, hint: number) => {
        const out = new Float64Array(BAND_STATS.length);
        bandStats(values, out, 0, hint);
        const plain = new Float64Array(BAND_STATS.length);
        bandStats(values, plain, 0);
        expect(Array.from(out), `n ${n}, hint ${hint}`).toEqual(Array.from(plain)); // the same mean and sd bits too
        return out.subarray(2);
      };
      for (let point = 0; point < 5; point++) {
        const s = 1 + point / 7;
        // hints 0 and 1: a's order, rising and falling; hint 2: b's order; hint 3: alternately a's and b's
        const cols: Array<[number, Float64Array]> = [
          [0, a.map((u) => 300 * s * (0.85 + 0.3 * u))],
          [1, a.map((u) => 5 / (s * (0.85 + 0.3 * u)))],
          [2, b.map((u) => 2 + s * u)],
          [3, (point % 2 ? b : a).map((u) => 1 + s * u)],
          [4, b.map((u, i) => 1 + u * a[i] * s)], // fits no order
        ];
        for (const [hint, col] of cols) expectSameBits(hinted(col, hint), sortedStats(col), `n ${n}, point ${point}, hint ${hint}`);
      }
      // columns that fitted hint 0 before, now with one pair swapped: the guess must be refused;
      // the min and max, and the third and second largest (among the last samples of the guess)
      const rising = Array.from(a.keys()).sort((i, j) => a[i] - a[j]);
      for (const [x, y] of [[rising[0], rising[n - 1]], [rising[n - 3], rising[n - 2]]]) {
        const fits = a.map((u) => 300 * (0.85 + 0.3 * u));
        hinted(fits, 0); // hint 0 guesses a's order again (a refused guess leaves it another)
        const swapped = fits.slice();
        [swapped[x], swapped[y]] = [swapped[y], swapped[x]];
        expectSameBits(hinted(swapped, 0), sortedStats(swapped), `n ${n}, samples ${x} and ${y} swapped under hint 0`);
      }
    }
  });

  it("a column equal but for one value anywhere is not taken for a constant", () => {
    for (const n of [2, 3, 5, 8, 9, 64]) {
      for (let at = 1; at < n; at++) {
        const col = new Float64Array(n).fill(1.25);
        col[at] = at % 2 ? 1.5 : 1;
        const out = new Float64Array(BAND_STATS.length);
        bandStats(col, out, 0);
        expect([out[2], out[8]], `n ${n}, at ${at}`).toEqual([Math.min(1.25, col[at]), Math.max(1.25, col[at])]);
        expect(out[1], `n ${n}, at ${at}`).toBeGreaterThan(0);
      }
    }
  });

  it("NaN, infinities and huge spreads still take the paths they took", () => {
    const n = 500;
    const u = draws(n, 5);
    const withNaN = u.map((x, i) => (i === 17 ? NaN : 1 + x));
    expectSameBits(stats(withNaN), sortedStats(withNaN), "NaN last");
    const withInf = u.map((x, i) => (i === 3 ? Infinity : 1 + x));
    expectSameBits(stats(withInf), sortedStats(withInf), "+Infinity");
    const spread = u.map((x) => Math.exp(600 * x - 300));
    for (let round = 0; round < 2; round++) expectSameBits(stats(spread), sortedStats(spread), `spread, round ${round}`);
  });

  it("checks offered orders after the kept ones miss: one that fits is read and kept, offers displace no kept order", () => {
    const n = 2048; // a length no earlier test used: no orders kept or offered before
    const ks = [0, 99, 1024, 2047];
    const stat = new Float64Array(ks.length);
    const range = (col: Float64Array) => [Math.min(...col), Math.max(...col)] as const;
    const read = (col: Float64Array) => orderStatisticsByKeptOrder(col, ...range(col), ks, stat)?.order;
    // a built order, kept
    const a = draws(n, 41).map((u) => 1 + u);
    const built = read(a);
    expect(built).toBeDefined();
    // offers: permutations (multipliers prime to n) that fit nothing, a copy of the built order
    // (read only if offers came before kept orders), and the ascending order of b's draws
    const b = draws(n, 42);
    const ascending = Int32Array.from({ length: n }, (_, i) => i).sort((x, y) => b[x] - b[y]);
    offerOrders([3, 5, 7, 9, 11, 13].map((m) => Int32Array.from({ length: n }, (_, i) => (i * m) % n)).concat([Int32Array.from(built!), ascending]));
    const rising = b.map((u) => 3 + u);
    expect(read(rising)).toBe(ascending);
    expectSameBits(stat, ks.map((i) => Float64Array.from(rising).sort()[i]), "rising along the offered order");
    // the built order is still kept, however many orders were offered
    expect(read(a.map((x) => 2 * x))).toBe(built);
    // a column no order fits gets one built, with the statistics of a sort
    const fresh = draws(n, 43).map((u) => 1 + u);
    const other = read(fresh);
    expect([other === built, other === ascending, other === undefined]).toEqual([false, false, false]);
    expectSameBits(stat, ks.map((i) => Float64Array.from(fresh).sort()[i]), "built");
    // the offered order that fitted was kept: other offers in place of it, and it is still read
    offerOrders([Int32Array.from({ length: n }, (_, i) => (i * 3) % n)]);
    expect(read(rising.map((x) => 2 * x))).toBe(ascending);
  });
});

import { describe, expect, it } from "vitest";
import { DIRECTION_ROWS } from "../../src/sample/joeKuoDirections.ts";
import { SOBOL_MAX_DIMENSIONS, directionNumbers, sobolColumn, sobolPoint, sobolSequence } from "../../src/sample/sobolSequence.ts";
import { InputError } from "../../src/errors.ts";

/** Multiplicative order of x modulo the degree-s polynomial x^s + a_1 x^(s-1) + .. + 1 over GF(2) equals 2^s - 1. */
function isPrimitive(s: number, a: number): boolean {
  const poly = (1 << s) | (a << 1) | 1;
  const order = (1 << s) - 1;
  let x = 1;
  for (let e = 1; e <= order; e++) {
    x <<= 1;
    if (x & (1 << s)) x ^= poly;
    if (x === 1) return e === order;
  }
  return false;
}

describe("Joe & Kuo direction table", () => {
  it("lists the primitive polynomials of each degree in increasing order, with odd m_k < 2^k", () => {
    const expected: Array<[number, number]> = [];
    for (let s = 1; expected.length < DIRECTION_ROWS.length; s++) {
      for (let a = 0; a < 2 ** (s - 1); a++) if (isPrimitive(s, a)) expected.push([s, a]);
    }
    DIRECTION_ROWS.forEach((row, i) => {
      expect(row.dimension).toBe(i + 2);
      expect([row.degree, row.coefficients]).toEqual(expected[i]);
      expect(row.initial.length).toBe(row.degree);
      row.initial.forEach((m, k) => {
        expect(m % 2).toBe(1);
        expect(m).toBeLessThan(2 ** (k + 1));
      });
    });
    expect(SOBOL_MAX_DIMENSIONS).toBe(128);
    // Not primitive: x^2 + 1 = (x + 1)^2, so the check can fail.
    expect(isPrimitive(2, 0)).toBe(false);
  });

  it("direction numbers follow the recurrence: dimension 3 (s=2, a=1, m=1,3) has m = 1, 3, 3, 9", () => {
    // m_k = 2 a_1 m_{k-1} ^ 4 m_{k-2} ^ m_{k-2}: m_3 = 6 ^ 4 ^ 1 = 3, m_4 = 6 ^ 12 ^ 3 = 9.
    const v = directionNumbers(2);
    expect(Array.from(v.slice(0, 4), (x, b) => x / 2 ** (31 - b))).toEqual([1, 3, 3, 9]);
  });
});

/** Each 2^m-point block of dims (j1, j2) puts exactly one point in every elementary box of volume 2^-m. */
function expectZeroNet(a: Float64Array, b: Float64Array, m: number): void {
  for (let d1 = 0; d1 <= m; d1++) {
    const d2 = m - d1;
    const cells = new Int32Array(2 ** m);
    for (let i = 0; i < a.length; i++) cells[Math.floor(a[i] * 2 ** d1) * 2 ** d2 + Math.floor(b[i] * 2 ** d2)]++;
    expect(cells.every((c) => c === 1), `${d1}+${d2} digit boxes`).toBe(true);
  }
}

describe("Sobol' sequence", () => {
  it("starts with the textbook points of dimensions 1-3 (Gray-code order)", () => {
    const seq = sobolSequence(3, null);
    expect(Array.from(sobolColumn(seq, 0, 0, 10))).toEqual([0, 0.5, 0.75, 0.25, 0.375, 0.875, 0.625, 0.125, 0.1875, 0.6875]);
    expect(Array.from(sobolColumn(seq, 1, 0, 10))).toEqual([0, 0.5, 0.25, 0.75, 0.375, 0.875, 0.125, 0.625, 0.3125, 0.8125]);
    expect(Array.from(sobolColumn(seq, 2, 0, 10))).toEqual([0, 0.5, 0.25, 0.75, 0.625, 0.125, 0.875, 0.375, 0.9375, 0.4375]);
  });

  it("is a (0,m,2)-net in dimensions 1-2 for every 2^m block, plain and scrambled", () => {
    for (const seed of [null, 7, 123456789]) {
      const seq = sobolSequence(2, seed);
      for (let m = 1; m <= 10; m++) {
        for (const block of [0, 1, 5]) {
          const start = block * 2 ** m;
          expectZeroNet(sobolColumn(seq, 0, start, 2 ** m), sobolColumn(seq, 1, start, 2 ** m), m);
        }
      }
    }
  });

  it("stratifies every one of the 128 dimensions: 2^8 points, one per interval of 2^-8", () => {
    for (const seed of [null, 99]) {
      const seq = sobolSequence(SOBOL_MAX_DIMENSIONS, seed);
      for (let j = 0; j < SOBOL_MAX_DIMENSIONS; j++) {
        const cells = new Int32Array(256);
        for (const x of sobolColumn(seq, j, 256, 256)) cells[Math.floor(x * 256)]++;
        expect(cells.every((c) => c === 1), `dimension ${j}`).toBe(true);
      }
    }
  });

  it("scrambled points lie in (0, 1) and each point is uniform over seeds", () => {
    const seq = sobolSequence(8, 3);
    for (let j = 0; j < 8; j++) for (const x of sobolColumn(seq, j, 0, 4096)) expect(x > 0 && x < 1).toBe(true);
    // Point 3 of dimension 5 over 4000 seeds: chi-square over 16 bins below its 99.9 % point (37.7, 15 dof).
    const seeds = 4000;
    const bins = new Float64Array(16);
    for (let s = 0; s < seeds; s++) bins[Math.floor(sobolPoint(sobolSequence(6, s), 3, 5) * 16)]++;
    const chi2 = bins.reduce((sum, b) => sum + (b - seeds / 16) ** 2 / (seeds / 16), 0);
    expect(chi2).toBeLessThan(37.7);
  });

  it("scrambling keeps quasi-Monte Carlo accuracy: unbiased, far below Monte Carlo's error", () => {
    // The mean of x*y over 1024 points of dims (3, 4) estimates 1/4; plain Monte Carlo would
    // have a standard error sqrt((1/9 - 1/16) / 1024) = 0.0069.
    const estimates = Array.from({ length: 40 }, (_, s) => {
      const seq = sobolSequence(5, 1000 + s);
      const x = sobolColumn(seq, 3, 0, 1024);
      const y = sobolColumn(seq, 4, 0, 1024);
      return x.reduce((sum, xi, i) => sum + xi * y[i], 0) / 1024;
    });
    const mean = estimates.reduce((a, b) => a + b, 0) / estimates.length;
    const sd = Math.sqrt(estimates.reduce((a, e) => a + (e - mean) ** 2, 0) / (estimates.length - 1));
    expect(sd).toBeLessThan(0.0069 / 20);
    expect(Math.abs(mean - 0.25)).toBeLessThan((4 * sd) / Math.sqrt(estimates.length));
  });

  it("skipping to an index gives the sequential values, across the 2^31 boundary too", () => {
    for (const seed of [null, 5]) {
      const seq = sobolSequence(40, seed);
      for (const j of [0, 1, 17, 39]) {
        const whole = sobolColumn(seq, j, 0, 3000);
        expect(sobolColumn(seq, j, 1234, 700)).toEqual(whole.subarray(1234, 1934));
        expect(sobolPoint(seq, 2999, j)).toBe(whole[2999]);
        const edge = sobolColumn(seq, j, 2 ** 31 - 5, 10);
        edge.forEach((x, t) => expect(x).toBe(sobolPoint(seq, 2 ** 31 - 5 + t, j)));
      }
    }
  });

  it("is deterministic in the seed, and seeds differ", () => {
    const a = sobolColumn(sobolSequence(4, 11), 3, 0, 512);
    const b = sobolColumn(sobolSequence(4, 11), 3, 0, 512);
    const c = sobolColumn(sobolSequence(4, 12), 3, 0, 512);
    expect(Buffer.from(a.buffer).equals(Buffer.from(b.buffer))).toBe(true);
    expect(a.some((x, i) => x !== c[i])).toBe(true);
  });

  it("rejects bad dimensions, seeds and ranges with an InputError", () => {
    expect(() => sobolSequence(0, null)).toThrow(InputError);
    expect(() => sobolSequence(129, null)).toThrow(/dimensions = 129/);
    expect(() => sobolSequence(2, -1)).toThrow(/seed = -1/);
    expect(() => sobolColumn(sobolSequence(2, null), 2, 0, 1)).toThrow(/dimension = 2/);
    expect(() => sobolColumn(sobolSequence(2, null), 0, 2 ** 32 - 1, 2)).toThrow(InputError);
  });
});

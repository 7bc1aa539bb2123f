// writeNumber writes the characters of String(x); String itself is the oracle. Values: random
// bit patterns (every magnitude), random decimals of every length and magnitude, and the edges
// of the exact arithmetic (powers of ten and of two and their neighbours, halfway cases).
import { afterEach, describe, expect, it, vi } from "vitest";
import { writeNumber } from "../../src/io/numberText.ts";

const out = new Uint8Array(32);
const text = (x: number) => Buffer.from(out.subarray(0, writeNumber(x, out, 0))).toString("latin1");

/** A seeded generator of 32-bit words (xorshift32): the same values in every run. */
function words(seed: number): () => number {
  let s = seed;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return s >>> 0;
  };
}

function mismatches(values: Iterable<number>): string[] {
  const wrong: string[] = [];
  for (const x of values) if (text(x) !== String(x)) wrong.push(`${String(x)} written as ${text(x)}`);
  return wrong.slice(0, 5);
}

function* randomDoubles(n: number): Generator<number> {
  const next = words(12345);
  const bits = new Float64Array(1);
  const halves = new Uint32Array(bits.buffer);
  for (let i = 0; i < n; i++) {
    halves[0] = next();
    halves[1] = next();
    yield bits[0];
  }
}

function* randomDecimals(n: number): Generator<number> {
  const next = words(777);
  for (let i = 0; i < n; i++) {
    const digits = 1 + (next() % 17);
    const mantissa = Number(String(next()).padEnd(digits, String(next())).slice(0, digits));
    yield (next() % 2 ? -1 : 1) * mantissa * 10 ** ((next() % 30) - 20);
  }
}

function* edges(): Generator<number> {
  for (let e = -12; e <= 24; e++) {
    const p = 10 ** e;
    yield* [p, p * (1 + Number.EPSILON), p * (1 - Number.EPSILON / 2), 5 * p, 9.999999999999999 * p, 1.0000000000000002 * p];
  }
  for (let e = -40; e <= 60; e++) {
    const p = 2 ** e;
    yield* [p, 3 * p, p + p * Number.EPSILON, p - (p * Number.EPSILON) / 2];
  }
  // halfway between 15-, 16- and 17-digit decimals, and values that need exactly that many digits
  yield* [0.1 + 0.2, 0.3, 1 / 3, 2 / 3, 0.024480000000000002, 597.5512661013992, 30.436614274271204, 123456789012345.67];
  yield* [0, -0, NaN, Infinity, -Infinity, 1e-7, 1e-6, 5e-324, Number.MAX_VALUE, Number.MIN_VALUE, 2 ** 53, 2 ** 53 + 2, 1e15, 1e21, 999999999999999.9];
}

describe("writeNumber", () => {
  afterEach(() => vi.restoreAllMocks());

  it("writes what String(x) gives, for random bit patterns of every magnitude", () => {
    expect(mismatches(randomDoubles(300_000))).toEqual([]);
  });

  it("writes what String(x) gives, for decimals of 1 to 17 digits at every magnitude", () => {
    expect(mismatches(randomDecimals(300_000))).toEqual([]);
  });

  it("writes what String(x) gives at the edges of its exact arithmetic", () => {
    expect(mismatches(edges())).toEqual([]);
  });

  it("settles almost every number of a sweep's magnitudes itself, not through String", () => {
    const string = vi.spyOn(globalThis, "String");
    const next = words(99);
    let n = 0;
    for (let i = 0; i < 20_000; i++, n++) writeNumber(((next() + 1) / 2 ** 32) * 10 ** ((i % 20) - 5), out, 0);
    // the rest: those below 1e-6 (1 in 200 of these), ties, a distance of exactly half a unit
    expect(string.mock.calls.length / n).toBeLessThan(0.03);
  });
});
